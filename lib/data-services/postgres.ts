import { Construct } from 'constructs';
import {
  Cluster,
  ClusterSpecManagedRolesEnsure,
  Database,
  DatabaseSpecDatabaseReclaimPolicy,
  Pooler,
  PoolerSpecPgbouncerPoolMode,
  PoolerSpecType,
  ScheduledBackup,
  ScheduledBackupSpecBackupOwnerReference,
} from '../generated/crds/postgresql.cnpg.io.js';
import type { GarageService } from './garage.js';
import { lazy } from './lazy.js';
import { GeneratedSecret } from './secrets.js';

export const POSTGRES_PORT = 5432;

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
  readonly namespace: string;
  /** CNPG Cluster name. */
  readonly name: string;
  readonly image: string;
  readonly instances: number;
  readonly storageClass: string;
  readonly storageSize: string;
  readonly backup: PostgresBackupProps;
  readonly pooler?: { readonly maxClientConnections: number; readonly defaultPoolSize: number };
}

/** What a consumer gets from `addDatabase`: where to connect and which local Secret holds the login. */
export interface DatabaseGrant {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  /** Secret in the consumer namespace with keys `username` and `password` (basic-auth). */
  readonly credentialsSecret: string;
}

export interface DatabaseRequest {
  /** Role (login) name; also names `<role>-role-password` here and `<role>-db-credentials` there. */
  readonly role: string;
  readonly namespace: string;
  /** Database name (default: the role). */
  readonly database?: string;
}

/**
 * The shared CloudNativePG cluster (reference: platform.md §6 "CNPG platform") with its rw pooler, daily
 * scheduled backup and barman backups to a Garage bucket. Apps register through `addDatabase`, which
 * writes every object the database side needs (managed role, generated role password that may be
 * replicated to the app, Database CR) and the app side's replica Secret, so an app never edits this file.
 */
export class PostgresService extends Construct {
  readonly namespace: string;
  readonly clusterName: string;
  /** The pooler Service apps connect to. */
  readonly host: string;
  private readonly roles = new Map<string, { role: string; secret: string; source: string }>();

  constructor(scope: Construct, id: string, props: PostgresServiceProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.clusterName = props.name;
    const poolerName = `${props.name}-pooler-rw`;
    this.host = `${poolerName}.${props.namespace}.svc.cluster.local`;

    const superuser = new GeneratedSecret(this, 'Superuser', {
      name: `cnpg-${props.name}-superuser`,
      namespace: props.namespace,
      keys: ['password'],
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'postgres' },
    });
    const { garage } = props.backup;
    garage.bucket(props.backup.bucket, { maxSize: props.backup.bucketSize });
    const s3Secret = `cnpg-${props.name}-s3-credentials`;
    garage.grantReadWrite(this, props.backup.bucket, {
      namespace: props.namespace,
      keyName: `cnpg-${props.name}-s3`,
      secretName: s3Secret,
      accessKeyIdKey: 'access-key-id',
      secretAccessKeyKey: 'secret-access-key',
    });

    new Cluster(this, 'Cluster', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        instances: props.instances,
        imageName: props.image,
        enableSuperuserAccess: true,
        superuserSecret: { name: superuser.name },
        storage: { storageClass: props.storageClass, size: props.storageSize },
        monitoring: { enablePodMonitor: true },
        backup: {
          retentionPolicy: props.backup.retention,
          barmanObjectStore: {
            destinationPath: `s3://${props.backup.bucket}/`,
            endpointUrl: `http://${garage.s3Endpoint}`,
            s3Credentials: {
              accessKeyId: { name: s3Secret, key: 'access-key-id' },
              secretAccessKey: { name: s3Secret, key: 'secret-access-key' },
            },
          },
        },
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
    new Pooler(this, 'Pooler', {
      metadata: { name: poolerName, namespace: props.namespace },
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
      metadata: { name: `${props.name}-daily`, namespace: props.namespace },
      spec: {
        cluster: { name: props.name },
        schedule: props.backup.schedule,
        immediate: true,
        backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
      },
    });
  }

  /**
   * A database and login role for a consumer namespace (aws-cdk grant shape): the managed role, its
   * generated password (replication allowed to the consumer) and the Database CR land here; the replica
   * Secret `<role>-db-credentials` lands in `consumerScope`. Registering a role twice is an error.
   */
  addDatabase(consumerScope: Construct, request: DatabaseRequest): DatabaseGrant {
    const { role, namespace } = request;
    const database = request.database ?? role;
    const taken = this.roles.get(role);
    if (taken) throw new Error(`database role "${role}" is already registered by ${taken.source}`);
    const password = new GeneratedSecret(this, `RolePassword-${role}`, {
      name: `${role}-role-password`,
      namespace: this.namespace,
      keys: ['password'],
      type: 'kubernetes.io/basic-auth',
      stringData: { username: role },
    });
    this.roles.set(role, { role, secret: password.name, source: consumerScope.node.path });
    new Database(this, `Database-${role}`, {
      metadata: { name: `${role}-database`, namespace: this.namespace },
      spec: { name: database, owner: role, cluster: { name: this.clusterName }, databaseReclaimPolicy: DatabaseSpecDatabaseReclaimPolicy.RETAIN },
    });
    const credentialsSecret = `${role}-db-credentials`;
    password.replicateInto(consumerScope, 'DatabaseCredentials', namespace, credentialsSecret);
    return { host: this.host, port: POSTGRES_PORT, database, username: role, credentialsSecret };
  }

  /** Registered login roles, sorted. */
  get roleNames(): readonly string[] {
    return [...this.roles.keys()].sort();
  }
}
