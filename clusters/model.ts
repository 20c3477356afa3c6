import { STORAGE_SIZES, type ClusterName, type ClusterNetwork, type FluxSource, type StorageProvisioning, type StorageSizes } from '../lib/model/cluster.js';
import { loadInventory } from '../infra/inventory.js';
import { pxeBoot } from '../infra/pxe.js';
import { pxeSchematic } from '../lib/pxe/pxe.js';

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
  /** Hostnames of the cluster's nodes, from the inventory. */
  readonly nodes: readonly string[];
  /** Set when this cluster serves network boot: the PXE server's address and boot image. */
  readonly pxe?: { readonly serverIp: string; readonly schematicId: string };
}

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
    ...(network.pxe ? { pxe: { serverIp: network.pxe.serverIp, schematicId: pxeSchematic(pxeBoot).id } } : {}),
  };
}

const definitions: Readonly<Record<ClusterName, () => ClusterConfig>> = {
  dev: () => ({
    ...fromInventory('dev', 'minimal'),
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'git', branch: 'main' },
  }),
  integration: () => ({
    ...fromInventory('integration', 'minimal'),
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'oci', semver: '>=1.0.0-0' },
  }),
  live: () => ({
    ...fromInventory('live', 'normal'),
    tlsIssuer: 'cloudflare',
    flux: { kind: 'oci', semver: '>=1.0.0' },
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
