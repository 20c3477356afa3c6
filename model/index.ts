// The homelab model: the site facts validated into an inventory, and one ClusterConfig per cluster.
// Built once per synth by homelab.ts and passed down explicitly to both compositions (clusters/, infra/).
import { Inventory } from '../lib/inventory/inventory.js';
import type { ClusterName, SiteFacts } from '../site/index.js';
import { clusterConfig, type ClusterConfig } from './clusters.js';

export type { ClusterName } from '../site/index.js';
export type { ClusterConfig, ClusterFeatures, DisasterRecovery, PromotionRole } from './clusters.js';

export interface HomelabModel {
  readonly site: SiteFacts;
  readonly inventory: Inventory;
  /** Every cluster, in the site's order. */
  readonly clusters: readonly ClusterConfig[];
  /** The cluster called `name`. */
  cluster(name: ClusterName): ClusterConfig;
}

/**
 * Validates the site facts (every problem reported together, each naming its file and field) and derives
 * the cluster model. Called inside the synth, so a bad fact is a synth error, not a crash at module load.
 */
export function buildModel(site: SiteFacts): HomelabModel {
  const inventory = Inventory.define({ site: site.network, clusters: site.clusterNetworks, hosts: site.hosts });
  const clusters = site.clusterNames.map((name) => clusterConfig(name, inventory, site.pxe, site.accounts.cloudflare.acmeEmail));
  const byName = new Map(clusters.map((c) => [c.name, c]));
  return { site, inventory, clusters, cluster: (name) => byName.get(name)! };
}
