import type { ClusterNetworkInput, SiteInput } from '../lib/inventory/schema.js';

/** The clusters of this homelab, each with a Terraform stack and a Flux tree (staging has neither). */
export const CLUSTER_NAMES = ['dev', 'integration', 'live'] as const;
export type ClusterName = (typeof CLUSTER_NAMES)[number];

/** Site-wide network facts (reference: infra.md §1 networking.hcl). */
export const siteNetwork = {
  domains: { internal: 'tomnowak.work', external: 'ionfury.tv' },
  /** The one node subnet, `citadel`. */
  nodeSubnet: '192.168.10.0/24',
  nameservers: ['192.168.10.1'],
  timeservers: ['0.pool.ntp.org', '1.pool.ntp.org'],
  bgp: { routerIp: '192.168.10.1', routerAsn: 64512 },
  // LAN appliances outside the clusters, reached by name (reference: platform-extras.md §2, accounts.hcl).
  endpoints: {
    'unifi-network': { address: '192.168.1.1', description: 'UniFi Dream Machine: Network controller UI and API' },
    'unifi-protect': { address: '192.168.1.40', description: 'UniFi Protect NVR' },
  },
} as const satisfies SiteInput;

const shared = { nodeSubnet: siteNetwork.nodeSubnet, nameservers: [...siteNetwork.nameservers], timeservers: [...siteNetwork.timeservers] };

/**
 * Per-cluster network facts: each cluster owns ten addresses (VIP x0, pool x1–x9, ingress x2/x3).
 * Validated together with the hosts when the model is built (model/index.ts).
 */
export const clusterNetworks: Readonly<Record<ClusterName, ClusterNetworkInput>> = {
  live: {
    id: 1,
    internalDomain: 'internal.tomnowak.work',
    externalDomain: 'ionfury.tv',
    ...shared,
    podSubnet: '172.18.0.0/16',
    serviceSubnet: '172.19.0.0/16',
    vip: '192.168.10.20',
    ipPool: { start: '192.168.10.21', stop: '192.168.10.29' },
    ingress: { internal: '192.168.10.22', external: '192.168.10.23' },
    bgpAsn: 64513,
    // The booter LoadBalancer address (reference: booter_ip in kubernetes/clusters/live/cluster-apps.env).
    pxe: { serverIp: '192.168.10.21' },
  },
  integration: {
    id: 2,
    internalDomain: 'internal.integration.tomnowak.work',
    externalDomain: 'integration.ionfury.tv',
    ...shared,
    podSubnet: '172.20.0.0/16',
    serviceSubnet: '172.21.0.0/16',
    vip: '192.168.10.30',
    ipPool: { start: '192.168.10.31', stop: '192.168.10.39' },
    ingress: { internal: '192.168.10.32', external: '192.168.10.33' },
    bgpAsn: 64514,
  },
  dev: {
    id: 4,
    internalDomain: 'internal.dev.tomnowak.work',
    externalDomain: 'dev.ionfury.tv',
    ...shared,
    podSubnet: '172.24.0.0/16',
    serviceSubnet: '172.25.0.0/16',
    vip: '192.168.10.50',
    ipPool: { start: '192.168.10.51', stop: '192.168.10.59' },
    ingress: { internal: '192.168.10.52', external: '192.168.10.53' },
    bgpAsn: 64515,
  },
};
