import { Construct } from 'constructs';
import {
  Cluster,
  ClusterSpecResourcesLimits,
  ClusterSpecResourcesRequests,
  ClusterSpecManagedRolesEnsure,
  Database,
  DatabaseSpecDatabaseReclaimPolicy,
  DatabaseSpecExtensionsEnsure,
  Pooler,
  PoolerSpecPgbouncerPoolMode,
  PoolerSpecType,
  ScheduledBackup,
  ScheduledBackupSpecBackupOwnerReference,
} from '../generated/crds/postgresql.cnpg.io.js';
import type { AccessGrantee, ProviderNamespace, SharedResource } from '../netpol/access.js';
import { Port } from '../netpol/ports.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import { dependOnService, type DataConsumer, type SecretKeyRef } from './consumer.js';
import type { GarageService } from './garage.js';
import { lazy } from './lazy.js';
import { GeneratedSecret } from './secrets.js';

export interface PostgresBackupProps {
  readonly garage: GarageService;
  readonly bucket: string;
  readonly bucketSize: string;
  /** e.g. `14d`. */
  readonly retention: string;
  /** Cron of the ScheduledBackup (6 fields, seconds first, as CNPG expects). */
  readonly schedule: string;
}

export interface PostgresServiceProps {
  /** The platform namespace the cluster runs in (receives the ingress half of every grant). */
  readonly namespace: ProviderNamespace & AccessGrantee;
  /** The cluster's policy system: the service declares its shared resource `postgres` there. */
  readonly network: NetworkPolicySystem;
  /** CNPG Cluster name. */
  readonly name: string;
  readonly image: string;
  readonly instances: number;
  readonly storageClass: string;
  readonly storageSize: string;
  readonly backup: PostgresBackupProps;
  /** The PgBouncer pooler apps connect through; `false` for none (clients use the primary). */
  readonly pooler?: { readonly maxClientConnections: number; readonly defaultPoolSize: number } | false;
  /** Libraries the server preloads (an extension's `.so`) and server parameters. */
  readonly postgresql?: { readonly sharedPreloadLibraries?: readonly string[]; readonly parameters?: Readonly<Record<string, string>> };
  /** Requests and limits of the instances. */
  readonly resources?: { readonly requests?: ResourceList; readonly limits?: ResourceList };
  /** Name part of the backup key and its Secret (`cnpg-<name>-s3`); default the cluster name. */
  readonly backupName?: string;
  /**
   * Bootstrap from this cluster's own Barman archive (`bootstrap.recovery`) instead of an empty database:
   * on a cluster rebuilt from backups, the archive in Garage is restored first and the data comes back from
   * it. The first creation then needs a backup in the archive.
   */
  readonly recoverFromBackup?: boolean;
  /** Network access declared by another cluster of the same namespace (same port and label): reused, not declared again. */
  readonly access?: SharedResource;
}

/** The external cluster a recovering cluster reads its own archive through. */
const RECOVERY_SOURCE = 'backup';

type ResourceList = { readonly cpu?: string; readonly memory?: string };

/** A consumer's own cluster beside the shared one (`PostgresService.dedicatedTo`). */
export interface DedicatedClusterOptions {
  readonly image: string;
  readonly storageSize: string;
  /** Extensions created in each of the consumer's databases, in order (dependencies first). */
  readonly extensions?: readonly string[];
  readonly sharedPreloadLibraries?: readonly string[];
  readonly parameters?: Readonly<Record<string, string>>;
  readonly resources?: PostgresServiceProps['resources'];
  readonly databases?: readonly string[];
}

/** What a consumer gets from `grantTo`: where to connect and which local Secret holds the login. */
export interface DatabaseGrant {
  readonly access: SharedResource;
  readonly host: string;
  readonly port: number;
  /** The databases the role owns. */
  readonly databases: readonly string[];
  readonly username: string;
  /** The replica Secret in the consumer namespace (basic-auth: keys `username`, `password`). */
  readonly credentials: { readonly secret: string; readonly username: SecretKeyRef; readonly password: SecretKeyRef };
}

export interface DatabaseRequest {
  /** Databases owned by the consumer's role (default: one, named like the role). */
  readonly databases?: readonly string[];
  /** Extensions the operator creates in each database, in order. */
  readonly extensions?: readonly string[];
}

/**
 * The shared CloudNativePG cluster (reference: platform.md §6 "CNPG platform") with its rw pooler, daily
 * scheduled backup and barman backups to a Garage bucket. It owns its access: the port, the shared
 * resource `postgres` and the credential Secret names. Consumers register through `grantTo`, which writes
 * every object the database side needs (managed role, generated role password that may be replicated to
 * the consumer, Database CRs) and the consumer side (access label, replica Secret), so an app never edits
 * this file.
 */
