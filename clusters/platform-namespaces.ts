import type { Dataplane, PodSecurityLevel } from '../lib/k8s/namespace.js';
import type { PlatformNetwork } from '../lib/netpol/namespaces.js';

export interface PlatformNamespaceSpec {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly dataplane: Dataplane;
  readonly networkPolicy: PlatformNetwork;
  /** Label `access.network-policy.homelab/kube-api` (reference: kubeApiAccess). */
  readonly kubeApi?: boolean;
  /** Created by the Terraform Flux bootstrap, not by this tree (flux-system). */
  readonly external?: boolean;
}

const handCrafted: PlatformNetwork = { policy: 'hand-crafted' };
const ns = (name: string, podSecurity: PodSecurityLevel, dataplane: Dataplane = 'ambient', extra: Partial<PlatformNamespaceSpec> = {}): PlatformNamespaceSpec => ({
  name,
  podSecurity,
  dataplane,
  networkPolicy: handCrafted,
  ...extra,
});
const internalEgress = (reason: string): PlatformNetwork => ({ profile: 'internal-egress', reason });

/** Where the internal and external Gateways live; app routes attach to them (flux-clusters.md §3 "Routes"). */
export const GATEWAY_NAMESPACE = 'istio-gateway';

/** The 21 platform namespaces (reference: platform.md §1), in the reference's order, plus flux-system. */
export const platformNamespaces: readonly PlatformNamespaceSpec[] = [
  ns('cert-manager', 'restricted'),
  ns('external-secrets', 'restricted'),
  ns('system', 'restricted'),
  ns('cnpg-system', 'restricted'),
  ns('database', 'restricted'),
  ns('dragonfly-system', 'restricted'),
  ns('kromgo', 'restricted'),
  ns('external-dns', 'restricted', 'ambient', { networkPolicy: internalEgress('external-dns only calls DNS provider APIs over HTTPS; the profile covers it'), kubeApi: true }),
  ns('oauth2-proxy', 'restricted'),
  ns('cache', 'restricted'),
  ns('garage-system', 'restricted'),
  ns(GATEWAY_NAMESPACE, 'baseline'),
  ns('garage', 'baseline'),
  ns('velero', 'privileged', 'ambient', { networkPolicy: internalEgress('velero only needs the API server and HTTPS object storage; the profile covers it'), kubeApi: true }),
  ns('kube-system', 'privileged', 'standard'),
  ns('longhorn-system', 'privileged', 'standard'),
  ns('istio-system', 'privileged'),
  ns('monitoring', 'privileged'),
  ns('spegel', 'privileged', 'standard'),
  ns('gpu-system', 'privileged', 'standard', { kubeApi: true }),
  ns('system-upgrade', 'privileged'),
  ns('flux-system', 'restricted', 'standard', { external: true }),
];
