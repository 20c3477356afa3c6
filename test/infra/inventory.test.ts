import { describe, expect, it } from 'vitest';
import { SynthError, SynthErrors } from '../../lib/core/errors.js';
import { Inventory, primaryIp, type InventoryInput } from '../../lib/inventory/inventory.js';
import { inSubnet, isCidr, isMac, prefixLength } from '../../lib/inventory/ip.js';
import type { HostInput } from '../../lib/inventory/schema.js';
import { hosts } from '../../site/inventory.js';
import { clusterNetworks, siteNetwork as site } from '../../site/networking.js';
import { clusters, model } from '../model.js';

const inventory = model.inventory;

/** A deep copy of the real inventory input, to break one fact at a time. */
function realInput(): { site: typeof site; clusters: Record<string, any>; hosts: HostInput[] } {
  return structuredClone({ site, clusters: clusterNetworks, hosts: hosts as HostInput[] }) as never;
}

/** Runs Inventory.define and returns the messages of every error it reports. */
function errorsOf(input: InventoryInput): string[] {
  try {
    Inventory.define(input);
  } catch (e) {
    if (e instanceof SynthErrors) return e.errors.map((x) => x.message);
    if (e instanceof SynthError) return [e.message];
    throw e;
  }
  return [];
}

const host = (input: ReturnType<typeof realInput>, name: string): any => input.hosts.find((h) => h.hostname === name)!;

describe('ip helpers', () => {
  it('parse and check membership', () => {
    expect(isMac('ac:1f:6b:2d:bf:ee')).toBe(true);
    expect(isMac('AC:1F:6B:2D:BF:EE')).toBe(false);
    expect(isCidr('192.168.10.0/24')).toBe(true);
    expect(isCidr('192.168.10.1/24')).toBe(false);
    expect(prefixLength('172.18.0.0/16')).toBe(16);
    expect(inSubnet('192.168.10.253', '192.168.10.0/24')).toBe(true);
    expect(inSubnet('192.168.10.255', '192.168.10.0/24')).toBe(false);
    expect(inSubnet('192.168.11.2', '192.168.10.0/24')).toBe(false);
  });
});

describe('the real inventory', () => {
  it('holds the reference clusters and their members', () => {
    expect(inventory.hostsOf('live').map((h) => h.hostname)).toEqual(['node41', 'node42', 'node43', 'node44', 'node2']);
    expect(inventory.controlPlanes('live').map((h) => h.hostname)).toEqual(['node41', 'node42', 'node43']);
    expect(inventory.hostsOf('integration').map((h) => h.role)).toEqual(['controlplane', 'controlplane', 'controlplane']);
    expect(inventory.hostsOf('dev').map((h) => h.hostname)).toEqual(['node45']);
    expect(primaryIp(inventory.hostsOf('dev')[0]!)).toBe('192.168.10.252');
    expect(inventory.hostsOf('dev')[0]!.features.hugepages).toEqual({ size: '2M', count: 512 });
    expect(inventory.network('live').pxe).toEqual({ serverIp: '192.168.10.21' });
  });

  it('hands replicas = min(3, #nodes) and other facts to the Kubernetes side', () => {
    expect(clusters.dev.replicas).toBe(1);
    expect(clusters.integration.replicas).toBe(3);
    expect(clusters.live.replicas).toBe(3);
    expect(clusters.live.apiHost).toBe('k8s.internal.tomnowak.work');
    expect(clusters.live.l2Interfaces).toEqual(['bond0']);
    expect(clusters.live.storageSizes.database).toBe('20Gi');
    expect(clusters.dev.storageSizes.prometheus).toBe('2Gi');
    expect(clusters.live.network.vip).toBe(inventory.network('live').vip);
  });
});

