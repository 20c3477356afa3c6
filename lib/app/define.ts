import { SynthError } from '../core/errors.js';
import type { ServiceEndpoints } from '../data-services/registry.js';
import type { Versions } from '../versions/versions.js';
import type { HomelabAppProps } from './props.js';

/** A cluster's name; the composition checks an app's names against the clusters the model declares. */
export type ClusterName = string;

export type { ServiceEndpoints } from '../data-services/registry.js';

/** What an app file sees of the cluster it is being declared for. */
export interface AppContext {
  readonly cluster: ClusterName;
  /** The value for this cluster (e.g. a volume size); a cluster missing from `byCluster` is a synth error. */
  pick<T>(byCluster: Partial<Record<ClusterName, T>>): T;
  /** A version from versions.env (unknown key = synth error naming the file). */
  version(key: string): string;
  /** The cluster's DNS domains (hosts of internal/external routes live under these). */
  readonly domains: { readonly internal: string; readonly external: string };
  /**
   * Where the shared services answer, and the Secret keys holding this app's credentials once it asks for
   * the grant (`database`, `cache`, `bucket`): e.g. `c.services.postgres.password` as an env value.
   */
  readonly services: ServiceEndpoints;
}

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
