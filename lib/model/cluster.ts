import { z } from 'zod';

export const CLUSTER_NAMES = ['dev', 'integration', 'live'] as const;
export type ClusterName = (typeof CLUSTER_NAMES)[number];

const ipv4 = z.ipv4();
const cidr = z.cidrv4();

/** The network facts of one cluster (reference: infra.md §1, networking.hcl `clusters.<n>`). */
export const clusterNetworkSchema = z.strictObject({
  id: z.int().positive(),
  internalDomain: z.string().regex(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/),
  externalDomain: z.string().regex(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/),
  nodeSubnet: cidr,
  podSubnet: cidr,
  serviceSubnet: cidr,
  vip: ipv4,
  ipPool: z.strictObject({ start: ipv4, stop: ipv4 }),
  ingress: z.strictObject({ internal: ipv4, external: ipv4 }),
  bgpAsn: z.int().min(64512).max(65534),
});
export type ClusterNetwork = z.infer<typeof clusterNetworkSchema>;

/** How a cluster's Flux follows the repository (SPEC §3.5). */
export type FluxSource = { readonly kind: 'git'; readonly branch: string } | { readonly kind: 'oci'; readonly semver: string };

export type StorageProvisioning = 'normal' | 'minimal';
