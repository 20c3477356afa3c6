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
    node.clusters.integration.serviceSubnet = '192.168.0.0/16';
    expect(errorsOf(node as never)).toEqual([expect.stringMatching(/\(clusters\.integration\.serviceSubnet\): 192\.168\.0\.0\/16 overlaps site\.nodeSubnet/)]);
  });

  it('reports every problem together', () => {
    const input = realInput();
    input.clusters.live.vip = '192.168.10.253';
    host(input, 'node44').bonds[0].addresses[0] = '192.168.10.203';
    expect(errorsOf(input as never)).toHaveLength(2);
  });
});
