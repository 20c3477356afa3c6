import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { synthHomelab } from '../helpers.js';
import { model } from '../model.js';

// Every host's volumes, pinned. A volume's name is its on-disk partition label `u-<name>` that Longhorn
// already uses (reference: infra.md §1): a rename or a changed selector orphans the data on that disk, so
// changing a row here is a deliberate, reviewed change, never a side effect of editing site/inventory.ts.
const PINNED: Record<string, string[]> = {
  node2: [
    "megaraid-ssd-480gb-0 disk.dev_path == '/dev/sdb' 100% fast,ssd,any",
    "megaraid-hdd-16tb-0 disk.dev_path == '/dev/sdc' 100% slow,hdd,any",
    "megaraid-hdd-16tb-1 disk.dev_path == '/dev/sdd' 100% slow,hdd,any",
  ],
  node41: ["kingston-ssd-1920gb-0 disk.dev_path == '/dev/sda' 100% fast,ssd,any", "seagate-hdd-20tb-0 disk.dev_path == '/dev/sdb' 100% slow,hdd,any"],
  node42: ["kingston-ssd-1920gb-0 disk.dev_path == '/dev/sda' 100% fast,ssd,any", "seagate-hdd-20tb-0 disk.dev_path == '/dev/sdb' 100% slow,hdd,any"],
  node43: ["crucial-ssd-1tb-0 disk.dev_path == '/dev/sda' 100% fast,ssd,any", "seagate-hdd-20tb-0 disk.dev_path == '/dev/sdb' 100% slow,hdd,any"],
  node44: ["kingston-ssd-480gb-0 disk.dev_path == '/dev/sda' 100% fast,ssd,any", "kingston-ssd-480gb-1 disk.dev_path == '/dev/sdb' 100% fast,ssd,any"],
  node45: ['longhorn system_disk == true 50% fast,ssd,any'],
  node46: ['longhorn system_disk == true 50% fast,ssd,any'],
  node47: ['longhorn system_disk == true 50% fast,ssd,any'],
  node48: ['longhorn system_disk == true 50% fast,ssd,any'],
};

const row = (v: { name: string; selector: string; maxSize: string; tags: readonly string[] }) => `${v.name} ${v.selector} ${v.maxSize} ${v.tags.join(',')}`;

describe('host volumes (partition labels u-<name>)', () => {
  it('every host of the inventory has exactly its pinned volumes', () => {
    const actual = Object.fromEntries(model.inventory.hosts.map((h) => [h.hostname, h.volumes.map(row)]));
    expect(actual).toEqual(PINNED);
  });

  it('each stack hands Talos one UserVolumeConfig per pinned volume, and Longhorn a disk at its mount', () => {
    const out = synthHomelab();
    const seen: Record<string, string[]> = {};
    for (const stack of out.stacks) {
      const configs = ((stack.config.data ?? {}) as any).talos_machine_configuration ?? {};
      for (const config of Object.values(configs) as any[]) {
        const docs = config.config_patches.flatMap((p: string) => parseAllDocuments(p).map((d) => d.toJSON()));
        const main = docs.find((d: any) => d?.machine);
        const name = docs.find((d: any) => d?.kind === 'HostnameConfig').hostname as string;
        const volumes = docs.filter((d: any) => d?.kind === 'UserVolumeConfig');
        seen[name] = volumes.map((v: any) => `${v.name} ${v.provisioning.diskSelector.match} ${v.provisioning.maxSize}`);
        const longhorn = JSON.parse(main.machine.nodeAnnotations?.['node.longhorn.io/default-disks-config'] ?? '[]');
        expect(longhorn.map((d: any) => `${d.name} ${d.path}`), name).toEqual(volumes.map((v: any) => `${v.name} /var/mnt/${v.name}`));
      }
    }
    const expected = Object.fromEntries(Object.entries(PINNED).map(([h, rows]) => [h, rows.map((r) => r.split(' ').slice(0, -1).join(' '))]));
    expect(seen).toEqual(expected);
  });
});
