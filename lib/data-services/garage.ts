import { Construct } from 'constructs';
import {
  GarageBucketV1Beta1,
  GarageBucketV1Beta1SpecQuotasMaxSize,
  GarageClusterV1Beta2,
  GarageClusterV1Beta2SpecReplicationConsistencyMode,
  GarageClusterV1Beta2SpecStorageDataSize,
  GarageClusterV1Beta2SpecStorageMetadataSize,
  GarageKeyV1Beta1,
  GarageReferenceGrant,
  GarageReferenceGrantSpecFromKind,
} from '../generated/crds/garage.rajsingh.info.js';
import type { ProviderNamespace, SharedResource } from '../netpol/access.js';
import { Port } from '../netpol/ports.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import { dependOnService, type DataConsumer, type SecretKeyRef } from './consumer.js';
import { GeneratedSecret } from './secrets.js';

export const GARAGE_PORTS = { s3: 3900, rpc: 3901, web: 3902, admin: 3903 } as const;

export interface GarageServiceProps {
  /** The platform namespace Garage runs in (receives the S3 ingress half of every grant). */
  readonly namespace: ProviderNamespace;
  /** The cluster's policy system: the service declares its shared resource `garage-s3` there. */
  readonly network: NetworkPolicySystem;
  /** GarageCluster name (also the S3 Service name). */
  readonly name: string;
  readonly image: string;
  /** Storage nodes and replication factor. */
  readonly replicas: number;
  readonly storageClass: string;
  readonly dataSize: string;
  readonly metadataSize: string;
  readonly region?: string;
}

export interface BucketOptions {
  /** Quota (e.g. `50Gi`). */
  readonly maxSize?: string;
}

export interface BucketGrantOptions {
  readonly bucket: string;
  /** GarageKey name (default: the bucket name). */
  readonly keyName?: string;
  /** Secret the operator writes the credentials into (default `<bucket>-s3-credentials`). */
  readonly secretName?: string;
  /** Key names inside that secret (default `access-key-id`, `secret-access-key`). */
  readonly accessKeyIdKey?: string;
  readonly secretAccessKeyKey?: string;
}

/** What a consumer gets from `grantTo`: where S3 answers and the Secret holding its key. */
export interface BucketGrant {
  readonly access: SharedResource;
  readonly bucket: string;
  /** `http://<service>:3900`. */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly secret: string; readonly accessKeyId: SecretKeyRef; readonly secretAccessKey: SecretKeyRef };
}

/**
 * The Garage S3 cluster (reference: platform.md §6) and the registry of its buckets and cross-namespace
 * grants. It owns its access: the S3 port, the shared resource `garage-s3` (consumers' egress, Garage's
 * ingress) and the credential Secret names. `grantTo` writes every half in one call (aws-cdk grant shape):
 * the consumer namespace's access label, the GarageKey in the consumer's folder and, once per namespace,
 * the GarageReferenceGrant `allow-<ns>` here, without which the operator's webhook denies the key.
 */
export class GarageService extends Construct {
  static readonly ACCESS = 'garage-s3';
  /** Declares the shared resource (consumers' egress, the provider namespace's ingress) in `system`. */
  static declareAccess(system: NetworkPolicySystem, provider: ProviderNamespace): SharedResource {
    return system.sharedResource({ name: GarageService.ACCESS, provider, port: Port.tcp(GARAGE_PORTS.s3) });
  }
  /** Keys of the credentials Secret a grant writes (unless the grant names others). */
  static readonly KEYS = { accessKeyId: 'access-key-id', secretAccessKey: 'secret-access-key' } as const;
  /** The Secret a grant of `bucket` writes into the consumer namespace. */
  static credentialsSecret(bucket: string): string {
    return `${bucket}-s3-credentials`;
  }

  readonly namespace: string;
  readonly clusterName: string;
  /** `<service>.<ns>.svc.cluster.local:3900` (host:port). */
  readonly s3Endpoint: string;
  readonly region: string;
  /** Network access to the S3 API (label `access.network-policy.homelab/garage-s3`). */
  readonly access: SharedResource;
  private readonly buckets = new Map<string, GarageBucketV1Beta1>();
  private readonly grants = new Map<string, GarageReferenceGrant>();

