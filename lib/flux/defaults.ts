/**
 * House defaults for every Flux object we emit (reference: flux-clusters.md §2). One place, so a change of
 * policy is one edit and every release and unit follows it.
 */

/** Namespace of every Flux object (sources, releases, Kustomizations, notifications). */
export const FLUX_NAMESPACE = 'flux-system';

/** Name of the bootstrap source and root Kustomization created by the FluxInstance sync. */
export const BOOTSTRAP_NAME = 'flux-system';

/** Helm releases and their chart sources reconcile every 10 minutes. */
export const RELEASE_INTERVAL = '10m';
/** Helm install/upgrade timeout. */
export const RELEASE_TIMEOUT = '10m';
/** Helm revisions kept per release. */
export const RELEASE_MAX_HISTORY = 3;

/** Config and app units reconcile every 3 minutes. */
export const UNIT_INTERVAL = '3m';
/** Release units and top-level groups reconcile every 10 minutes. */
export const GROUP_INTERVAL = '10m';

/** Namespaces that exist before Flux applies anything (created by Kubernetes or the Terraform bootstrap). */
export const PREEXISTING_NAMESPACES: ReadonlySet<string> = new Set(['default', 'flux-system', 'kube-node-lease', 'kube-public']);
