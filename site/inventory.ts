import type { HostInput } from '../lib/inventory/schema.js';

// The hosts (reference: infra.md §1 inventory.hcl). Every real host has one active-backup bond with one
// link, one address and VLAN 10. Hosts outside the clusters (rpi1-4, node1, node3) are not listed: their
// MAC addresses are not part of the recorded facts, and we never guess a MAC or IP.

const SUPERMICRO_DISK = "disk.model == 'Micron_5100_MTFD'";

const bond = (mac: string, ip: string): HostInput['bonds'] => [{ links: [mac], addresses: [`192.168.10.${ip}`], vlans: [10], mtu: 1500, mode: 'active-backup' }];

// Volumes exactly as on the hardware (reference: infra.md §1 volume table). A volume's name is its on-disk
// partition label `u-<name>` that Longhorn already uses: renaming one orphans its data, so
// test/infra/volumes.test.ts pins every name and a rename is a deliberate, reviewed change there too.
const wholeDisk = (name: string, devPath: string, tags: string[]) => ({ name, selector: `disk.dev_path == '${devPath}'`, maxSize: '100%', tags });
const FAST_SSD = ['fast', 'ssd', 'any'];
const SLOW_HDD = ['slow', 'hdd', 'any'];
/** Half of the system disk for Longhorn (the smaller clusters have a single disk). */
const systemLonghorn = { name: 'longhorn', selector: 'system_disk == true', maxSize: '50%', tags: FAST_SSD };
/** The SSD + 20 TB HDD pair of node41–43, the SSD's model per host. */
const ssdAndHdd = (ssd: string) => [wholeDisk(ssd, '/dev/sda', FAST_SSD), wholeDisk('seagate-hdd-20tb-0', '/dev/sdb', SLOW_HDD)];

const liveNode = (hostname: string, role: 'controlplane' | 'worker', mac: string, ip: string, volumes: HostInput['volumes']): HostInput => ({
  hostname,
  cluster: 'live',
  role,
  install: { selector: SUPERMICRO_DISK },
  volumes,
  bonds: bond(mac, ip),
  features: { longhorn: true },
});

const smallNode = (hostname: string, cluster: 'integration' | 'dev', mac: string, ip: string, extra: Partial<HostInput> = {}): HostInput => ({
  hostname,
  cluster,
  role: 'controlplane',
  install: { selector: SUPERMICRO_DISK },
  volumes: [systemLonghorn],
  bonds: bond(mac, ip),
  features: { longhorn: true },
  ...extra,
});

export const hosts: readonly HostInput[] = [
  liveNode('node41', 'controlplane', 'ac:1f:6b:2d:bf:ee', '253', ssdAndHdd('kingston-ssd-1920gb-0')),
  liveNode('node42', 'controlplane', 'ac:1f:6b:2d:bf:bc', '203', ssdAndHdd('kingston-ssd-1920gb-0')),
  liveNode('node43', 'controlplane', 'ac:1f:6b:2d:bb:c8', '201', ssdAndHdd('crucial-ssd-1tb-0')),
  liveNode('node44', 'worker', 'ac:1f:6b:2d:ba:1e', '219', [wholeDisk('kingston-ssd-480gb-0', '/dev/sda', FAST_SSD), wholeDisk('kingston-ssd-480gb-1', '/dev/sdb', FAST_SSD)]),
  {
    hostname: 'node2',
    cluster: 'live',
    role: 'worker',
    // Tesla P4; installs on its first disk.
    install: { selector: "disk.dev_path == '/dev/sda'" },
    volumes: [
      wholeDisk('megaraid-ssd-480gb-0', '/dev/sdb', FAST_SSD),
      wholeDisk('megaraid-hdd-16tb-0', '/dev/sdc', SLOW_HDD),
      wholeDisk('megaraid-hdd-16tb-1', '/dev/sdd', SLOW_HDD),
    ],
    bonds: bond('0c:c4:7a:a4:f1:d2', '182'),
    features: { longhorn: true, nvidia: true },
  },
  smallNode('node46', 'integration', 'ac:1f:6b:83:d3:1a', '233'),
  smallNode('node47', 'integration', 'ac:1f:6b:83:d3:24', '247'),
  smallNode('node48', 'integration', '0c:c4:7a:54:9e:6a', '151'),
  smallNode('node45', 'dev', 'ac:1f:6b:83:d3:2c', '252', { features: { longhorn: true, hugepages: { size: '2M', count: 512 } } }),
];
