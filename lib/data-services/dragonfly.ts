import { Construct } from 'constructs';
import { Dragonfly } from '../generated/crds/dragonflydb.io.js';
import type { GarageService } from './garage.js';
import { GeneratedSecret, type ReplicatedSecret } from './secrets.js';

export const DRAGONFLY_PORT = 6379;

export interface DragonflyServiceProps {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  /** Snapshots go to this Garage bucket on `snapshotCron`. */
  readonly snapshots: { readonly garage: GarageService; readonly bucket: string; readonly bucketSize: string; readonly cron: string };
}

export interface CacheGrant {
  readonly host: string;
  readonly port: number;
  /** Secret in the consumer namespace with key `password`. */
  readonly authSecret: string;
}

/**
 * The shared Dragonfly (Redis-compatible) instance with its generated auth secret. `grantAccess` adds the
 * consumer to the auth secret's replication allow-list (rendered at synth) and writes its replica Secret.
 */
export class DragonflyService extends Construct {
  readonly namespace: string;
  readonly host: string;
  private readonly auth: GeneratedSecret;

  constructor(scope: Construct, id: string, props: DragonflyServiceProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.host = `${props.name}.${props.namespace}.svc.cluster.local`;
    this.auth = new GeneratedSecret(this, 'Auth', { name: `${props.name}-auth`, namespace: props.namespace, keys: ['password'] });
    const { garage } = props.snapshots;
    garage.bucket(props.snapshots.bucket, { maxSize: props.snapshots.bucketSize });
    const s3Secret = `${props.name}-s3-credentials`;
    garage.grantReadWrite(this, props.snapshots.bucket, {
      namespace: props.namespace,
      keyName: `${props.name}-s3`,
      secretName: s3Secret,
      accessKeyIdKey: 'AWS_ACCESS_KEY_ID',
      secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY',
    });
    new Dragonfly(this, 'Dragonfly', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        replicas: props.replicas,
        authentication: { passwordFromSecret: { name: this.auth.name, key: 'password' } },
        args: [`--s3_endpoint=${garage.s3Endpoint}`, '--s3_use_https=false'],
        env: [
          { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: s3Secret, key: 'AWS_ACCESS_KEY_ID' } } },
          { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: s3Secret, key: 'AWS_SECRET_ACCESS_KEY' } } },
          { name: 'AWS_REGION', value: garage.region },
        ],
        snapshot: { cron: props.snapshots.cron, dir: `s3://${props.snapshots.bucket}` },
      },
    });
  }

  /** Lets `namespace` replicate the auth secret (allow-list) without granting anything else. */
  allowReplication(namespace: string): void {
    this.auth.allowReplicationTo(namespace);
  }

  /** Access for a consumer: allow-list entry here, replica Secret `<name>-auth` in `consumerScope`. */
  grantAccess(consumerScope: Construct, namespace: string): CacheGrant {
    const replica: ReplicatedSecret = this.auth.replicateInto(consumerScope, 'DragonflyAuth', namespace);
    return { host: this.host, port: DRAGONFLY_PORT, authSecret: replica.name };
  }

  /** Namespaces allowed to replicate the auth secret, sorted. */
  get allowedNamespaces(): readonly string[] {
    return this.auth.replicationNamespaces;
  }
}
