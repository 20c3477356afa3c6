import { STORAGE_SIZES, type ClusterName, type ClusterNetwork, type FluxSource, type StorageProvisioning, type StorageSizes } from '../lib/model/cluster.js';
import { loadInventory } from '../infra/inventory.js';
import { pxeBoot } from '../infra/pxe.js';
import { pxeSchematic } from '../lib/pxe/pxe.js';

/** Optional capabilities of a cluster; each toggles the releases and config that need it. */
export interface ClusterFeatures {
  /** NVIDIA GPU nodes (device plugin, DCGM exporter). */
  readonly gpu: boolean;
}

/** What a cluster's Flux does in the promotion pipeline (SPEC §3.5, docs/promotion.md). */
export type PromotionRole =
  /** follows git main directly (dev) */
  | 'git'
  /** deploys every build and validates it; success tags the build for live (integration) */
  | 'validate'
  /** deploys only validated builds (live) */
  | 'production';

/**
 * Everything that differs between the clusters, in one typed model: the k8s side (clusters/) and the
 * Terraform side (infra/) both read it, so no fact is copied between them.
 */
export interface ClusterConfig {
  readonly name: ClusterName;
  readonly network: ClusterNetwork;
  readonly bgp: { readonly routerIp: string; readonly routerAsn: number };
  /** Replicas for platform data services: min(3, #nodes). */
  readonly replicas: number;
  readonly storage: StorageProvisioning;
  readonly tlsIssuer: 'homelab-ca' | 'cloudflare';
  readonly flux: FluxSource;
  /** Kubernetes API endpoint host name (`k8s.<internal domain>`), resolved to the control planes. */
  readonly apiHost: string;
  /** Volume sizes of the platform data services, from `storage`. */
  readonly storageSizes: StorageSizes;
  /** Node interfaces Cilium announces LoadBalancer IPs on (L2 announcements). */
  readonly l2Interfaces: readonly string[];
  /** Tags of the disks the cluster gives Longhorn (e.g. `fast`, `slow`), from the inventory. */
  readonly diskTags: readonly string[];
  /** Hostnames of the cluster's nodes, from the inventory. */
  readonly nodes: readonly string[];
  /** Set when this cluster serves network boot: the PXE server's address and boot image. */
  readonly pxe?: { readonly serverIp: string; readonly schematicId: string };
  readonly promotion: PromotionRole;
  readonly features: ClusterFeatures;
  readonly disasterRecovery: DisasterRecovery;
}

/** How a cluster comes back after a rebuild (docs/runbooks/cluster-rebuild.md). */
export interface DisasterRecovery {
  /** Restore the latest Velero backups on every build, gating the restored workloads on it. */
  readonly restoreOnBuild: boolean;
  /** A small bucket and key of seed data for rebuild drills (dev). */
  readonly drillBucket: boolean;
}

/** The repository every cluster's Flux syncs (git for dev, OCI artifacts of dist/kubernetes elsewhere). */
export const fluxRepository = {
  gitUrl: 'https://github.com/ionfury/homelab',
  ociUrl: 'oci://ghcr.io/ionfury/homelab/kubernetes',
} as const;

/** The facts both sides derive from the inventory rather than restate. */
function fromInventory(name: ClusterName, storage: StorageProvisioning) {
  const inventory = loadInventory();
  const network = inventory.network(name);
  const members = inventory.hostsOf(name);
  return {
    name,
    network,
    bgp: inventory.site.bgp,
    replicas: inventory.replicas(name),
    storage,
    storageSizes: STORAGE_SIZES[storage],
    apiHost: `k8s.${network.internalDomain}`,
    // Talos names the first bond `bond0` (lib/talos): every node announces on it.
    l2Interfaces: [...new Set(members.flatMap((h) => h.bonds.map((_, i) => `bond${i}`)))].sort(),
    nodes: members.map((h) => h.hostname),
    diskTags: [...new Set(members.flatMap((h) => h.volumes.flatMap((v) => v.tags)))].sort(),
    // A GPU node brings the device plugin and DCGM exporter (live: node2's Tesla P4).
    features: { gpu: members.some((h) => h.features.nvidia) },
    ...(network.pxe ? { pxe: { serverIp: network.pxe.serverIp, schematicId: pxeSchematic(pxeBoot).id } } : {}),
  };
}

const definitions: Readonly<Record<ClusterName, () => ClusterConfig>> = {
  dev: () => ({
    ...fromInventory('dev', 'minimal'),
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'git', branch: 'main' },
    promotion: 'git',
    disasterRecovery: { restoreOnBuild: true, drillBucket: true },
  }),
  integration: () => ({
    ...fromInventory('integration', 'minimal'),
    tlsIssuer: 'homelab-ca',
    // Build tags only (`2.<build number>.0-rc`): pre-releases are in the range, and the filter keeps out the
    // release tags (`2.<n>.0`, rollbacks `2.<n>.<p>`), so promoting or rolling back live never moves
    // integration (docs/promotion.md).
    flux: { kind: 'oci', semver: '>=2.0.0-0', semverFilter: '^2\\.[0-9]+\\.0-rc$' },
    promotion: 'validate',
    // Rebuilt from scratch to validate builds: it starts empty rather than from old data.
    disasterRecovery: { restoreOnBuild: false, drillBucket: false },
  }),
  live: () => ({
    ...fromInventory('live', 'normal'),
    tlsIssuer: 'cloudflare',
    // Released builds only: `2.<build number>.0` once validated, or a rollback `2.<n>.<p>` (semver ranges
    // exclude pre-releases).
    flux: { kind: 'oci', semver: '>=2.0.0' },
    promotion: 'production',
    disasterRecovery: { restoreOnBuild: true, drillBucket: false },
  }),
};

const built = new Map<ClusterName, ClusterConfig>();

/**
 * The clusters, built from the inventory on first access (so an inventory error surfaces inside the
 * synth as a SynthError rather than while modules load).
 */
export const clusters: Readonly<Record<ClusterName, ClusterConfig>> = Object.defineProperties(
  {} as Record<ClusterName, ClusterConfig>,
  Object.fromEntries(
    (Object.keys(definitions) as ClusterName[]).map((name) => [
      name,
      {
        enumerable: true,
        get: (): ClusterConfig => {
          if (!built.has(name)) built.set(name, definitions[name]());
          return built.get(name)!;
        },
      },
    ]),
  ),
);
