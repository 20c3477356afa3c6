import { KubeSecret, type KubeSecretProps } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';

/** Annotation prefixes of the two in-cluster secret operators (reference: platform.md §6). */
export const SECRET_GENERATOR = 'secret-generator.v1.mittwald.de';
export const REPLICATOR = 'replicator.v1.mittwald.de';

export interface GeneratedSecretProps {
  readonly name: string;
  readonly namespace: string;
  /** Keys the secret-generator fills with random values. */
  readonly keys: readonly string[];
  readonly length?: number;
  readonly encoding?: 'hex' | 'base64' | 'base32' | 'raw';
  /** `kubernetes.io/basic-auth` for database roles. */
  readonly type?: string;
  /** Non-secret fixed values (e.g. a role's username). */
  readonly stringData?: Readonly<Record<string, string>>;
}

/** A Secret whose annotations are computed at synth (metadata does not resolve cdk8s `Lazy`). */
class LazyAnnotatedSecret extends KubeSecret {
  constructor(
    scope: Construct,
    id: string,
    private readonly annotations: () => Record<string, string>,
    props: KubeSecretProps,
  ) {
    super(scope, id, props);
  }

  override toJson(): any {
    const json = super.toJson();
    return { ...json, metadata: { ...json.metadata, annotations: { ...json.metadata?.annotations, ...this.annotations() } } };
  }
}

/**
 * A Secret whose values are generated in-cluster by secret-generator: git holds only the annotations.
 * Other namespaces may copy it through the replicator; `allowReplicationTo` collects them and the
 * allow-list annotation is rendered at synth (sorted), so consumers register without editing this file.
 */
export class GeneratedSecret extends Construct {
  readonly name: string;
  readonly namespace: string;
  private readonly replicas = new Set<string>();

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace;
    const annotations = (): Record<string, string> => ({
      [`${SECRET_GENERATOR}/autogenerate`]: [...props.keys].join(','),
      [`${SECRET_GENERATOR}/length`]: String(props.length ?? 32),
      [`${SECRET_GENERATOR}/encoding`]: props.encoding ?? 'hex',
      ...(this.replicas.size
        ? {
            [`${REPLICATOR}/replication-allowed`]: 'true',
            [`${REPLICATOR}/replication-allowed-namespaces`]: [...this.replicas].sort().join(','),
          }
        : {}),
    });
    new LazyAnnotatedSecret(this, 'Resource', annotations, {
      metadata: { name: props.name, namespace: props.namespace },
      ...(props.type ? { type: props.type } : {}),
      ...(props.stringData ? { stringData: { ...props.stringData } } : {}),
    });
  }

  /** Lets `namespace` hold a replica of this secret (replicator allow-list). */
  allowReplicationTo(namespace: string): void {
    this.replicas.add(namespace);
  }

  /** Namespaces allowed to replicate this secret, sorted. */
  get replicationNamespaces(): readonly string[] {
    return [...this.replicas].sort();
  }

  /**
   * The grant in one call (aws-cdk shape): allows `namespace` on this side and creates the empty replica
   * Secret named `name` in `scope` (the consumer's folder), which the replicator fills.
   */
  replicateInto(scope: Construct, id: string, namespace: string, name = this.name): ReplicatedSecret {
    this.allowReplicationTo(namespace);
    return new ReplicatedSecret(scope, id, { name, namespace, from: this });
  }
}

export interface ReplicatedSecretProps {
  readonly name: string;
  readonly namespace: string;
  readonly from: { readonly name: string; readonly namespace: string };
}

/** An empty Secret the replicator fills from `from` (which must allow this namespace). */
export class ReplicatedSecret extends Construct {
  readonly name: string;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: ReplicatedSecretProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace;
    new KubeSecret(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { [`${REPLICATOR}/replicate-from`]: `${props.from.namespace}/${props.from.name}` },
      },
      data: {},
    });
  }
}
