import { Construct } from 'constructs';
import { Dragonfly } from '../generated/crds/dragonflydb.io.js';
import type { AccessGrantee, ProviderNamespace, SharedResource } from '../netpol/access.js';
import { Port } from '../netpol/ports.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import { dependOnService, type DataConsumer, type SecretKeyRef } from './consumer.js';
import type { GarageService } from './garage.js';
import { GeneratedSecret } from './secrets.js';

export interface DragonflyServiceProps {
  /** The platform namespace Dragonfly runs in (receives the ingress half of every grant). */
  readonly namespace: ProviderNamespace & AccessGrantee;
  /** The cluster's policy system: the service declares its shared resource `dragonfly` there. */
  readonly network: NetworkPolicySystem;
  readonly name: string;
  readonly replicas: number;
  /** Snapshots go to this Garage bucket on `snapshotCron`. */
  readonly snapshots: { readonly garage: GarageService; readonly bucket: string; readonly bucketSize: string; readonly cron: string };
}

export interface CacheGrant {
  readonly access: SharedResource;
  readonly host: string;
  readonly port: number;
  /** The password, in the replica Secret in the consumer namespace. */
  readonly password: SecretKeyRef;
}

/**
 * The shared Dragonfly (Redis-compatible) instance with its generated auth secret. It owns its access:
 * the port, the shared resource `dragonfly` and the auth Secret's name. `grantTo` labels the consumer
 * namespace, adds it to the auth secret's replication allow-list (rendered at synth) and writes its
 * replica Secret.
 */
export class DragonflyService extends Construct {
  static readonly PORT = 6379;
  static readonly ACCESS = 'dragonfly';
  /** Declares the shared resource (consumers' egress, the provider namespace's ingress) in `system`. */
  static declareAccess(system: NetworkPolicySystem, provider: ProviderNamespace): SharedResource {
    return system.sharedResource({ name: DragonflyService.ACCESS, provider, port: Port.tcp(DragonflyService.PORT) });
  }
  /** The auth Secret, in the service namespace and (as a replica) in every consumer namespace. */
  static readonly AUTH_SECRET = 'dragonfly-auth';
  static readonly PASSWORD_KEY = 'password';

  readonly namespace: string;
  readonly host: string;
  readonly access: SharedResource;
  private readonly auth: GeneratedSecret;

  constructor(scope: Construct, id: string, props: DragonflyServiceProps) {
    super(scope, id);
    const namespace = props.namespace.name;
    this.namespace = namespace;
    this.host = `${props.name}.${namespace}.svc.cluster.local`;
    this.access = DragonflyService.declareAccess(props.network, props.namespace);
    this.auth = new GeneratedSecret(this, 'Auth', { name: DragonflyService.AUTH_SECRET, namespace, keys: [DragonflyService.PASSWORD_KEY] });
    const { garage } = props.snapshots;
    garage.bucket(props.snapshots.bucket, { maxSize: props.snapshots.bucketSize });
    const s3 = garage.grantTo(
      { name: props.name, namespace: props.namespace, scope: this },
      { bucket: props.snapshots.bucket, keyName: `${props.name}-s3`, secretName: `${props.name}-s3-credentials`, accessKeyIdKey: 'AWS_ACCESS_KEY_ID', secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY' },
    );
    const fromSecret = (ref: SecretKeyRef) => ({ secretKeyRef: { name: ref.secret, key: ref.key } });
    new Dragonfly(this, 'Dragonfly', {
      metadata: { name: props.name, namespace },
      spec: {
        replicas: props.replicas,
        authentication: { passwordFromSecret: { name: this.auth.name, key: DragonflyService.PASSWORD_KEY } },
        args: [`--s3_endpoint=${garage.s3Endpoint}`, '--s3_use_https=false'],
        env: [
          { name: 'AWS_ACCESS_KEY_ID', valueFrom: fromSecret(s3.credentials.accessKeyId) },
          { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: fromSecret(s3.credentials.secretAccessKey) },
          { name: 'AWS_REGION', value: garage.region },
        ],
        snapshot: { cron: props.snapshots.cron, dir: `s3://${props.snapshots.bucket}` },
      },
    });
  }

  /** Access for a consumer: access label, allow-list entry here, replica Secret `dragonfly-auth` in its folder. */
  grantTo(consumer: DataConsumer): CacheGrant {
    this.access.grant(consumer.namespace);
    dependOnService(consumer, this);
    const replica = this.auth.replicateInto(consumer.scope, 'DragonflyAuth', consumer.namespace.name);
    return { access: this.access, host: this.host, port: DragonflyService.PORT, password: { secret: replica.name, key: DragonflyService.PASSWORD_KEY } };
  }

  /** Namespaces allowed to replicate the auth secret, sorted. */
  get allowedNamespaces(): readonly string[] {
    return this.auth.replicationNamespaces;
  }
}
