import { Construct, type IConstruct } from 'constructs';
import type { Unit } from '../k8s/unit.js';
import type { BackupSchedule } from './backup.js';
import type { DragonflyService } from './dragonfly.js';
import type { GarageService } from './garage.js';
import type { PostgresService } from './postgres.js';

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
 * The per-cluster registry of shared data services (postgres, dragonfly, garage, backups, secret store).
 * Consumers find it from any construct of the cluster with `DataServices.of(scope)` and register their
 * needs with the services it holds; a service that is absent on a cluster is `undefined` here, so a
 * consumer can fail with a clear error instead of emitting references to nothing.
 */
export class DataServices extends Construct {
  /** The registry of the cluster `scope` belongs to (created on first use at the tree's root). */
  static of(scope: IConstruct): DataServices {
    const root = scope.node.root;
    return (root.node.tryFindChild(ID) as DataServices | undefined) ?? new DataServices(root as Construct, ID);
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
}
