import type { ClusterName, ClusterNetwork, FluxSource, StorageProvisioning } from '../lib/model/cluster.js';
import { clusterNetworks, site } from '../infra/networking.js';

/** Volume sizes of the platform data services (reference: infra.md §5, "normal" vs "minimal"). */
export interface StorageSizes {
  readonly garageData: string;
  readonly garageMeta: string;
  readonly database: string;
  readonly dragonfly: string;
  readonly loki: string;
  readonly prometheus: string;
  /** Prometheus `retentionSize` (must stay below the volume). */
  readonly prometheusRetention: string;
}

export const storageSizes: Readonly<Record<StorageProvisioning, StorageSizes>> = {
  normal: { garageData: '100Gi', garageMeta: '10Gi', database: '20Gi', dragonfly: '2Gi', loki: '50Gi', prometheus: '100Gi', prometheusRetention: '90GB' },
  minimal: { garageData: '1Gi', garageMeta: '1Gi', database: '1Gi', dragonfly: '1Gi', loki: '1Gi', prometheus: '2Gi', prometheusRetention: '1GB' },
};

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
  readonly promotion: PromotionRole;
  readonly features: ClusterFeatures;
}

/** The repository every cluster's Flux syncs (git for dev, OCI artifacts of dist/kubernetes elsewhere). */
export const fluxRepository = {
  gitUrl: 'https://github.com/ionfury/homelab',
  ociUrl: 'oci://ghcr.io/ionfury/homelab/kubernetes',
} as const;

export const clusters: Readonly<Record<ClusterName, ClusterConfig>> = {
  dev: {
    name: 'dev',
    network: clusterNetworks.dev,
    bgp: site.bgp,
    replicas: 1,
    storage: 'minimal',
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'git', branch: 'main' },
    promotion: 'git',
    features: { gpu: false },
  },
  integration: {
    name: 'integration',
    network: clusterNetworks.integration,
    bgp: site.bgp,
    replicas: 3,
    storage: 'minimal',
    tlsIssuer: 'homelab-ca',
    // Every build: `1.<UTC yyyymmddHHMMSS>.0-rc` (pre-releases included).
    flux: { kind: 'oci', semver: '>=1.0.0-0' },
    promotion: 'validate',
    features: { gpu: false },
  },
  live: {
    name: 'live',
    network: clusterNetworks.live,
    bgp: site.bgp,
    replicas: 3,
    storage: 'normal',
    tlsIssuer: 'cloudflare',
    // Validated builds only: `1.<same timestamp>.0` (semver ranges exclude pre-releases).
    flux: { kind: 'oci', semver: '>=1.0.0' },
    promotion: 'production',
    // node2 carries a Tesla P4 (infra.md §1).
    features: { gpu: true },
  },
};