export class PostgresService extends Construct {
  static readonly PORT = 5432;
  static readonly ACCESS = 'postgres';
  /** Declares the shared resource (consumers' egress, the provider namespace's ingress) in `system`. */
  static declareAccess(system: NetworkPolicySystem, provider: ProviderNamespace): SharedResource {
    return system.sharedResource({ name: PostgresService.ACCESS, provider, port: Port.tcp(PostgresService.PORT) });
  }
  /** The replica Secret a grant writes into the consumer namespace (keys `username`, `password`). */
  static credentialsSecret(role: string): string {
    return `${role}-db-credentials`;
  }

  readonly namespace: string;
  readonly clusterName: string;
  /** The pooler Service apps connect to (PgBouncer, transaction mode). */
  readonly host: string;
  /** The primary's Service, for clients transaction pooling breaks (session state, migrations). */
  readonly primaryHost: string;
  readonly access: SharedResource;
  private readonly roles = new Map<string, { role: string; secret: string; source: string }>();
  private readonly databases = new Map<string, string>();
  private readonly dedicated = new Map<string, PostgresService>();

  /** The CNPG Cluster name of the cluster a consumer gets of its own (`dedicatedTo`). */
  static dedicatedClusterName(consumer: string): string {
    return `${consumer}-database`;
  }

  constructor(scope: Construct, id: string, private readonly props: PostgresServiceProps) {
    super(scope, id);
    const namespace = props.namespace.name;
    this.namespace = namespace;
    this.clusterName = props.name;
    const poolerName = `${props.name}-pooler-rw`;
    this.primaryHost = `${props.name}-rw.${namespace}.svc.cluster.local`;
    this.host = props.pooler === false ? this.primaryHost : `${poolerName}.${namespace}.svc.cluster.local`;
    this.access = props.access ?? PostgresService.declareAccess(props.network, props.namespace);

    const superuser = new GeneratedSecret(this, 'Superuser', {
      name: `cnpg-${props.name}-superuser`,
      namespace,
      keys: ['password'],
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'postgres' },
    });
    const { garage } = props.backup;
    garage.bucket(props.backup.bucket, { maxSize: props.backup.bucketSize });
    const backupName = props.backupName ?? props.name;
    const s3 = garage.grantTo(
      { name: `cnpg-${backupName}`, namespace: props.namespace, scope: this },
      { bucket: props.backup.bucket, keyName: `cnpg-${backupName}-s3`, secretName: `cnpg-${backupName}-s3-credentials` },
    );

