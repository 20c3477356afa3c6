import { describe, expect, it } from 'vitest';
import { installSpecOf, schematicId, schematicYaml } from '../../lib/talos/schematic.js';
import { model } from '../model.js';

const inventory = model.inventory;

describe('image factory schematics', () => {
  it('reproduces ids the image factory returned', () => {
    // The vanilla (empty) schematic, a well-known id.
    expect(schematicId(schematicYaml({}))).toBe('376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba');
    // The reference's hand-made PXE schematic (iscsi-tools + util-linux-tools) has id 613e1592… (infra.md §2;
    // a 32-bit prefix match is no coincidence; the fact sheet's abbreviated tail differs by one digit).
    const pxe = schematicId(schematicYaml({ officialExtensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'] }));
    expect(pxe.slice(0, 8)).toBe('613e1592');
    expect(pxe).toBe('613e1592b2da41ae5e265e8789429f22e121aab91cb4deb6bc3c0b6262961245');
  });

  it('writes the canonical Go-encoder YAML', () => {
    expect(schematicYaml({ extraKernelArgs: ['mitigations=off'], officialExtensions: ['siderolabs/iscsi-tools'] })).toBe(
      'customization:\n    extraKernelArgs:\n        - mitigations=off\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/iscsi-tools\n',
    );
  });

  it('derives the install spec from host features', () => {
    const gpu = installSpecOf(inventory.hosts.find((h) => h.hostname === 'node2')!);
    expect(gpu.extensions).toEqual(['siderolabs/iscsi-tools', 'siderolabs/nonfree-kmod-nvidia-lts', 'siderolabs/nvidia-container-toolkit-lts', 'siderolabs/util-linux-tools']);
    expect(gpu.extraKernelArgs).toEqual(['apparmor=0', 'init_on_alloc=0', 'init_on_free=0', 'mitigations=off', 'security=none']);
    const plain = installSpecOf({ ...inventory.hosts[0]!, features: { nvidia: false, longhorn: false, hugepages: { size: '1G', count: 8 } } });
    expect(plain.extensions).toEqual([]);
    expect(plain.extraKernelArgs.slice(-3)).toEqual(['default_hugepagesz=1G', 'hugepagesz=1G', 'hugepages=8']);
  });
});
