// The facts of this homelab's site, in one value: hosts, networks, network boot and external accounts.
// The bottom layer: only lib/ below it. homelab.ts hands it to the model (model/index.ts).
import { accounts } from './accounts.js';
import { hosts } from './inventory.js';
import { CLUSTER_NAMES, clusterNetworks, siteNetwork } from './networking.js';
import { pxeBoot } from './pxe.js';

export type { ClusterName } from './networking.js';

export const homelabSite = {
  clusterNames: CLUSTER_NAMES,
  network: siteNetwork,
  clusterNetworks,
  hosts,
  pxe: pxeBoot,
  accounts,
} as const;

export type SiteFacts = typeof homelabSite;
