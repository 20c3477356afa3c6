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
  nameservers: z.array(ipv4).min(1),
  timeservers: z.array(z.string().min(1)).min(1),
  /** Set on the one cluster that serves network boot: the PXE server's LoadBalancer address (in the pool). */
  pxe: z.strictObject({ serverIp: ipv4 }).optional(),
});
export type ClusterNetwork = z.infer<typeof clusterNetworkSchema>;

/** How a cluster's Flux follows the repository (SPEC §3.5). */
export type FluxSource =
  | { readonly kind: 'git'; readonly branch: string }
  /** `semverFilter`: a regex over the tags inside the range (Flux OCIRepository `ref.semverFilter`). */
  | { readonly kind: 'oci'; readonly semver: string; readonly semverFilter?: string };

export type StorageProvisioning = 'normal' | 'minimal';

/** Volume sizes of the platform data services per storage provisioning (reference: infra.md §5). */
export interface StorageSizes {
  readonly garageData: string;
  readonly garageMeta: string;
  readonly database: string;
  readonly dragonfly: string;
  readonly loki: string;
  readonly prometheus: string;
  /** Prometheus TSDB retention size (Prometheus units, e.g. `90GB`). */
  readonly prometheusRetention: string;
}

export const STORAGE_SIZES: Readonly<Record<StorageProvisioning, StorageSizes>> = {
  normal: { garageData: '100Gi', garageMeta: '10Gi', database: '20Gi', dragonfly: '2Gi', loki: '50Gi', prometheus: '100Gi', prometheusRetention: '90GB' },
  minimal: { garageData: '1Gi', garageMeta: '1Gi', database: '1Gi', dragonfly: '1Gi', loki: '1Gi', prometheus: '2Gi', prometheusRetention: '1GB' },
};
