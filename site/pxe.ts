import type { PxeBoot } from '../lib/pxe/pxe.js';

/**
 * Network boot (reference: infra.md §2). Nodes PXE-boot a generic Talos image into maintenance mode;
 * their installer image is per machine (lib/talos/schematic.ts). The server's address is the `pxe`
 * fact of the cluster network that runs it (site/networking.ts).
 */
export const pxeBoot: PxeBoot = {
  extensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'],
  network: 'citadel',
  networkPurpose: 'corporate',
  bootFile: 'ipxe.efi',
};