    const barman = {
      destinationPath: `s3://${props.backup.bucket}/`,
      endpointUrl: s3.endpoint,
      s3Credentials: {
        accessKeyId: { name: s3.credentials.secret, key: s3.credentials.accessKeyId.key },
        secretAccessKey: { name: s3.credentials.secret, key: s3.credentials.secretAccessKey.key },
      },
    };
    new Cluster(this, 'Cluster', {
      metadata: {
        name: props.name,
        namespace,
        // A recovered cluster keeps archiving where it recovered from (a new timeline beside the old one), so
        // the check that the archive is empty before the first WAL is shipped must not block it.
        ...(props.recoverFromBackup ? { annotations: { 'cnpg.io/skipEmptyWalArchiveCheck': 'enabled' } } : {}),
      },
      spec: {
        ...(props.recoverFromBackup
          ? {
              bootstrap: { recovery: { source: RECOVERY_SOURCE } },
              externalClusters: [{ name: RECOVERY_SOURCE, barmanObjectStore: { ...barman, serverName: props.name } }],
            }
          : {}),
        instances: props.instances,
        imageName: props.image,
        enableSuperuserAccess: true,
        superuserSecret: { name: superuser.name },
        storage: { storageClass: props.storageClass, size: props.storageSize },
        ...(props.postgresql
          ? {
              postgresql: {
                ...(props.postgresql.sharedPreloadLibraries ? { sharedPreloadLibraries: [...props.postgresql.sharedPreloadLibraries] } : {}),
                ...(props.postgresql.parameters ? { parameters: { ...props.postgresql.parameters } } : {}),
              },
            }
          : {}),
        ...(props.resources
          ? {
              resources: {
                requests: Object.fromEntries(Object.entries(props.resources.requests ?? {}).map(([k, v]) => [k, ClusterSpecResourcesRequests.fromString(v)])),
                limits: Object.fromEntries(Object.entries(props.resources.limits ?? {}).map(([k, v]) => [k, ClusterSpecResourcesLimits.fromString(v)])),
              },
            }
          : {}),
        monitoring: { enablePodMonitor: true },
        backup: { retentionPolicy: props.backup.retention, barmanObjectStore: barman },
        managed: lazy(() =>
          this.roles.size === 0
            ? undefined
            : {
                roles: [...this.roles.values()]
                  .sort((a, b) => (a.role < b.role ? -1 : 1))
                  .map((r) => ({ name: r.role, ensure: ClusterSpecManagedRolesEnsure.PRESENT, login: true, passwordSecret: { name: r.secret } })),
              },
        ),
      },
    });
    const pooler = props.pooler ?? { maxClientConnections: 1000, defaultPoolSize: 25 };
    if (pooler) new Pooler(this, 'Pooler', {
      metadata: { name: poolerName, namespace },
      spec: {
        cluster: { name: props.name },
        instances: props.instances,
        type: PoolerSpecType.RW,
        pgbouncer: {
          poolMode: PoolerSpecPgbouncerPoolMode.TRANSACTION,
          parameters: { max_client_conn: String(pooler.maxClientConnections), default_pool_size: String(pooler.defaultPoolSize) },
        },
      },
    });
    new ScheduledBackup(this, 'DailyBackup', {
      metadata: { name: `${props.name}-daily`, namespace },
      spec: {
        cluster: { name: props.name },
        schedule: props.backup.schedule,
        immediate: true,
        backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
      },
    });
  }

  /**
   * A login role named like the consumer and the databases it owns (aws-cdk grant shape): the access
   * label on the consumer namespace; the managed role, its generated password (replication allowed to the
   * consumer) and one Database CR per database here; the replica Secret `<role>-db-credentials` in the
   * consumer's folder. A role or database registered twice is an error naming both consumers.
   */
  grantTo(consumer: DataConsumer, request: DatabaseRequest = {}): DatabaseGrant {
    const role = consumer.name;
    const namespace = consumer.namespace.name;
    const source = consumer.scope.node.path;
    const databases = request.databases?.length ? [...request.databases] : [role];
    const taken = this.roles.get(role);
    if (taken) throw new Error(`database role "${role}" is already registered by ${taken.source}`);
    for (const d of databases) {
      const owner = this.databases.get(d);
      if (owner) throw new Error(`database "${d}" is already owned by role "${owner}" (${this.roles.get(owner)!.source})`);
    }
    this.access.grant(consumer.namespace);
    dependOnService(consumer, this);
    const password = new GeneratedSecret(this, `RolePassword-${role}`, {
      name: `${role}-role-password`,
      namespace: this.namespace,
      keys: ['password'],
      type: 'kubernetes.io/basic-auth',
      stringData: { username: role },
    });
    this.roles.set(role, { role, secret: password.name, source });
    for (const database of databases) {
      this.databases.set(database, role);
      new Database(this, `Database-${database}`, {
        metadata: { name: `${database}-database`, namespace: this.namespace },
        spec: {
          name: database,
          owner: role,
          cluster: { name: this.clusterName },
          databaseReclaimPolicy: DatabaseSpecDatabaseReclaimPolicy.RETAIN,
          ...(request.extensions?.length ? { extensions: request.extensions.map((name) => ({ name, ensure: DatabaseSpecExtensionsEnsure.PRESENT })) } : {}),
        },
      });
    }
    const secret = PostgresService.credentialsSecret(role);
    password.replicateInto(consumer.scope, 'DatabaseCredentials', namespace, secret);
    return {
      access: this.access,
      host: this.host,
      port: PostgresService.PORT,
      databases,
      username: role,
      credentials: { secret, username: { secret, key: 'username' }, password: { secret, key: 'password' } },
    };
  }

  /**
   * A cluster of the consumer's own beside this one, for a server the shared cluster cannot be (an image
   * with extra extensions, preloaded libraries): `<consumer>-database` in the same namespace, behind the same
   * network access, backed up to its own Garage bucket `cnpg-<consumer>-backups`, without a pooler. The
   * consumer's role, databases (with their extensions) and credentials follow as from `grantTo`.
   */
  dedicatedTo(consumer: DataConsumer, options: DedicatedClusterOptions): DatabaseGrant {
    if (this.dedicated.has(consumer.name)) throw new Error(`a database cluster of "${consumer.name}" is already declared`);
    const p = this.props;
    const name = PostgresService.dedicatedClusterName(consumer.name);
    const cluster = new PostgresService(this, `Dedicated-${consumer.name}`, {
      namespace: p.namespace,
      network: p.network,
      access: this.access,
      name,
      image: options.image,
      instances: p.instances,
      storageClass: p.storageClass,
      storageSize: options.storageSize,
      backup: { ...p.backup, bucket: `cnpg-${consumer.name}-backups` },
      backupName: consumer.name,
      pooler: false,
      ...(p.recoverFromBackup ? { recoverFromBackup: true } : {}),
      ...(options.sharedPreloadLibraries || options.parameters
        ? { postgresql: { ...(options.sharedPreloadLibraries ? { sharedPreloadLibraries: options.sharedPreloadLibraries } : {}), ...(options.parameters ? { parameters: options.parameters } : {}) } }
        : {}),
      ...(options.resources ? { resources: options.resources } : {}),
    });
    this.dedicated.set(consumer.name, cluster);
    return cluster.grantTo(consumer, { ...(options.databases ? { databases: options.databases } : {}), ...(options.extensions ? { extensions: options.extensions } : {}) });
  }

  /** Registered login roles, sorted. */
  get roleNames(): readonly string[] {
    return [...this.roles.keys()].sort();
  }
}
