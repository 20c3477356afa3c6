import { SynthError } from '../core/errors.js';
import type { Versions } from '../versions/versions.js';
import type { HomelabAppProps } from './props.js';

/** A cluster's name; the composition checks an app's names against the clusters the model declares. */
export type ClusterName = string;

/** What an app file sees of the cluster it is being declared for. */
export interface AppContext {
  readonly cluster: ClusterName;
  /** The value for this cluster (e.g. a volume size); a cluster missing from `byCluster` is a synth error. */
  pick<T>(byCluster: Partial<Record<ClusterName, T>>): T;
  /** A version from versions.env (unknown key = synth error naming the file). */
  version(key: string): string;
  /** The cluster's DNS domains (hosts of internal/external routes live under these). */
  readonly domains: { readonly internal: string; readonly external: string };
  /** Where the shared services answer (for connection strings; credentials stay in Secrets). */
  readonly services: ServiceEndpoints;
}

export interface ServiceEndpoints {
  readonly postgres: { readonly host: string; readonly port: number };
  readonly dragonfly: { readonly host: string; readonly port: number };
  readonly s3: { readonly endpoint: string; readonly region: string };
}

/** Names of the Secrets the grants put into an app's namespace (keys: username/password, password, S3). */
export const grantSecrets = {
  database: (app: string) => `${app}-db-credentials`,
  dragonfly: 'dragonfly-auth',
  /** Keys `access-key-id`, `secret-access-key` (plus endpoint and region written by the operator). */
  bucket: (app: string) => `${app}-s3-credentials`,
} as const;

/** The content of one `apps/<name>.ts`: the app, the clusters it runs on, its props per cluster. */
export interface AppDefinition {
  readonly name: string;
  readonly clusters: readonly ClusterName[];
  readonly props: (ctx: AppContext) => HomelabAppProps;
}

/** Declares an app; the file's default export. */
export function defineApp(def: AppDefinition): AppDefinition {
  return def;
}

/** The context an app's props are evaluated in; `source` names the file in errors. */
export function appContext(
  cluster: ClusterName,
  app: string,
  source: string,
  services: ServiceEndpoints,
  domains: AppContext['domains'],
  versions: Versions,
): AppContext {
  return {
    cluster,
    services,
    domains,
    version: (key) => versions.get(key),
    pick<T>(byCluster: Partial<Record<ClusterName, T>>): T {
      if (!(cluster in byCluster)) {
        throw new SynthError(source, `app "${app}" is enabled on cluster "${cluster}" but a per-cluster value lists only ${Object.keys(byCluster).join(', ')}`, cluster);
      }
      return byCluster[cluster] as T;
    },
  };
}
