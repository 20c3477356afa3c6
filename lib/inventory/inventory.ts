import { SynthError, throwIfAny } from '../core/errors.js';
import { cidrsOverlap, inSubnet, ipRange, ipToInt } from './ip.js';
import { clusterNetworkSchema, hostSchema, NO_CLUSTER, siteSchema, type ClusterNetwork, type ClusterNetworkInput, type Host, type HostInput, type Site, type SiteInput } from './schema.js';

type ClusterName = string;

export interface InventoryInput {
  readonly site: SiteInput;
  /** Network facts of every cluster that has a stack, by cluster name. */
  readonly clusters: Readonly<Record<ClusterName, ClusterNetworkInput>>;
  readonly hosts: readonly HostInput[];
}

/**
 * The single source of host and subnet facts, validated. Both the Terraform stacks (leases, DNS, Talos
 * configs) and the Kubernetes side (replicas, VIP, ingress IPs) read it.
 */
export class Inventory {
  private constructor(
    readonly site: Site,
    readonly clusters: Readonly<Partial<Record<ClusterName, ClusterNetwork>>>,
    readonly hosts: readonly Host[],
  ) {}

  /**
   * Validates `input` and returns the inventory; every problem found is reported together, each as a
   * SynthError naming `file` and the field (`hosts.node41.bonds[0].links[0]`, `clusters.live.vip`).
   */
  static define(input: InventoryInput, file = 'site/inventory.ts'): Inventory {
    const errors: SynthError[] = [];
    const hostField = (i: number): string => {
      const name = (input.hosts[i] as { hostname?: unknown } | undefined)?.hostname;
      return typeof name === 'string' && name ? `hosts.${name}` : `hosts[${i}]`;
    };
    const issuePath = (prefix: string, path: readonly PropertyKey[]): string =>
      [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/\.\[/g, '[');

    const site = siteSchema.safeParse(input.site);
    if (!site.success) for (const i of site.error.issues) errors.push(new SynthError(file, i.message, issuePath('site', i.path)));

    const clusters: Partial<Record<ClusterName, ClusterNetwork>> = {};
    for (const [name, raw] of Object.entries(input.clusters) as [ClusterName, unknown][]) {
      const parsed = clusterNetworkSchema.safeParse(raw);
      if (parsed.success) clusters[name] = parsed.data;
      else for (const i of parsed.error.issues) errors.push(new SynthError(file, i.message, issuePath(`clusters.${name}`, i.path)));
    }

    const hosts: Host[] = [];
    input.hosts.forEach((raw, index) => {
      const parsed = hostSchema.safeParse(raw);
      if (parsed.success) hosts.push(parsed.data);
      else for (const i of parsed.error.issues) errors.push(new SynthError(file, i.message, issuePath(hostField(index), i.path)));
    });
    // Structural errors first: the relational checks below assume well-formed values.
    throwIfAny(errors);

    errors.push(...relationalErrors(file, site.data!, clusters, hosts));
    throwIfAny(errors);
    return new Inventory(site.data!, clusters, hosts);
  }

  /** The network facts of `cluster`; an unknown cluster is an error. */
  network(cluster: ClusterName): ClusterNetwork {
    const n = this.clusters[cluster];
    if (!n) throw new SynthError('inventory', `cluster "${cluster}" has no network facts`, `clusters.${cluster}`);
    return n;
  }

  /**
   * The address of the named LAN endpoint `name`. An unknown name is a SynthError naming `where` and
   * `field` (the declaration that used it), listing the known names.
   */
  endpoint(name: string, where: string, field: string): string {
    const e = this.site.endpoints[name];
    if (!e) throw new SynthError(where, `"${name}" is not a named endpoint of the networking model (known: ${Object.keys(this.site.endpoints).sort().join(', ') || 'none'})`, field);
    return e.address;
  }

  /** Members of `cluster`, in inventory order. */
  hostsOf(cluster: ClusterName): Host[] {
    return this.hosts.filter((h) => h.cluster === cluster);
  }

  controlPlanes(cluster: ClusterName): Host[] {
    return this.hostsOf(cluster).filter((h) => h.role === 'controlplane');
  }

  /** Replica count for a cluster's platform data services: min(3, #nodes). */
  replicas(cluster: ClusterName): number {
    return Math.min(3, this.hostsOf(cluster).length);
  }
}

/** The host's primary address: its first bond's first address. */
export function primaryIp(host: Host): string {
  return host.bonds[0]!.addresses[0]!;
}

/** The host's primary MAC: its first bond's first link. */
export function primaryMac(host: Host): string {
  return host.bonds[0]!.links[0]!;
}

function relationalErrors(file: string, site: Site, clusters: Partial<Record<ClusterName, ClusterNetwork>>, hosts: readonly Host[]): SynthError[] {
  const errors: SynthError[] = [];
  const err = (field: string, message: string): void => void errors.push(new SynthError(file, message, field));

  const seenName = new Map<string, number>();
  const seenMac = new Map<string, string>();
  /** Every address in use, with what uses it (a host field or a cluster field). */
  const owner = new Map<string, string>();
  /** The router (gateway, BGP peer) and the nameservers: no host or cluster address may take them. */
  const reserved = new Map<string, string>([[site.bgp.routerIp, 'the gateway and BGP router (site.bgp.routerIp)']]);
  site.nameservers.forEach((ip, k) => reserved.has(ip) || reserved.set(ip, `a nameserver (site.nameservers[${k}])`));
  for (const [ip, what] of reserved) owner.set(ip, what);

  hosts.forEach((h, i) => {
    if (seenName.has(h.hostname)) err(`hosts[${i}].hostname`, `duplicate hostname "${h.hostname}" (also hosts[${seenName.get(h.hostname)}])`);
    else seenName.set(h.hostname, i);
    const at = `hosts.${h.hostname}`;

    if (h.cluster !== NO_CLUSTER) {
      if (h.role !== 'controlplane' && h.role !== 'worker') err(`${at}.role`, `a member of cluster "${h.cluster}" must be a controlplane or worker, not "${h.role}"`);
      if (!clusters[h.cluster]) err(`${at}.cluster`, `cluster "${h.cluster}" has no network facts in clusters`);
    }
    if (h.install.architecture === 'amd64' && h.install.sbc !== '') err(`${at}.install.sbc`, 'an amd64 host cannot have an sbc overlay');

    h.bonds.forEach((b, bi) => {
      b.links.forEach((m, li) => {
        const field = `${at}.bonds[${bi}].links[${li}]`;
        if (seenMac.has(m)) err(field, `duplicate MAC ${m} (also ${seenMac.get(m)})`);
        else seenMac.set(m, field);
      });
      const dupVlan = b.vlans.find((v, k) => b.vlans.indexOf(v) !== k);
      if (dupVlan !== undefined) err(`${at}.bonds[${bi}].vlans`, `VLAN ${dupVlan} is listed twice`);
      b.addresses.forEach((ip, ai) => {
        const field = `${at}.bonds[${bi}].addresses[${ai}]`;
        const subnet = h.cluster !== NO_CLUSTER ? (clusters[h.cluster]?.nodeSubnet ?? site.nodeSubnet) : site.nodeSubnet;
        if (!inSubnet(ip, subnet)) err(field, `IP ${ip} is outside the node subnet ${subnet}`);
        if (reserved.has(ip)) err(field, `IP ${ip} is ${reserved.get(ip)}`);
        else if (owner.has(ip)) err(field, `duplicate IP ${ip} (also ${owner.get(ip)})`);
        else owner.set(ip, field);
      });
    });

    const systemShare = h.volumes.filter((v) => v.selector.trim() === 'system_disk == true').reduce((s, v) => s + Number.parseInt(v.maxSize, 10), 0);
    if (systemShare >= 100) err(`${at}.volumes`, `volumes on the system disk take ${systemShare}%, leaving nothing for EPHEMERAL`);
    const volNames = h.volumes.map((v) => v.name);
    const dupVol = volNames.find((n, k) => volNames.indexOf(n) !== k);
    if (dupVol) err(`${at}.volumes`, `duplicate volume name "${dupVol}"`);
    // A whole-disk volume takes its disk: not the install disk, and no other volume on it.
    const norm = (selector: string) => selector.replace(/\s+/g, ' ').trim();
    const byDisk = new Map<string, string>();
    h.volumes.forEach((v, k) => {
      const disk = norm(v.selector);
      if (disk === 'system_disk == true') return;
      if (disk === norm(h.install.selector)) err(`${at}.volumes[${k}].selector`, `volume "${v.name}" selects the install disk (${disk}); use system_disk == true for a share of it`);
      const other = byDisk.get(disk);
      if (other) err(`${at}.volumes[${k}].selector`, `volumes "${other}" and "${v.name}" select the same disk (${disk})`);
      else byDisk.set(disk, v.name);
    });
  });

  for (const [name, net] of Object.entries(clusters) as [ClusterName, ClusterNetwork][]) {
    const at = `clusters.${name}`;
    if (net.nodeSubnet !== site.nodeSubnet) err(`${at}.nodeSubnet`, `node subnet ${net.nodeSubnet} differs from the site's ${site.nodeSubnet}`);
    const inNode = (field: string, ip: string): boolean => {
      if (inSubnet(ip, net.nodeSubnet)) return true;
      err(`${at}.${field}`, `${ip} is outside the node subnet ${net.nodeSubnet}`);
      return false;
    };
    const claim = (field: string, ip: string): void => {
      const prev = owner.get(ip);
      if (prev) err(`${at}.${field}`, `${ip} collides with ${prev}`);
      else owner.set(ip, `${at}.${field}`);
    };
    if (inNode('vip', net.vip)) claim('vip', net.vip);
    const poolOk = inNode('ipPool.start', net.ipPool.start) && inNode('ipPool.stop', net.ipPool.stop);
    let pool: string[] = [];
    if (poolOk) {
      if (ipToInt(net.ipPool.start) > ipToInt(net.ipPool.stop)) err(`${at}.ipPool`, `pool start ${net.ipPool.start} is after its stop ${net.ipPool.stop}`);
      else {
        pool = ipRange(net.ipPool.start, net.ipPool.stop);
        if (pool.includes(net.vip)) err(`${at}.vip`, `VIP ${net.vip} lies inside the LoadBalancer pool ${net.ipPool.start}-${net.ipPool.stop}`);
        for (const ip of pool) if (ip !== net.vip) claim(`ipPool`, ip);
      }
    }
    for (const kind of ['internal', 'external'] as const) {
      const ip = net.ingress[kind];
      if (inNode(`ingress.${kind}`, ip) && pool.length && !pool.includes(ip)) err(`${at}.ingress.${kind}`, `ingress IP ${ip} is outside the pool ${net.ipPool.start}-${net.ipPool.stop}`);
    }
    if (net.ingress.internal === net.ingress.external) err(`${at}.ingress`, `internal and external ingress share ${net.ingress.internal}`);
    if (net.pxe) {
      const ip = net.pxe.serverIp;
      if (inNode('pxe.serverIp', ip) && pool.length && !pool.includes(ip)) err(`${at}.pxe.serverIp`, `PXE server ${ip} is outside the pool ${net.ipPool.start}-${net.ipPool.stop}`);
      if (ip === net.ingress.internal || ip === net.ingress.external) err(`${at}.pxe.serverIp`, `PXE server ${ip} collides with an ingress IP`);
    }
    const members = hosts.filter((h) => h.cluster === name);
    const controlPlanes = members.filter((h) => h.role === 'controlplane');
    if (!controlPlanes.length) {
      err(at, members.length ? `cluster "${name}" has no control plane (members: ${members.map((h) => h.hostname).join(', ')})` : `cluster "${name}" has no hosts, so no control plane`);
    } else if (controlPlanes.length % 2 === 0) {
      err(at, `cluster "${name}" has ${controlPlanes.length} control planes (${controlPlanes.map((h) => h.hostname).join(', ')}): etcd needs an odd number, an even one tolerates no more failures than one fewer`);
    }
    if (net.bgpAsn === site.bgp.routerAsn) err(`${at}.bgpAsn`, `ASN ${net.bgpAsn} is the router's own (site.bgp.routerAsn); a cluster peers with its own ASN`);
  }
  // Unique per site: the Cilium cluster id, the BGP ASN, the internal domain.
  const unique = (field: 'id' | 'bgpAsn' | 'internalDomain', what: string) => {
    const seen = new Map<unknown, string>();
    for (const [name, net] of Object.entries(clusters) as [ClusterName, ClusterNetwork][]) {
      const prev = seen.get(net[field]);
      if (prev) err(`clusters.${name}.${field}`, `${what} ${String(net[field])} is also cluster "${prev}"'s`);
      else seen.set(net[field], name);
    }
  };
  unique('id', 'Cilium cluster id');
  unique('bgpAsn', 'BGP ASN');
  unique('internalDomain', 'internal domain');
  // Pod and service subnets are routed (BGP to the same router): none may overlap another or the nodes.
  const routed: Array<[string, string]> = [['site.nodeSubnet', site.nodeSubnet]];
  for (const [name, net] of Object.entries(clusters) as [ClusterName, ClusterNetwork][]) {
    for (const field of ['podSubnet', 'serviceSubnet'] as const) {
      const cidr = net[field];
      const clash = routed.find(([, other]) => cidrsOverlap(cidr, other));
      if (clash) err(`clusters.${name}.${field}`, `${cidr} overlaps ${clash[0]} (${clash[1]})`);
      routed.push([`clusters.${name}.${field}`, cidr]);
      // The LANs the model knows beyond the node subnet: its named endpoints must stay reachable.
      for (const [endpoint, e] of Object.entries(site.endpoints)) {
        if (inSubnet(e.address, cidr)) err(`clusters.${name}.${field}`, `${cidr} contains ${e.address}, the LAN address of ${endpoint} (site.endpoints.${endpoint})`);
      }
    }
  }
  const pxeClusters = Object.entries(clusters).filter(([, n]) => n?.pxe);
  if (pxeClusters.length > 1) err('clusters', `only one cluster may serve PXE (got ${pxeClusters.map(([c]) => c).join(', ')})`);
  return errors;
}
