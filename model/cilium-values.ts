import type { ClusterConfig } from './clusters.js';

/** The Cilium chart values we set (a typed subset of the chart's values.yaml). */
export interface CiliumValues {
  readonly cluster: { readonly name: string; readonly id: number };
  readonly ipam: { readonly mode: 'kubernetes' };
  readonly kubeProxyReplacement: boolean;
  /** KubePrism: Talos' node-local API server load balancer. */
  readonly k8sServiceHost: string;
  readonly k8sServicePort: number;
  readonly routingMode: 'native' | 'tunnel';
  readonly ipv4NativeRoutingCIDR: string;
  readonly autoDirectNodeRoutes: boolean;
  readonly enableIPv4Masquerade: boolean;
  readonly bpf: { readonly masquerade: boolean };
  /** Pod egress shaped by EDT with BBR congestion control (the reference's inline manifest). */
  readonly bandwidthManager: { readonly enabled: boolean; readonly bbr: boolean };
  /** BIG TCP for IPv4: larger GSO/GRO packets on the nodes' 10 GbE links. */
  readonly enableIPv4BIGTCP: boolean;
  /** Maglev consistent hashing and direct server return for Services (LoadBalancer IPs keep the client address). */
  readonly loadBalancer: { readonly algorithm: 'maglev' | 'random'; readonly mode: 'dsr' | 'snat' | 'hybrid' };
  readonly bgpControlPlane: { readonly enabled: boolean };
  readonly l2announcements: { readonly enabled: boolean };
  readonly externalIPs: { readonly enabled: boolean };
  readonly policyDenyResponse: 'icmp' | 'none';
  readonly operator: { readonly replicas: number; readonly rollOutPods: boolean };
  readonly rollOutCiliumPods: boolean;
  readonly cgroup: { readonly autoMount: { readonly enabled: boolean }; readonly hostRoot: string };
  readonly securityContext: { readonly capabilities: { readonly ciliumAgent: readonly string[]; readonly cleanCiliumState: readonly string[] } };
  readonly socketLB: { readonly hostNamespaceOnly: boolean };
  readonly cni: { readonly exclusive: boolean };
  readonly hubble: { readonly enabled: boolean; readonly relay: { readonly enabled: boolean }; readonly ui: { readonly enabled: boolean } };
}

/** KubePrism listens on every Talos node at localhost:7445. */
export const KUBEPRISM = { host: '127.0.0.1', port: 7445 } as const;

/**
 * Cilium values for one cluster, all from the typed cluster model: eBPF kube-proxy replacement reaching
 * the API server through KubePrism, native routing over the cluster's pod CIDR, maglev + DSR load balancing,
 * the bandwidth manager with BBR and BIG TCP (as the reference's inline manifest), BGP control plane and L2
 * announcements for LoadBalancer IPs, Talos' cgroup/capability constraints, and coexistence with Istio
 * ambient (socket LB only in host namespaces, non-exclusive CNI for istio-cni chaining).
 */
export function ciliumValues(cluster: ClusterConfig): CiliumValues {
  return {
    cluster: { name: cluster.name, id: cluster.network.id },
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: true,
    k8sServiceHost: KUBEPRISM.host,
    k8sServicePort: KUBEPRISM.port,
    routingMode: 'native',
    ipv4NativeRoutingCIDR: cluster.network.podSubnet,
    autoDirectNodeRoutes: true,
    enableIPv4Masquerade: true,
    bpf: { masquerade: true },
    bandwidthManager: { enabled: true, bbr: true },
    enableIPv4BIGTCP: true,
    loadBalancer: { algorithm: 'maglev', mode: 'dsr' },
    bgpControlPlane: { enabled: true },
    l2announcements: { enabled: true },
    externalIPs: { enabled: true },
    policyDenyResponse: 'icmp',
    operator: { replicas: Math.min(2, cluster.replicas), rollOutPods: true },
    rollOutCiliumPods: true,
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
    securityContext: {
      capabilities: {
        ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
        cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
      },
    },
    socketLB: { hostNamespaceOnly: true },
    cni: { exclusive: false },
    hubble: { enabled: true, relay: { enabled: true }, ui: { enabled: true } },
  };
}
