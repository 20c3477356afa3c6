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
import { GeneratedSecret } from './secrets.js';

export const GARAGE_PORTS = { s3: 3900, rpc: 3901, web: 3902, admin: 3903 } as const;

export interface GarageServiceProps {
  readonly namespace: string;
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
  /** Namespace of the consumer; the key lives there. */
  readonly namespace: string;
  /** GarageKey name (default: the bucket name). */
  readonly keyName?: string;
  /** Secret the operator writes the credentials into. */
  readonly secretName: string;
  /** Key names inside that secret (operator defaults otherwise). */
  readonly accessKeyIdKey?: string;
  readonly secretAccessKeyKey?: string;
}

/**
 * The Garage S3 cluster (reference: platform.md §6) and the registry of its buckets and cross-namespace
 * grants. `grantReadWrite` writes both halves in one call (aws-cdk grant shape): the GarageKey in the
 * consumer's folder and, once per namespace, the GarageReferenceGrant `allow-<ns>` here, without which
 * the operator's webhook denies the key.
 */
export class GarageService extends Construct {
  readonly namespace: string;
  readonly clusterName: string;
  readonly s3Endpoint: string;
  readonly region: string;
  private readonly buckets = new Map<string, GarageBucketV1Beta1>();
  private readonly grants = new Map<string, GarageReferenceGrant>();

  constructor(scope: Construct, id: string, props: GarageServiceProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.clusterName = props.name;
    this.region = props.region ?? 'garage';
    this.s3Endpoint = `${props.name}.${props.namespace}.svc.cluster.local:${GARAGE_PORTS.s3}`;
    const rpc = new GeneratedSecret(this, 'RpcSecret', { name: `${props.name}-rpc-secret`, namespace: props.namespace, keys: ['rpc-secret'], length: 64 });
    const admin = new GeneratedSecret(this, 'AdminToken', { name: `${props.name}-admin-token`, namespace: props.namespace, keys: ['admin-token'] });
    new GarageClusterV1Beta2(this, 'Cluster', {
      metadata: { name: props.name, namespace: props.namespace },
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
   * Read/write access to `bucket` for a consumer namespace: the GarageKey goes into `consumerScope` (the
   * consumer's folder), the reference grant for that namespace into this service's folder.
   */
  grantReadWrite(consumerScope: Construct, bucket: string, options: BucketGrantOptions): GarageKeyV1Beta1 {
    if (!this.buckets.has(bucket)) throw new Error(`${this.node.path}: bucket "${bucket}" is not declared; call bucket() first`);
    this.allowKeysFrom(options.namespace);
    const keyName = options.keyName ?? bucket;
    return new GarageKeyV1Beta1(consumerScope, `GarageKey-${keyName}`, {
      metadata: { name: keyName, namespace: options.namespace },
      spec: {
        clusterRef: { name: this.clusterName, namespace: this.namespace },
        neverExpires: true,
        bucketPermissions: [{ bucketRef: { name: bucket, namespace: this.namespace }, read: true, write: true }],
        secretTemplate: {
          name: options.secretName,
          ...(options.accessKeyIdKey ? { accessKeyIdKey: options.accessKeyIdKey } : {}),
          ...(options.secretAccessKeyKey ? { secretAccessKeyKey: options.secretAccessKeyKey } : {}),
          includeEndpoint: true,
          includeRegion: true,
        },
      },
    });
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
