import type { Dataplane, PodSecurityLevel } from '../lib/k8s/namespace.js';

export interface PlatformNamespaceSpec {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly dataplane: Dataplane;
}

const ns = (name: string, podSecurity: PodSecurityLevel, dataplane: Dataplane = 'ambient'): PlatformNamespaceSpec => ({ name, podSecurity, dataplane });

/** The 21 platform namespaces (reference: platform.md §1), in the reference's order. */
export const platformNamespaces: readonly PlatformNamespaceSpec[] = [
  ns('cert-manager', 'restricted'),
  ns('external-secrets', 'restricted'),
  ns('system', 'restricted'),
  ns('cnpg-system', 'restricted'),
  ns('database', 'restricted'),
  ns('dragonfly-system', 'restricted'),
  ns('kromgo', 'restricted'),
  ns('external-dns', 'restricted'),
  ns('oauth2-proxy', 'restricted'),
  ns('cache', 'restricted'),
  ns('garage-system', 'restricted'),
  ns('istio-gateway', 'baseline'),
  ns('garage', 'baseline'),
  ns('velero', 'privileged'),
  ns('kube-system', 'privileged', 'standard'),
  ns('longhorn-system', 'privileged', 'standard'),
  ns('istio-system', 'privileged'),
  ns('monitoring', 'privileged'),
  ns('spegel', 'privileged', 'standard'),
  ns('gpu-system', 'privileged', 'standard'),
  ns('system-upgrade', 'privileged'),
];
