import type { ClusterName, ClusterNetwork, FluxSource, StorageProvisioning } from '../lib/model/cluster.js';
import { clusterNetworks, site } from '../infra/networking.js';

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
}

export const clusters: Readonly<Record<ClusterName, ClusterConfig>> = {
  dev: {
    name: 'dev',
    network: clusterNetworks.dev,
    bgp: site.bgp,
    replicas: 1,
    storage: 'minimal',
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'git', branch: 'main' },
  },
  integration: {
    name: 'integration',
    network: clusterNetworks.integration,
    bgp: site.bgp,
    replicas: 3,
    storage: 'minimal',
    tlsIssuer: 'homelab-ca',
    flux: { kind: 'oci', semver: '>= 0.0.0-0' },
  },
  live: {
    name: 'live',
    network: clusterNetworks.live,
    bgp: site.bgp,
    replicas: 3,
    storage: 'normal',
    tlsIssuer: 'cloudflare',
    flux: { kind: 'oci', semver: '>= 0.0.0' },
  },
};
