import type { Inventory } from '../lib/inventory/inventory.js';
import type { ClusterNetwork, Host } from '../lib/inventory/schema.js';
import type { FluxSourceSpec } from '../lib/flux/sync.js';
import { pxeSchematic, type PxeBoot } from '../lib/pxe/pxe.js';
import type { ClusterName } from '../site/index.js';
import { STORAGE_SIZES, type StorageProvisioning, type StorageSizes } from './storage.js';

/** Optional capabilities of a cluster; each toggles the releases and config that need it. */
export interface ClusterFeatures {
  /** NVIDIA GPU nodes (device plugin, DCGM exporter). */
  readonly gpu: boolean;
  /** Serves the site's public zone (its external domain is the zone itself): external-dns publishes its routes. */
  readonly publicDns: boolean;
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
 * Everything that differs between the clusters, in one typed model built from the site facts: the
 * Kubernetes composition (clusters/) and the Terraform composition (infra/) both receive it, so no fact is
 * copied between them.
 */
export interface ClusterConfig {
  readonly name: ClusterName;
  readonly network: ClusterNetwork;
  readonly bgp: { readonly routerIp: string; readonly routerAsn: number };
  /** Replicas for platform data services: min(3, #nodes). */
  readonly replicas: number;
  readonly storage: StorageProvisioning;
  readonly tlsIssuer: 'homelab-ca' | 'cloudflare';
  /** The ACME account of the `cloudflare` issuer (Let's Encrypt registration e-mail). */
  readonly acmeEmail: string;
  readonly flux: FluxSourceSpec;
  /** Kubernetes API endpoint host name (`k8s.<internal domain>`), resolved to the control planes. */
  readonly apiHost: string;
  /** Volume sizes of the platform data services, from `storage`. */
  readonly storageSizes: StorageSizes;
  /** Node interfaces Cilium announces LoadBalancer IPs on (L2 announcements). */
  readonly l2Interfaces: readonly string[];
  /** Tags of the disks the cluster gives Longhorn (e.g. `fast`, `slow`), from the inventory. */
  readonly diskTags: readonly string[];
  /** The cluster's nodes, from the inventory, in inventory order. */
  readonly hosts: readonly Host[];
  /**
   * Hardware Prometheus scrapes over the LAN by DNS name (UniFi names clients `<name>.<network>.<internal
   * domain>`): the BMC of each node (`<host>-ipmi`, set on the BMC per the Supermicro runbook) and the UPS.
   */
  readonly hardware: { readonly bmcs: readonly string[]; readonly ups: string };
  /** Set when this cluster serves network boot: the PXE server's address and boot image. */
  readonly pxe?: {
    readonly serverIp: string;
    readonly schematicId: string;
    readonly schematicYaml: string;
    readonly boot: PxeBoot;
    /** The subnet PXE clients boot on: the one of the UniFi network whose DHCP hands out the boot options. */
    readonly clientSubnet: string;
  };
  readonly promotion: PromotionRole;
  readonly features: ClusterFeatures;
  readonly disasterRecovery: DisasterRecovery;
  /**
   * The address of a named LAN endpoint of the networking model (an appliance outside the clusters); an
   * unknown name is a synth error naming `where` and `field`.
   */
  readonly endpoint: (name: string, where: string, field: string) => string;
}

/** How a cluster comes back after a rebuild (docs/runbooks/cluster-rebuild.md). */
export interface DisasterRecovery {
  /** Restore the latest Velero backups on every build, gating the restored workloads on it. */
  readonly restoreOnBuild: boolean;
  /** A small bucket and key of seed data for rebuild drills (dev). */
  readonly drillBucket: boolean;
}

/** What only the model decides per cluster (everything else derives from the inventory). */
interface ClusterChoices {
  readonly storage: StorageProvisioning;
  readonly tlsIssuer: ClusterConfig['tlsIssuer'];
  readonly flux: FluxSourceSpec;
  readonly promotion: PromotionRole;
  readonly disasterRecovery: DisasterRecovery;
}

const CHOICES: Readonly<Record<ClusterName, ClusterChoices>> = {
  dev: {
    storage: 'minimal', tlsIssuer: 'homelab-ca', flux: { kind: 'git', branch: 'main' }, promotion: 'git',
    disasterRecovery: { restoreOnBuild: true, drillBucket: true },
  },
  integration: {
    storage: 'minimal', tlsIssuer: 'homelab-ca', promotion: 'validate',
    // Build tags only (`2.<build number>.0-rc`): pre-releases are in the range, and the filter keeps out the
    // release tags (`2.<n>.0`, rollbacks `2.<n>.<p>`), so promoting or rolling back live never moves
    // integration (docs/promotion.md).
    flux: { kind: 'oci', semver: '>=2.0.0-0', semverFilter: '^2\\.[0-9]+\\.0-rc$' },
    // Rebuilt from scratch to validate builds: it starts empty rather than from old data.
    disasterRecovery: { restoreOnBuild: false, drillBucket: false },
  },
  live: {
    storage: 'normal', tlsIssuer: 'cloudflare', promotion: 'production',
    // Released builds only: `2.<build number>.0` once validated, or a rollback `2.<n>.<p>` (semver ranges
    // exclude pre-releases).
    flux: { kind: 'oci', semver: '>=2.0.0' },
    disasterRecovery: { restoreOnBuild: true, drillBucket: false },
  },
};

/** One cluster's model: the model's choices plus the facts derived from the (validated) inventory. */
export function clusterConfig(name: ClusterName, inventory: Inventory, pxe: PxeBoot, acmeEmail: string): ClusterConfig {
  const choices = CHOICES[name];
  const network = inventory.network(name);
  const members = inventory.hostsOf(name);
  const schematic = pxeSchematic(pxe);
  const lanZone = `${pxe.network}.${inventory.site.domains.internal}`;
  return {
    name,
    ...choices,
    endpoint: (endpoint, where, field) => inventory.endpoint(endpoint, where, field),
    acmeEmail,
    network,
    bgp: inventory.site.bgp,
    replicas: inventory.replicas(name),
    storageSizes: STORAGE_SIZES[choices.storage],
    apiHost: `k8s.${network.internalDomain}`,
    // Talos names the first bond `bond0` (lib/talos): every node announces on it.
    l2Interfaces: [...new Set(members.flatMap((h) => h.bonds.map((_, i) => `bond${i}`)))].sort(),
    hosts: members,
    hardware: { bmcs: members.map((h) => `${h.hostname}-ipmi.${lanZone}`), ups: `ups.${lanZone}` },
    diskTags: [...new Set(members.flatMap((h) => h.volumes.flatMap((v) => v.tags)))].sort(),
    // A GPU node brings the device plugin and DCGM exporter (live: node2's Tesla P4).
    features: { gpu: members.some((h) => h.features.nvidia), publicDns: network.externalDomain === inventory.site.domains.external },
    // PXE clients are the hosts, on the node subnet (the boot network's DHCP scope, site/pxe.ts).
    ...(network.pxe ? { pxe: { serverIp: network.pxe.serverIp, schematicId: schematic.id, schematicYaml: schematic.yaml, boot: pxe, clientSubnet: network.nodeSubnet } } : {}),
  };
}