describe('inventory validation', () => {
  it('accepts the real input', () => {
    expect(errorsOf(realInput() as never)).toEqual([]);
  });

  it('rejects a malformed MAC, naming the host and field', () => {
    const input = realInput();
    host(input, 'node41').bonds[0].links[0] = 'ac:1f:6b:2d:bf';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/site\/inventory\.ts \(hosts\.node41\.bonds\[0\]\.links\[0\]\): malformed MAC/)]);
  });

  it('rejects a malformed IP', () => {
    const input = realInput();
    host(input, 'node42').bonds[0].addresses[0] = '192.168.10.300';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node42\.bonds\[0\]\.addresses\[0\]\): malformed IPv4/)]);
  });

  it('rejects a malformed CIDR', () => {
    const input = realInput();
    input.site = { ...input.site, nodeSubnet: '192.168.10.0/33' } as never;
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(site\.nodeSubnet\): malformed CIDR/)]);
  });

  it('rejects a duplicate hostname', () => {
    const input = realInput();
    host(input, 'node47').hostname = 'node46';
    expect(errorsOf(input as never)).toContainEqual(expect.stringMatching(/\(hosts\[6\]\.hostname\): duplicate hostname "node46" \(also hosts\[5\]\)/));
  });

  it('rejects a duplicate MAC', () => {
    const input = realInput();
    host(input, 'node44').bonds[0].links[0] = 'ac:1f:6b:2d:bf:ee';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node44\.bonds\[0\]\.links\[0\]\): duplicate MAC ac:1f:6b:2d:bf:ee \(also hosts\.node41/)]);
  });

  it('rejects a duplicate IP', () => {
    const input = realInput();
    host(input, 'node44').bonds[0].addresses[0] = '192.168.10.253';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node44\.bonds\[0\]\.addresses\[0\]\): duplicate IP 192\.168\.10\.253 \(also hosts\.node41/)]);
  });

  it('rejects a host IP outside the node subnet', () => {
    const input = realInput();
    host(input, 'node45').bonds[0].addresses[0] = '192.168.11.252';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node45\.bonds\[0\]\.addresses\[0\]\): IP 192\.168\.11\.252 is outside the node subnet 192\.168\.10\.0\/24/)]);
  });

  it('rejects a VIP outside the subnet', () => {
    const input = realInput();
    input.clusters.dev.vip = '10.0.0.50';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.dev\.vip\): 10\.0\.0\.50 is outside the node subnet/)]);
  });

  it('rejects a pool address outside the subnet', () => {
    const input = realInput();
    input.clusters.dev.ipPool = { start: '192.168.10.51', stop: '192.168.11.59' };
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.dev\.ipPool\.stop\): 192\.168\.11\.59 is outside the node subnet/)]);
  });

  it('rejects an ingress IP outside the subnet', () => {
    const input = realInput();
    input.clusters.integration.ingress = { internal: '192.168.10.32', external: '192.168.20.33' };
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.integration\.ingress\.external\): 192\.168\.20\.33 is outside the node subnet/)]);
  });

  it('rejects a VIP that collides with a host', () => {
    const input = realInput();
    input.clusters.live.vip = '192.168.10.253';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.live\.vip\): 192\.168\.10\.253 collides with hosts\.node41\.bonds\[0\]\.addresses\[0\]/)]);
  });

  it('rejects a pool that collides with a host or another cluster', () => {
    const input = realInput();
    host(input, 'node45').bonds[0].addresses[0] = '192.168.10.55';
    input.clusters.dev.ipPool = { start: '192.168.10.51', stop: '192.168.10.59' };
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.dev\.ipPool\): 192\.168\.10\.55 collides with hosts\.node45/)]);
    const overlap = realInput();
    overlap.clusters.dev.ipPool = { start: '192.168.10.38', stop: '192.168.10.59' };
    expect(errorsOf(overlap as never)).toContainEqual(expect.stringMatching(/\(clusters\.dev\.ipPool\): 192\.168\.10\.38 collides with clusters\.integration\.ipPool/));
  });

  it('rejects a cluster with no control plane', () => {
    const input = realInput();
    for (const h of input.hosts.filter((x) => x.cluster === 'integration')) h.role = 'worker';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.integration\): cluster "integration" has no control plane \(members: node46, node47, node48\)/)]);
  });

  it('rejects hugepage sizes other than 2M/1G, and a zero count', () => {
    const input = realInput();
    host(input, 'node45').features.hugepages = { size: '4M', count: 512 };
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node45\.features\.hugepages\.size\): hugepage size must be one of 2M, 1G/)]);
    const zero = realInput();
    host(zero, 'node45').features.hugepages = { size: '1G', count: 0 };
    expect(errorsOf(zero as never)).toEqual([expect.stringMatching(/\(hosts\.node45\.features\.hugepages\.count\): hugepage count must be > 0/)]);
  });

  it('rejects an unknown role, and a cluster member that is not a node', () => {
    const input = realInput();
    host(input, 'node44').role = 'master';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(hosts\.node44\.role\): role must be one of controlplane, worker, pxe, none/)]);
    const pxe = realInput();
    host(pxe, 'node44').role = 'pxe';
    expect(errorsOf(pxe as never)).toEqual([expect.stringMatching(/\(hosts\.node44\.role\): a member of cluster "live" must be a controlplane or worker, not "pxe"/)]);
  });

  it('rejects overlapping pod/service subnets', () => {
    const input = realInput();
    input.clusters.dev.podSubnet = '172.18.128.0/17';
    expect(errorsOf(input as never)).toEqual([expect.stringMatching(/\(clusters\.dev\.podSubnet\): 172\.18\.128\.0\/17 overlaps clusters\.live\.podSubnet \(172\.18\.0\.0\/16\)/)]);
    const node = realInput();
    node.clusters.integration.serviceSubnet = '192.168.10.0/23';
    expect(errorsOf(node as never)).toEqual([expect.stringMatching(/\(clusters\.integration\.serviceSubnet\): 192\.168\.10\.0\/23 overlaps site\.nodeSubnet/)]);
  });

  // The rules the real network needs (issue 13): each one error, naming the file, the host or cluster, and the field.
  const only = (input: ReturnType<typeof realInput>, pattern: RegExp) => expect(errorsOf(input as never)).toEqual([expect.stringMatching(pattern)]);

  it('rejects a host IP equal to the gateway/BGP router or a nameserver', () => {
    const input = realInput();
    host(input, 'node44').bonds[0].addresses[0] = site.bgp.routerIp;
    only(input, /^site\/inventory\.ts \(hosts\.node44\.bonds\[0\]\.addresses\[0\]\): IP 192\.168\.10\.1 is the gateway and BGP router/);
    const dns = realInput();
    (dns.site as { nameservers: string[] }).nameservers = ['192.168.10.1', '192.168.10.2'];
    host(dns, 'node44').bonds[0].addresses[0] = '192.168.10.2';
    only(dns, /\(hosts\.node44\.bonds\[0\]\.addresses\[0\]\): IP 192\.168\.10\.2 is a nameserver \(site\.nameservers\[1\]\)/);
  });

  it('rejects two volumes on one disk, and a whole-disk volume on the install disk', () => {
    const input = realInput();
    host(input, 'node41').volumes[1].selector = "disk.dev_path == '/dev/sda'";
    only(input, /\(hosts\.node41\.volumes\[1\]\.selector\): volumes "kingston-ssd-1920gb-0" and "seagate-hdd-20tb-0" select the same disk/);
    const install = realInput();
    host(install, 'node2').volumes[0].selector = "disk.dev_path == '/dev/sda'";
    only(install, /\(hosts\.node2\.volumes\[0\]\.selector\): volume "megaraid-ssd-480gb-0" selects the install disk/);
  });

  it("rejects a volume name over Talos's 34-character limit", () => {
    const input = realInput();
    host(input, 'node2').volumes[0].name = 'l'.repeat(35);
    only(input, /^site\/inventory\.ts \(hosts\.node2\.volumes\[0\]\.name\): a volume name is at most 34 characters/);
  });

  it('rejects a disk selector that is not CEL, for a volume and for the install disk', () => {
    const input = realInput();
    host(input, 'node41').volumes[0].selector = "disk.dev_path = '/dev/sda'";
    only(input, /volumes\[0\]\.selector\): not a valid CEL expression/);
    const install = realInput();
    host(install, 'node41').install.selector = "disk.model == 'Micron";
    only(install, /install\.selector\): not a valid CEL expression/);
  });

  it('rejects a duplicate Cilium cluster id, internal domain or BGP ASN, and an ASN equal to the router', () => {
    const id = realInput();
    id.clusters.dev.id = id.clusters.live.id;
    only(id, /\(clusters\.dev\.id\): Cilium cluster id 1 is also cluster "live"'s/);
    const domain = realInput();
    domain.clusters.dev.internalDomain = domain.clusters.integration.internalDomain;
    only(domain, /\(clusters\.dev\.internalDomain\): internal domain internal\.integration\.tomnowak\.work is also cluster "integration"'s/);
    const asn = realInput();
    asn.clusters.dev.bgpAsn = asn.clusters.live.bgpAsn;
    only(asn, /\(clusters\.dev\.bgpAsn\): BGP ASN 64513 is also cluster "live"'s/);
    const router = realInput();
    router.clusters.dev.bgpAsn = site.bgp.routerAsn;
    only(router, /\(clusters\.dev\.bgpAsn\): ASN 64512 is the router's own/);
  });

  it('rejects an even number of control planes', () => {
    const input = realInput();
    host(input, 'node44').role = 'controlplane';
    only(input, /\(clusters\.live\): cluster "live" has 4 control planes \(node41, node42, node43, node44\): etcd needs an odd number/);
  });

  it('rejects a VLAN listed twice on a bond', () => {
    const input = realInput();
    host(input, 'node41').bonds[0].vlans = [10, 10];
    only(input, /\(hosts\.node41\.bonds\[0\]\.vlans\): VLAN 10 is listed twice/);
  });

  it('rejects a pod or service subnet that contains a LAN address the networking model knows', () => {
    const input = realInput();
    input.clusters.dev.podSubnet = '192.168.1.0/24';
    expect(errorsOf(input as never)).toEqual([
      expect.stringMatching(/\(clusters\.dev\.podSubnet\): 192\.168\.1\.0\/24 contains 192\.168\.1\.1, the LAN address of unifi-network/),
      expect.stringMatching(/\(clusters\.dev\.podSubnet\): 192\.168\.1\.0\/24 contains 192\.168\.1\.40, the LAN address of unifi-protect/),
    ]);
  });

  it('rejects a CIDR with host bits set in the cluster model', () => {
    const input = realInput();
    input.clusters.live.serviceSubnet = '172.19.0.1/16';
    only(input, /\(clusters\.live\.serviceSubnet\): malformed CIDR \(expected the network address/);
  });

  it('reports every problem together', () => {
    const input = realInput();
    input.clusters.live.vip = '192.168.10.253';
    host(input, 'node44').bonds[0].addresses[0] = '192.168.10.203';
    expect(errorsOf(input as never)).toHaveLength(2);
  });
});