  constructor(scope: Construct, id: string, props: GarageServiceProps) {
    super(scope, id);
    const namespace = props.namespace.name;
    this.namespace = namespace;
    this.clusterName = props.name;
    this.region = props.region ?? 'garage';
    this.s3Endpoint = `${props.name}.${namespace}.svc.cluster.local:${GARAGE_PORTS.s3}`;
    this.access = GarageService.declareAccess(props.network, props.namespace);
    const rpc = new GeneratedSecret(this, 'RpcSecret', { name: `${props.name}-rpc-secret`, namespace, keys: ['rpc-secret'], length: 64 });
    const admin = new GeneratedSecret(this, 'AdminToken', { name: `${props.name}-admin-token`, namespace, keys: ['admin-token'] });
    new GarageClusterV1Beta2(this, 'Cluster', {
      metadata: { name: props.name, namespace },
      spec: {
        image: props.image,
        replication: { factor: props.replicas, consistencyMode: GarageClusterV1Beta2SpecReplicationConsistencyMode.CONSISTENT },
        network: { rpcBindPort: GARAGE_PORTS.rpc, rpcSecretRef: { name: rpc.name, key: 'rpc-secret' } },
        s3Api: { bindPort: GARAGE_PORTS.s3, region: this.region },
        webApi: { enabled: true, bindPort: GARAGE_PORTS.web },
        admin: { bindPort: GARAGE_PORTS.admin, adminTokenSecretRef: { name: admin.name, key: 'admin-token' } },
        storage: {
          replicas: props.replicas,
          data: { storageClassName: props.storageClass, size: GarageClusterV1Beta2SpecStorageDataSize.fromString(props.dataSize) },
          metadata: { storageClassName: props.storageClass, size: GarageClusterV1Beta2SpecStorageMetadataSize.fromString(props.metadataSize) },
        },
      },
    });
  }

  /** The bucket `name` in the Garage namespace (declared once; later calls return it). */
  bucket(name: string, options: BucketOptions = {}): GarageBucketV1Beta1 {
    const existing = this.buckets.get(name);
    if (existing) return existing;
    const bucket = new GarageBucketV1Beta1(this, `Bucket-${name}`, {
      metadata: { name, namespace: this.namespace },
      spec: {
        clusterRef: { name: this.clusterName },
        ...(options.maxSize ? { quotas: { maxSize: GarageBucketV1Beta1SpecQuotasMaxSize.fromString(options.maxSize) } } : {}),
      },
    });
    this.buckets.set(name, bucket);
    return bucket;
  }

  /**
   * Read/write access to a declared bucket for a consumer: the access label on its namespace, the
   * GarageKey in its folder (the operator writes the credentials Secret next to it), the reference grant
   * for its namespace here, and the consumer unit's dependency on this one.
   */
  grantTo(consumer: DataConsumer, options: BucketGrantOptions): BucketGrant {
    const { bucket } = options;
    if (!this.buckets.has(bucket)) throw new Error(`${this.node.path}: bucket "${bucket}" is not declared; call bucket() first`);
    const namespace = consumer.namespace.name;
    this.access.grant(consumer.namespace);
    dependOnService(consumer, this);
    this.allowKeysFrom(namespace);
    const keyName = options.keyName ?? bucket;
    const secret = options.secretName ?? GarageService.credentialsSecret(bucket);
    const accessKeyIdKey = options.accessKeyIdKey ?? GarageService.KEYS.accessKeyId;
    const secretAccessKeyKey = options.secretAccessKeyKey ?? GarageService.KEYS.secretAccessKey;
    new GarageKeyV1Beta1(consumer.scope, `GarageKey-${keyName}`, {
      metadata: { name: keyName, namespace },
      spec: {
        clusterRef: { name: this.clusterName, namespace: this.namespace },
        neverExpires: true,
        bucketPermissions: [{ bucketRef: { name: bucket, namespace: this.namespace }, read: true, write: true }],
        secretTemplate: { name: secret, accessKeyIdKey, secretAccessKeyKey, includeEndpoint: true, includeRegion: true },
      },
    });
    return {
      access: this.access,
      bucket,
      endpoint: `http://${this.s3Endpoint}`,
      region: this.region,
      credentials: { secret, accessKeyId: { secret, key: accessKeyIdKey }, secretAccessKey: { secret, key: secretAccessKeyKey } },
    };
  }

  /** The GarageReferenceGrant `allow-<ns>` letting GarageKeys in `namespace` reference this cluster. */
  private allowKeysFrom(namespace: string): void {
    if (namespace === this.namespace || this.grants.has(namespace)) return;
    this.grants.set(
      namespace,
      new GarageReferenceGrant(this, `Grant-${namespace}`, {
        metadata: { name: `allow-${namespace}`, namespace: this.namespace },
        spec: { from: [{ kind: GarageReferenceGrantSpecFromKind.GARAGE_KEY, namespace }] },
      }),
    );
  }

  /** Namespaces holding a reference grant, sorted. */
  get grantedNamespaces(): readonly string[] {
    return [...this.grants.keys()].sort();
  }

  get bucketNames(): readonly string[] {
    return [...this.buckets.keys()].sort();
  }
}
