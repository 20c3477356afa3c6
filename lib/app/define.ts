import { SynthError } from '../core/errors.js';
import type { ServiceEndpoints } from '../data-services/registry.js';
import type { Versions } from '../versions/versions.js';
import type { AppGroupProps, HomelabAppProps } from './props.js';

/** A cluster's name; the composition checks an app's names against the clusters the model declares. */
export type ClusterName = string;

export type { ServiceEndpoints } from '../data-services/registry.js';

/** Another app of the cluster, as an app file refers to it: `c.app('ollama').url(11434)`. */
export interface AppReference {
  /** `<app>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /**
   * `<scheme>://<host>:<port><path>`. Using it declares egress to that app on that port (and the target's
   * ingress); an app or port the cluster does not have is a synth error naming this file.
   */
  url(port: number, options?: { readonly scheme?: string; readonly path?: string }): string;
}

/** A cross-app reference an app file made, resolved once every app is declared. */
export interface RecordedReference {
  readonly app: string;
  readonly port: number;
}

/** See `AppContext.repository`. */
export interface AppRepository {
  /** `https://github.com/<owner>/<repo>`. */
  readonly gitUrl: string;
  /** e.g. `dist/kubernetes`. */
  readonly kubernetesRoot: string;
}

/** What an app file sees of the cluster it is being declared for. */
export interface AppContext {
  readonly cluster: ClusterName;
  /** The value for this cluster (e.g. a volume size); a cluster missing from `byCluster` is a synth error. */
  pick<T>(byCluster: Partial<Record<ClusterName, T>>): T;
  /** A version from versions.env (unknown key = synth error naming the file). */
  version(key: string): string;
  /** The cluster's DNS domains (hosts of internal/external routes live under these). */
  readonly domains: { readonly internal: string; readonly external: string };
  /** The cluster's networks (trusted proxies, a VPN's local exceptions). */
  readonly network: { readonly podSubnet: string; readonly serviceSubnet: string; readonly nodeSubnet: string };
  /**
   * Where the shared services answer, and the Secret keys holding this app's credentials once it asks for
   * the grant (`database`, `cache`, `bucket`): e.g. `c.services.postgres.password` as an env value.
   */
  readonly services: ServiceEndpoints;
  /**
   * The git repository this homelab is committed to, and the folder of its Kubernetes output (the root the
   * OCI-synced clusters' Kustomization paths `./clusters/<c>/…` resolve against), for tools that review it.
   */
  readonly repository: AppRepository;
  /** Another app of this cluster (its Service), instead of spelling a DNS name. */
  app(name: string): AppReference;
}

/** The content of one `apps/<name>.ts` (or `apps/<group>/<name>.ts`): the app, its clusters, its props per cluster. */
export interface AppDefinition {
  readonly name: string;
  /** The group (shared namespace) the app belongs to; its group file declares the namespace. */
  readonly group?: string;
  readonly clusters: readonly ClusterName[];
  readonly props: (ctx: AppContext) => HomelabAppProps;
}

/** The content of `apps/<group>/group.ts`: a namespace several apps share. */
export interface GroupDefinition {
  readonly kind: 'group';
  readonly name: string;
  readonly clusters: readonly ClusterName[];
  readonly props: (ctx: AppContext) => AppGroupProps;
}

/** Declares an app; the file's default export. */
export function defineApp(def: AppDefinition): AppDefinition {
  return def;
}

/** Declares an app group (shared namespace); the default export of `apps/<group>/group.ts`. */
export function defineGroup(def: Omit<GroupDefinition, 'kind'>): GroupDefinition {
  return { kind: 'group', ...def };
}

export function isGroupDefinition(x: unknown): x is GroupDefinition {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'group';
}

/** How the context resolves names of other apps: the namespace an app name lives in on this cluster. */
export type NamespaceOf = (app: string) => string | undefined;

/** The context an app's props are evaluated in; `source` names the file in errors. */
export function appContext(
  cluster: ClusterName,
  app: string,
  source: string,
  services: ServiceEndpoints,
  domains: AppContext['domains'],
  versions: Versions,
  namespaceOf: NamespaceOf = () => undefined,
  references: RecordedReference[] = [],
  network: AppContext['network'] = { podSubnet: '', serviceSubnet: '', nodeSubnet: '' },
  repository: AppRepository = { gitUrl: '', kubernetesRoot: '' },
): AppContext {
  return {
    cluster,
    services,
    repository,
    domains,
    network,
    version: (key) => versions.get(key, source),
    pick<T>(byCluster: Partial<Record<ClusterName, T>>): T {
      if (!(cluster in byCluster)) {
        throw new SynthError(source, `app "${app}" is enabled on cluster "${cluster}" but a per-cluster value lists only ${Object.keys(byCluster).join(', ')}`, cluster);
      }
      return byCluster[cluster] as T;
    },
    app(name: string): AppReference {
      const namespace = namespaceOf(name);
      if (namespace === undefined) throw new SynthError(source, `app "${app}" refers to app "${name}", which does not run on cluster "${cluster}"`, `c.app('${name}')`);
      const host = `${name}.${namespace}.svc.cluster.local`;
      return {
        host,
        url(port, options = {}) {
          references.push({ app: name, port });
          return `${options.scheme ?? 'http'}://${host}:${port}${options.path ?? ''}`;
        },
      };
    },
  };
}
