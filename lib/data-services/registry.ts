import { Construct, type IConstruct } from 'constructs';
import { rootSingleton } from '../core/root-singleton.js';
import type { Unit } from '../k8s/unit.js';
import type { BackupSchedule } from './backup.js';
import type { SecretKeyRef } from './consumer.js';
import { DragonflyService } from './dragonfly.js';
import { GarageService } from './garage.js';
import { PostgresService } from './postgres.js';

/** A platform service and the unit (Flux folder) that deploys it, so consumers can depend on it. */
export interface ServiceBinding<T> {
  readonly service: T;
  readonly unit: Unit;
}

/** The ClusterSecretStore apps' ExternalSecrets reference. */
export interface SecretStoreBinding {
  readonly name: string;
  /** Allowed SSM parameter prefixes (each ends with "/"). */
  readonly allowedPrefixes: readonly string[];
  /** Prefix relative keys resolve under. */
  readonly defaultPrefix: string;
  readonly unit?: Unit;
}

const ID = 'DataServices';

/**
 * Where the shared services answer and which Secret keys hold one consumer's credentials once it is
 * granted access (names from the services themselves). On a cluster without a service its host reads
 * `no-<service>-on-this-cluster`; asking for the grant there is a synth error.
 */
export interface ServiceEndpoints {
  readonly postgres: {
    /** The pooler (PgBouncer, transaction mode): the default. */
    readonly host: string;
    /** The primary directly, for clients transaction pooling breaks. */
    readonly primaryHost: string;
    /** The primary of the app's own cluster (`database.cluster`). */
    readonly ownHost: string;
    readonly port: number;
    readonly username: SecretKeyRef;
    readonly password: SecretKeyRef;
  };
  readonly dragonfly: { readonly host: string; readonly port: number; readonly password: SecretKeyRef };
  readonly s3: { readonly endpoint: string; readonly region: string; readonly accessKeyId: SecretKeyRef; readonly secretAccessKey: SecretKeyRef };
}

/**
 * The per-cluster registry of shared data services (postgres, dragonfly, garage, backups, secret store).
 * Consumers find it from any construct of the cluster with `DataServices.of(scope)` and register their
 * needs with the services it holds; a service that is absent on a cluster is `undefined` here, so a
 * consumer can fail with a clear error instead of emitting references to nothing.
 */
export class DataServices extends Construct {
  /** The registry of the cluster `scope` belongs to (created on first use at the tree's root). */
  static of(scope: IConstruct): DataServices {
    return rootSingleton(scope, ID, (root, id) => new DataServices(root, id));
  }

  postgres?: ServiceBinding<PostgresService>;
  dragonfly?: ServiceBinding<DragonflyService>;
  garage?: ServiceBinding<GarageService>;
  backups?: ServiceBinding<BackupSchedule>;
  secretStore?: SecretStoreBinding;
  /** Units of the operators that fill (secret-generator) and copy (replicator) annotated Secrets. */
  secretOperators: Unit[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The endpoints and credential references consumer `name` (an app) sees. */
  endpointsFor(name: string): ServiceEndpoints {
    const db = PostgresService.credentialsSecret(name);
    const s3 = GarageService.credentialsSecret(name);
    return {
      postgres: {
        host: this.postgres?.service.host ?? 'no-postgres-on-this-cluster',
        primaryHost: this.postgres?.service.primaryHost ?? 'no-postgres-on-this-cluster',
        ownHost: this.postgres ? `${PostgresService.dedicatedClusterName(name)}-rw.${this.postgres.service.namespace}.svc.cluster.local` : 'no-postgres-on-this-cluster',
        port: PostgresService.PORT, username: { secret: db, key: 'username' }, password: { secret: db, key: 'password' } },
      dragonfly: { host: this.dragonfly?.service.host ?? 'no-dragonfly-on-this-cluster', port: DragonflyService.PORT, password: { secret: DragonflyService.AUTH_SECRET, key: DragonflyService.PASSWORD_KEY } },
      s3: {
        endpoint: this.garage ? `http://${this.garage.service.s3Endpoint}` : 'no-garage-on-this-cluster',
        region: this.garage?.service.region ?? '',
        accessKeyId: { secret: s3, key: GarageService.KEYS.accessKeyId },
        secretAccessKey: { secret: s3, key: GarageService.KEYS.secretAccessKey },
      },
    };
  }
}
