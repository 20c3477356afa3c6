import { Construct } from 'constructs';
import { SsmExternalSecret } from '../flux/ssm-secret.js';
import { GeneratedSecret } from '../data-services/secrets.js';
import type { SecretStoreBinding } from '../data-services/registry.js';
import { unitOf } from '../data-services/consumer.js';
import type { ResolvedAppProps } from './props.js';

export interface AppSecretsProps {
  readonly cluster: string;
  readonly namespace: string;
  readonly secrets: ResolvedAppProps['secrets'];
  /** The cluster's SSM store (absent: an SSM secret is an error). */
  readonly store: SecretStoreBinding | undefined;
  /** Reports an error on a field of the app's props. */
  readonly fail: (field: string, message: string) => never;
}

/**
 * The app's own Secrets: ExternalSecrets from SSM (keys relative to the cluster prefix or absolute under
 * an allowed prefix) and Secrets generated in-cluster by secret-generator. Git holds references only.
 */
export class AppSecrets extends Construct {
  /** The Secrets declared here with their keys (`undefined` keys: an SSM secret's keys are its `secretKey`s). */
  readonly keys: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const { store, fail, namespace } = props;
    for (const [i, s] of props.secrets.ssm.entries()) {
      if (!store) fail(`secrets.ssm.${i}`, `cluster "${props.cluster}" has no ClusterSecretStore for SSM`);
      const data = s.data.map((d, j) => {
        const key = d.key.startsWith('/') ? d.key : `${store!.defaultPrefix}${d.key}`;
        if (!store!.allowedPrefixes.some((p) => key.startsWith(p)) || key.split('/').includes('..')) {
          fail(`secrets.ssm.${i}.data.${j}.key`, `SSM key "${key}" is outside the allowed prefixes ${store!.allowedPrefixes.join(', ')}`);
        }
        return [d.secretKey, { key, ...(d.property ? { property: d.property } : {}) }] as const;
      });
      new SsmExternalSecret(this, `ExternalSecret-${s.name}`, { name: s.name, namespace, allowedPrefixes: store!.allowedPrefixes, data: Object.fromEntries(data) });
      if (store!.unit) unitOf(this).dependOn(store!.unit);
    }
    for (const s of props.secrets.generated) {
      const secret = new GeneratedSecret(this, `Secret-${s.name}`, { name: s.name, namespace, keys: s.keys, length: s.length, encoding: s.encoding });
      for (const ns of s.replicateTo) secret.allowReplicationTo(ns);
    }
    this.keys = new Map([...props.secrets.ssm.map((s) => [s.name, s.data.map((d) => d.secretKey)] as const), ...props.secrets.generated.map((s) => [s.name, s.keys] as const)]);
  }
}
