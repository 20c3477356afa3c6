import { schematicId, schematicYaml } from '../talos/schematic.js';

/** Network boot as the model declares it: what the PXE server serves and how DHCP points at it. */
export interface PxeBoot {
  /** Official extensions of the generic boot image (full names). */
  readonly extensions: readonly string[];
  /** UniFi network whose DHCP hands out the boot options. */
  readonly network: string;
  readonly networkPurpose: string;
  /** Boot file for the nodes' firmware (UEFI: `ipxe.efi`). */
  readonly bootFile: string;
}

/** The boot image's schematic: its canonical YAML (registered by Terraform) and its id (used by booter). */
export function pxeSchematic(boot: PxeBoot): { readonly yaml: string; readonly id: string } {
  const yaml = schematicYaml({ officialExtensions: [...boot.extensions].sort() });
  return { yaml, id: schematicId(yaml) };
}
