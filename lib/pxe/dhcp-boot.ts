import { Construct } from 'constructs';
import { DataUnifiNetwork, UnifiNetwork } from '../generated/providers/unifi.js';

export interface DhcpBootOptionsProps {
  /** Name of the existing UniFi network the nodes boot on (e.g. `citadel`). */
  readonly network: string;
  /** The network's purpose as UniFi has it (`corporate` for a LAN). */
  readonly purpose: string;
  /** next-server: the PXE (TFTP) server's address. */
  readonly server: string;
  /** Boot file the firmware fetches from the server (`ipxe.efi` for UEFI). */
  readonly filename: string;
}

/**
 * Network boot on an existing UniFi network, declared: DHCP option next-server and boot file point at the
 * PXE server. The network itself is adopted (an `import` block finds it by name), and every attribute
 * other than the boot options is ignored, so OpenTofu never rewrites the rest of the network's settings.
 */
export class DhcpBootOptions extends Construct {
  readonly network: UnifiNetwork;

  constructor(scope: Construct, id: string, props: DhcpBootOptionsProps) {
    super(scope, id);
    const existing = new DataUnifiNetwork(this, 'existing', { name: props.network });
    const managed = ['name', 'purpose', 'dhcpd_boot_enabled', 'dhcpd_boot_server', 'dhcpd_boot_filename'];
    this.network = new UnifiNetwork(this, 'network', {
      name: props.network,
      purpose: props.purpose,
      dhcpd_boot_enabled: true,
      dhcpd_boot_server: props.server,
      dhcpd_boot_filename: props.filename,
      lifecycle: { preventDestroy: true, ignoreChanges: UnifiNetwork.tfAttributes.filter((a) => !managed.includes(a)) },
    });
    this.network.importFrom(existing.str('id'));
  }
}
