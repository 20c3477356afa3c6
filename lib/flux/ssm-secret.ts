import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';

// The generated external-secrets bindings weigh ~140 kB in the synth bundle for two small objects, so these
// are written as plain ApiObjects with the CRD's exact field names (schema-checked by the validate step).
const API_VERSION = 'external-secrets.io/v1';

/** The one ClusterSecretStore every ExternalSecret reads from (AWS SSM Parameter Store). */
export const SSM_STORE_NAME = 'aws-ssm';
/** ExternalSecrets refresh daily. */
export const SECRET_REFRESH_INTERVAL = '24h';

export interface SsmSecretStoreProps {
  readonly region: string;
  /** Secret (created by the Terraform bootstrap) holding `access_key` and `secret_access_key`. */
  readonly credentials: { readonly name: string; readonly namespace: string };
}

/** ClusterSecretStore `aws-ssm`: AWS Parameter Store with static credentials from the bootstrap. */
export class SsmSecretStore extends Construct {
  readonly name = SSM_STORE_NAME;

  constructor(scope: Construct, id: string, props: SsmSecretStoreProps) {
    super(scope, id);
    const ref = (key: string) => ({ name: props.credentials.name, namespace: props.credentials.namespace, key });
    new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'ClusterSecretStore',
      metadata: { name: SSM_STORE_NAME },
      spec: {
        provider: {
          aws: {
            service: 'ParameterStore',
            region: props.region,
            auth: { secretRef: { accessKeyIDSecretRef: ref('access_key'), secretAccessKeySecretRef: ref('secret_access_key') } },
          },
        },
      },
    });
  }
}

export interface SsmExternalSecretProps {
  readonly name: string;
  readonly namespace: string;
  /** SSM path prefixes this cluster may read (its own and the shared one); a key elsewhere is a synth error. */
  readonly allowedPrefixes: readonly string[];
  /** Secret key → SSM parameter (under one of `allowedPrefixes`), optional JSON property. */
  readonly data: Readonly<Record<string, { readonly key: string; readonly property?: string }>>;
  /**
   * Shapes the Secret instead of copying `data` key by key (external-secrets template engine v2): its type
   * (e.g. `kubernetes.io/tls`) and its keys, each a Go template over the `data` keys (`{{ .key }}`).
   * @default the Secret holds exactly the `data` keys, type Opaque
   */
  readonly template?: { readonly type?: string; readonly data?: Readonly<Record<string, string>> };
}

/**
 * An ExternalSecret reading SSM parameters through the `aws-ssm` store into a Secret of the same name.
 * Keys must live under one of the allowed prefixes (reference invariant 10: the cluster's own or the shared
 * one): anything else is a synth error naming the key.
 */
export class SsmExternalSecret extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: SsmExternalSecretProps) {
    super(scope, id);
    const allowed = props.allowedPrefixes;
    const entries = Object.entries(props.data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!entries.length) throw new SynthError(this.node.path, 'an ExternalSecret needs at least one key', 'spec.data');
    for (const [secretKey, { key }] of entries) {
      if (!allowed.some((p) => key.startsWith(p) && key.length > p.length)) {
        throw new SynthError(this.node.path, `SSM key "${key}" for "${secretKey}" must start with ${allowed.join(' or ')}`, 'spec.data.remoteRef.key');
      }
    }
    this.secretName = props.name;
    new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshInterval: SECRET_REFRESH_INTERVAL,
        secretStoreRef: { kind: 'ClusterSecretStore', name: SSM_STORE_NAME },
        target: {
          name: props.name,
          ...(props.template
            ? { template: { engineVersion: 'v2', ...(props.template.type ? { type: props.template.type } : {}), ...(props.template.data ? { data: { ...props.template.data } } : {}) } }
            : {}),
        },
        data: entries.map(([secretKey, ref]) => ({ secretKey, remoteRef: { key: ref.key, ...(ref.property ? { property: ref.property } : {}) } })),
      },
    });
  }
}
