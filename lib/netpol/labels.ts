/** Label keys and values of the network-policy model (reference: platform.md §1–2). */

/** Namespace label carrying the profile (Cilium selects on it; the annotation twin is informational). */
export const PROFILE_LABEL = 'network-policy.homelab/profile';
/** Namespace label of the escape hatch; the only accepted value is `disabled`. */
export const ENFORCEMENT_LABEL = 'network-policy.homelab/enforcement';
export const ENFORCEMENT_DISABLED = 'disabled';
/** Prefix of the access labels (`access.network-policy.homelab/<resource>: "true"`). */
export const ACCESS_LABEL_PREFIX = 'access.network-policy.homelab/';
export const ACCESS_LABEL_VALUE = 'true';
export const DATAPLANE_LABEL = 'istio.io/dataplane-mode';

/** How Cilium exposes a namespace's labels on every pod identity of that namespace. */
export const CILIUM_NS_LABEL_PREFIX = 'io.cilium.k8s.namespace.labels.';
/** The pod-namespace identity label. */
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

export function namespaceLabelKey(label: string): string {
  return `${CILIUM_NS_LABEL_PREFIX}${label}`;
}

export function accessLabel(resource: string): string {
  return `${ACCESS_LABEL_PREFIX}${resource}`;
}

/** kube-state-metrics exposes a namespace label `a.b/c-d` as Prometheus label `label_a_b_c_d`. */
export function ksmLabelName(label: string): string {
  return `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}
