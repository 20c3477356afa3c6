import type { KubeObject } from '../core/manifest.js';
import { cidrContains } from './cidr.js';
import { CILIUM_NS_LABEL_PREFIX, POD_NAMESPACE_LABEL } from './labels.js';
import type { Protocol } from './ports.js';

/**
 * Reachability under Cilium semantics, computed from synthesized objects only (Namespaces and
 * CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy). Pure: no construct tree, no cluster.
 *
 * Semantics modelled (Cilium 1.14+):
 * - allow-only rules; a direction of an endpoint is default-deny as soon as one policy selecting the
 *   endpoint has a rule for that direction; traffic passes when the source's egress AND the destination's
 *   ingress allow it (entities — world, host, kube-apiserver — enforce nothing themselves: the host
 *   firewall is off);
 * - identity labels of a pod: its own labels, `io.kubernetes.pod.namespace`, and every namespace label as
 *   `io.cilium.k8s.namespace.labels.<key>`; selectors use matchLabels + matchExpressions
 *   (In/NotIn/Exists/DoesNotExist), `k8s:`/`any:` prefixes ignored;
 * - in a namespaced CNP a peer selector without a namespace key (neither the pod-namespace label nor a
 *   namespace-label key) is confined to the policy's namespace; in a CCNP it matches every namespace
 *   (so an empty `{}` peer is every pod in the cluster); a CNP's endpointSelector only selects its namespace;
 * - entities: `all` is everything, `cluster` every pod plus host, remote-node, health and kube-apiserver;
 *   CIDR rules match only world addresses; FQDN rules match a world destination with that DNS name;
 * - a rule without peers matches every peer; a rule without toPorts allows every port; ranges via endPort;
 *   protocol ANY (or absent) means TCP, UDP and SCTP. ICMP and L7 rules (DNS proxy) are not modelled
 *   beyond allowing the port.
 */

export type EntityName = 'world' | 'host' | 'kube-apiserver' | 'remote-node' | 'health';

export type Endpoint =
  | { readonly kind: 'pod'; readonly namespace: string; readonly labels?: Readonly<Record<string, string>> }
  | { readonly kind: 'entity'; readonly entity: EntityName; readonly ip?: string; readonly fqdn?: string };

/** Shorthands for queries: `Endpoint.pod('immich')`, `Endpoint.world({ fqdn: 'x' })`. */
export const Endpoints = {
  pod: (namespace: string, labels: Readonly<Record<string, string>> = {}): Endpoint => ({ kind: 'pod', namespace, labels }),
  world: (at: { ip?: string; fqdn?: string } = {}): Endpoint => ({ kind: 'entity', entity: 'world', ...at }),
  entity: (entity: EntityName): Endpoint => ({ kind: 'entity', entity }),
};

export interface PortQuery {
  readonly protocol: Protocol;
  readonly port: number;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
type Range = readonly [number, number];

/** A set of ports per protocol (normalised, sorted, merged ranges). */
export class PortSet {
  static readonly EMPTY = new PortSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly FULL = new PortSet({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });

  static of(protocol: Protocol, from: number, to = from): PortSet {
    return new PortSet({ ...PortSet.EMPTY.ranges, [protocol]: [[from, to]] });
  }

  readonly isEmpty: boolean;
  readonly isFull: boolean;

  private constructor(readonly ranges: Readonly<Record<Protocol, readonly Range[]>>) {
    this.isEmpty = PROTOCOLS.every((p) => ranges[p].length === 0);
    this.isFull = PROTOCOLS.every((p) => ranges[p].length === 1 && ranges[p][0]![0] === 1 && ranges[p][0]![1] === 65535);
  }

  // Sets are immutable and interned (one object per content), so results are memoized per operand: at 1000
  // apps the matrix combines the same few sets about a million times, and a fresh set per pair (with its own
  // report strings) was most of its cost and garbage.
  private unions?: Map<PortSet, PortSet>;
  private intersections?: Map<PortSet, PortSet>;

  union(o: PortSet): PortSet {
    if (o === this || o.isEmpty) return this;
    if (this.isEmpty) return o;
    let r = (this.unions ??= new Map()).get(o);
    if (!r) this.unions.set(o, (r = intern(this.computeUnion(o))));
    return r;
  }

  private computeUnion(o: PortSet): PortSet {
    const out = {} as Record<Protocol, Range[]>;
    for (const p of PROTOCOLS) {
      const all = [...this.ranges[p], ...o.ranges[p]].sort((a, b) => a[0] - b[0]);
      const merged: [number, number][] = [];
      for (const [lo, hi] of all) {
        const last = merged[merged.length - 1];
        if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
        else merged.push([lo, hi]);
      }
      out[p] = merged;
    }
    return new PortSet(out);
  }

  intersect(o: PortSet): PortSet {
    if (o === this || o.isFull) return this;
    if (this.isFull) return o;
    let r = (this.intersections ??= new Map()).get(o);
    if (!r) this.intersections.set(o, (r = intern(this.computeIntersection(o))));
    return r;
  }

  private computeIntersection(o: PortSet): PortSet {
    const out = {} as Record<Protocol, Range[]>;
    for (const p of PROTOCOLS) {
      out[p] = [];
      for (const [a, b] of this.ranges[p]) for (const [c, d] of o.ranges[p]) if (Math.max(a, c) <= Math.min(b, d)) out[p].push([Math.max(a, c), Math.min(b, d)]);
    }
    return new PortSet(out);
  }

  has(q: PortQuery): boolean {
    return this.ranges[q.protocol].some(([lo, hi]) => q.port >= lo && q.port <= hi);
  }


  /** Report notation: `["any"]`, or `tcp/443`, `tcp/9500-9504`, `udp/53`… sorted. */
  private cachedStrings?: readonly string[];

  toStrings(): string[] {
    return [...this.strings];
  }

  /** Report notation, computed once per set and shared (read-only). */
  get strings(): readonly string[] {
    this.cachedStrings ??= this.computeStrings();
    return this.cachedStrings;
  }

  private computeStrings(): string[] {
    if (this.isFull) return ['any'];
    const out: string[] = [];
    for (const p of PROTOCOLS) for (const [lo, hi] of this.ranges[p]) out.push(`${p.toLowerCase()}/${lo === hi ? lo : `${lo}-${hi}`}`);
    return out.sort();
  }
}

type Sel = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type RawRule = Record<string, unknown>;
/** A rule with its peers and ports parsed once. */
interface Rule {
  readonly endpoints?: readonly Sel[];
  readonly entities?: readonly string[];
  readonly cidrs?: readonly string[];
  readonly cidrSets?: readonly { cidr: string; except?: string[] }[];
  readonly fqdns?: readonly { matchName?: string; matchPattern?: string }[];
  /** No peer field at all: Cilium applies the rule to every peer. */
  readonly anyPeer: boolean;
  readonly ports: PortSet;
  /** Per-endpoint match results, filled lazily by the model (0 unknown, 1 no, 2 yes). */
  memo?: Uint8Array;
}
interface Policy {
  readonly id: string;
  readonly namespace?: string;
  readonly endpointSelector?: Sel;
  readonly hostPolicy: boolean;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
}

function compileRule(rule: RawRule, dir: 'ingress' | 'egress'): Rule {
  const f = dir === 'ingress' ? 'from' : 'to';
  const r = {
    endpoints: rule[`${f}Endpoints`] as Sel[] | undefined,
    entities: rule[`${f}Entities`] as string[] | undefined,
    cidrs: rule[`${f}CIDR`] as string[] | undefined,
    cidrSets: rule[`${f}CIDRSet`] as { cidr: string; except?: string[] }[] | undefined,
    fqdns: dir === 'egress' ? (rule.toFQDNs as { matchName?: string; matchPattern?: string }[] | undefined) : undefined,
  };
  return { ...r, anyPeer: Object.values(r).every((x) => x === undefined), ports: rulePorts(rule) };
}

const strip = (k: string) => (k.startsWith('k8s:') || k.startsWith('any:') ? k.slice(4) : k);
const keysOf = (s: Sel) => [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)].map(strip);
const selectorMeta = new WeakMap<Sel, { ns: boolean; nsLabel: boolean }>();
function metaOf(s: Sel): { ns: boolean; nsLabel: boolean } {
  let m = selectorMeta.get(s);
  if (!m) {
    const keys = keysOf(s);
    selectorMeta.set(s, (m = { ns: keys.includes(POD_NAMESPACE_LABEL), nsLabel: keys.some((k) => k.startsWith(CILIUM_NS_LABEL_PREFIX)) }));
  }
  return m;
}
const hasNamespaceKey = (s: Sel) => metaOf(s).ns;
const hasNamespaceLabelKey = (s: Sel) => metaOf(s).nsLabel;

type Matcher = (labels: Readonly<Record<string, string>>) => boolean;
const compiledSelectors = new WeakMap<Sel, Matcher>();

/** A label selector compiled once (keys pre-stripped), since the matrix evaluates it millions of times. */
function compileSelector(sel: Sel): Matcher {
  const equals = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [strip(k), v] as const);
  const exprs = (sel.matchExpressions ?? []).map((e) => ({ key: strip(e.key), operator: e.operator, values: e.values ?? [] }));
  return (labels) => {
    for (const [k, v] of equals) if (labels[k] !== v) return false;
    for (const e of exprs) {
      const v = labels[e.key];
      switch (e.operator) {
        case 'In':
          if (v === undefined || !e.values.includes(v)) return false;
          break;
        case 'NotIn':
          if (v !== undefined && e.values.includes(v)) return false;
          break;
        case 'Exists':
          if (v === undefined) return false;
          break;
        case 'DoesNotExist':
          if (v !== undefined) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

function selectorMatches(sel: Sel, labels: Readonly<Record<string, string>>): boolean {
  let m = compiledSelectors.get(sel);
  if (!m) compiledSelectors.set(sel, (m = compileSelector(sel)));
  return m(labels);
}

const internedPorts = new Map<string, PortSet>([
  ['', PortSet.EMPTY],
  ['any', PortSet.FULL],
]);
/** One object per distinct port set (rules' and combined), so the matrix's union/intersect hit their memo. */
function intern(set: PortSet): PortSet {
  const key = set.toStrings().join(',');
  let v = internedPorts.get(key);
  if (!v) internedPorts.set(key, (v = set));
  return v;
}

function rulePorts(rule: RawRule): PortSet {
  return intern(rulePortsOf(rule));
}

function rulePortsOf(rule: RawRule): PortSet {
  const toPorts = rule.toPorts as { ports?: { port?: string; endPort?: number; protocol?: string }[] }[] | undefined;
  if (!toPorts?.length) return PortSet.FULL;
  let set = PortSet.EMPTY;
  for (const tp of toPorts) {
    if (!tp.ports?.length) return PortSet.FULL;
    for (const p of tp.ports) {
      const n = Number(p.port ?? '0');
      if (!Number.isInteger(n)) continue; // named ports: not resolvable without pods; not used by our policies
      const protos = !p.protocol || p.protocol === 'ANY' ? PROTOCOLS : [p.protocol as Protocol];
      for (const proto of protos) set = set.union(n === 0 ? PortSet.of(proto, 1, 65535) : PortSet.of(proto, n, p.endPort ?? n));
    }
  }
  return set;
}

function fqdnMatches(pattern: { matchName?: string; matchPattern?: string }, name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (pattern.matchName !== undefined) return pattern.matchName.toLowerCase().replace(/\.$/, '') === n;
  if (pattern.matchPattern !== undefined) {
    const re = new RegExp(`^${pattern.matchPattern.toLowerCase().replace(/\.$/, '').split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-z0-9.]*')}$`);
    return re.test(n);
  }
  return false;
}

/** The namespace a peer selector names by the pod-namespace label (`k8s:`/`any:` prefix allowed), if any. */
function namedNamespace(sel: Sel): string | undefined {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (strip(k) === POD_NAMESPACE_LABEL) return v;
  return undefined;
}

/**
 * The namespaces whose pods can match rule `r` of policy `p`, or undefined when it may match anything: no peer
 * field, entities, CIDRs or FQDNs (entities are not pods), or a selector spanning namespaces. Same semantics as
 * `peerSelectorMatches`: a selector without a namespace key in a namespaced policy is confined to its namespace.
 */
function peerNamespaces(p: Policy, r: Rule): Set<string> | undefined {
  if (r.anyPeer || r.entities || r.cidrs || r.cidrSets || r.fqdns || !r.endpoints) return undefined;
  const out = new Set<string>();
  for (const sel of r.endpoints) {
    const ns = namedNamespace(sel) ?? (p.namespace !== undefined && !hasNamespaceKey(sel) && !hasNamespaceLabelKey(sel) ? p.namespace : undefined);
    if (ns === undefined) return undefined;
    out.add(ns);
  }
  return out;
}

/** The synthesized policies of one cluster, queryable. */
export class PolicyModel {
  private readonly nsLabels = new Map<string, Readonly<Record<string, string>>>();
  private readonly policies: Policy[] = [];
  /** Cluster-wide policies, and namespaced ones by namespace: a pod is only ever selected by these. */
  private readonly clusterWide: Policy[] = [];
  private readonly byNamespace = new Map<string, Policy[]>();

  constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      if (o.apiVersion === 'v1' && o.kind === 'Namespace') this.nsLabels.set(o.metadata.name, ((o.metadata as { labels?: Record<string, string> }).labels ?? {}));
    }
    for (const o of objects) {
      if (o.apiVersion !== 'cilium.io/v2' || (o.kind !== 'CiliumNetworkPolicy' && o.kind !== 'CiliumClusterwideNetworkPolicy')) continue;
      const specs = [o.spec, ...((o.specs as unknown[]) ?? [])].filter(Boolean) as { endpointSelector?: Sel; nodeSelector?: Sel; ingress?: RawRule[]; egress?: RawRule[] }[];
      for (const s of specs) {
        this.policies.push({
          id: `${o.kind === 'CiliumNetworkPolicy' ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
          ...(o.kind === 'CiliumNetworkPolicy' ? { namespace: o.metadata.namespace! } : {}),
          ...(s.endpointSelector ? { endpointSelector: s.endpointSelector } : {}),
          hostPolicy: s.nodeSelector !== undefined,
          ingress: (s.ingress ?? []).map((r) => compileRule(r, 'ingress')),
          egress: (s.egress ?? []).map((r) => compileRule(r, 'egress')),
        });
      }
    }
    for (const p of this.policies) {
      if (p.namespace === undefined) this.clusterWide.push(p);
      else (this.byNamespace.get(p.namespace) ?? this.byNamespace.set(p.namespace, []).get(p.namespace)!).push(p);
    }
  }

  /** Namespaces known from Namespace objects and namespaced policies, sorted. */
  get namespaces(): string[] {
    return [...new Set([...this.nsLabels.keys(), ...this.policies.flatMap((p) => (p.namespace ? [p.namespace] : []))])].sort();
  }

  /** Pod identities worth evaluating per namespace: a plain pod plus every labelled workload a policy names. */
  representativePods(): Endpoint[] {
    const pods = new Map<string, Endpoint>();
    const add = (namespace: string, labels: Record<string, string>) => {
      const key = `${namespace}|${JSON.stringify(Object.entries(labels).sort())}`;
      if (!pods.has(key)) pods.set(key, { kind: 'pod', namespace, labels });
    };
    for (const ns of this.namespaces) add(ns, {});
    const known = new Set(this.namespaces);
    const consider = (sel: Sel | undefined, policyNs: string | undefined) => {
      if (!sel) return;
      const ns = sel.matchLabels?.[POD_NAMESPACE_LABEL] ?? sel.matchLabels?.[`k8s:${POD_NAMESPACE_LABEL}`] ?? (hasNamespaceLabelKey(sel) ? undefined : policyNs);
      if (!ns || !known.has(ns)) return;
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (strip(k) !== POD_NAMESPACE_LABEL && !strip(k).startsWith(CILIUM_NS_LABEL_PREFIX)) labels[strip(k)] = v;
      const variants: Record<string, string>[] = [labels];
      for (const e of sel.matchExpressions ?? []) {
        if (e.operator !== 'In' || strip(e.key).startsWith(CILIUM_NS_LABEL_PREFIX) || strip(e.key) === POD_NAMESPACE_LABEL) continue;
        variants.splice(0, variants.length, ...variants.flatMap((v) => (e.values ?? []).map((val) => ({ ...v, [strip(e.key)]: val }))));
      }
      for (const v of variants) if (Object.keys(v).length) add(ns, v);
    };
    for (const p of this.policies) {
      consider(p.endpointSelector, p.namespace);
      for (const r of [...p.ingress, ...p.egress]) for (const s of r.endpoints ?? []) consider(s, p.namespace);
    }
    return [...pods.values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }

  private readonly identities = new WeakMap<object, Record<string, string>>();
  private readonly selecting = new WeakMap<object, Policy[]>();

  private identity(pod: Extract<Endpoint, { kind: 'pod' }>): Record<string, string> {
    const cached = this.identities.get(pod);
    if (cached) return cached;
    const out: Record<string, string> = { ...pod.labels, [POD_NAMESPACE_LABEL]: pod.namespace };
    for (const [k, v] of Object.entries(this.nsLabels.get(pod.namespace) ?? {})) out[`${CILIUM_NS_LABEL_PREFIX}${k}`] = v;
    this.identities.set(pod, out);
    return out;
  }

  private selects(p: Policy, pod: Extract<Endpoint, { kind: 'pod' }>): boolean {
    if (p.hostPolicy || !p.endpointSelector) return false;
    if (p.namespace !== undefined && p.namespace !== pod.namespace) return false;
    return selectorMatches(p.endpointSelector, this.identity(pod));
  }

  /** Whether an endpoint selector used as a peer in policy `p` matches `e`. */
  private peerSelectorMatches(p: Policy, sel: Sel, e: Endpoint): boolean {
    if (e.kind !== 'pod') return false; // entities carry reserved labels only, and every peer selector requires a namespace
    if (p.namespace !== undefined && !hasNamespaceKey(sel) && !hasNamespaceLabelKey(sel) && e.namespace !== p.namespace) return false;
    return selectorMatches(sel, this.identity(e));
  }

  private static entityMatches(entities: readonly string[], e: Endpoint): boolean {
    return entities.some((x) => {
      if (x === 'all') return true;
      if (e.kind === 'pod') return x === 'cluster';
      if (x === e.entity) return true;
      return x === 'cluster' && e.entity !== 'world';
    });
  }

  /** Whether `rule` (of `p`) admits `peer`; memoized per rule and endpoint (the matrix asks millions of times). */
  private ruleMatchesPeer(p: Policy, rule: Rule, peer: Endpoint): boolean {
    if (rule.anyPeer) return true;
    let index = this.endpointIndex.get(peer);
    if (index === undefined) this.endpointIndex.set(peer, (index = this.endpointIndex.size));
    let memo = rule.memo;
    if (!memo || memo.length <= index) {
      const grown = new Uint8Array(Math.max(64, (index + 1) * 2));
      if (memo) grown.set(memo);
      rule.memo = memo = grown;
    }
    if (memo[index] === 0) memo[index] = this.evaluateRule(p, rule, peer) ? 2 : 1;
    return memo[index] === 2;
  }

  private readonly endpointIndex = new Map<Endpoint, number>();

  private evaluateRule(p: Policy, rule: Rule, peer: Endpoint): boolean {
    if (rule.endpoints?.some((s) => this.peerSelectorMatches(p, s, peer))) return true;
    if (rule.entities && PolicyModel.entityMatches(rule.entities, peer)) return true;
    if (peer.kind === 'entity' && peer.entity === 'world') {
      const ip = peer.ip;
      if (ip && rule.cidrs?.some((c) => cidrContains(c, ip))) return true;
      if (ip && rule.cidrSets?.some((c) => cidrContains(c.cidr, ip) && !(c.except ?? []).some((x) => cidrContains(x, ip)))) return true;
      if (peer.fqdn && rule.fqdns?.some((q) => fqdnMatches(q, peer.fqdn!))) return true;
    }
    return false;
  }

  /** Ports `pod` allows in one direction towards/from `peer` (FULL when the direction is not enforced). */
  private allowedAt(pod: Endpoint, dir: 'ingress' | 'egress', peer: Endpoint): PortSet {
    if (pod.kind !== 'pod') return PortSet.FULL;
    const selecting = this.selectingPolicies(pod);
    if (!selecting.some((p) => p[dir].length > 0)) return PortSet.FULL;
    let set = PortSet.EMPTY;
    for (const p of selecting) {
      for (const r of p[dir]) {
        if (!this.ruleMatchesPeer(p, r, peer)) continue;
        if (r.ports.isFull) return PortSet.FULL;
        set = set.union(r.ports);
      }
    }
    return set;
  }

  /**
   * For one endpoint, what each endpoint of `peers` may exchange with it in one direction: for `egress`,
   * the ports `pod` may open to `peers[j]`; for `ingress`, the ports `peers[j]` may open to `pod`. Same
   * semantics as `allowedAt`, computed rule by rule over each rule's (cached) list of matching peers, so a
   * whole row costs the rules' match lists rather than rules × peers.
   */
  directionalRow(pod: Endpoint, dir: 'ingress' | 'egress', peers: readonly Endpoint[]): PortSet[] {
    if (pod.kind !== 'pod') return peers.map(() => PortSet.FULL);
    const selecting = this.selectingPolicies(pod);
    if (!selecting.some((p) => p[dir].length > 0)) return peers.map(() => PortSet.FULL);
    const row: PortSet[] = peers.map(() => PortSet.EMPTY);
    for (const p of selecting) {
      for (const r of p[dir]) {
        for (const j of this.matchList(p, r, peers)) row[j] = row[j]!.isFull ? row[j]! : r.ports.isFull ? PortSet.FULL : row[j]!.union(r.ports);
      }
    }
    return row;
  }

  private readonly matchLists = new WeakMap<Rule, { peers: readonly Endpoint[]; list: number[] }>();

  private matchList(p: Policy, r: Rule, peers: readonly Endpoint[]): readonly number[] {
    const cached = this.matchLists.get(r);
    if (cached && cached.peers === peers) return cached.list;
    const list: number[] = [];
    for (const j of this.candidatePeers(p, r, peers)) if (this.ruleMatchesPeer(p, r, peers[j]!)) list.push(j);
    this.matchLists.set(r, { peers, list });
    return list;
  }

  private readonly peersByNamespace = new WeakMap<readonly Endpoint[], Map<string, number[]>>();

  /**
   * The indexes of `peers` that rule `r` can match at all, ascending: only the pods of the namespaces its
   * selectors are confined to (the pod-namespace label, or the policy's own namespace), else every peer. Testing
   * every namespaced rule against every peer made the matrix rules × endpoints, quadratic in apps.
   */
  private candidatePeers(p: Policy, r: Rule, peers: readonly Endpoint[]): Iterable<number> {
    const namespaces = peerNamespaces(p, r);
    if (!namespaces) return peers.keys();
    let byNs = this.peersByNamespace.get(peers);
    if (!byNs) {
      byNs = new Map();
      peers.forEach((e, j) => {
        if (e.kind === 'pod') (byNs!.get(e.namespace) ?? byNs!.set(e.namespace, []).get(e.namespace)!).push(j);
      });
      this.peersByNamespace.set(peers, byNs);
    }
    const out = [...namespaces].flatMap((ns) => byNs!.get(ns) ?? []);
    return namespaces.size > 1 ? out.sort((a, b) => a - b) : out;
  }

  private selectingPolicies(pod: Extract<Endpoint, { kind: 'pod' }>): Policy[] {
    let selecting = this.selecting.get(pod);
    if (!selecting) {
      const candidates = [...this.clusterWide, ...(this.byNamespace.get(pod.namespace) ?? [])];
      this.selecting.set(pod, (selecting = candidates.filter((p) => this.selects(p, pod))));
    }
    return selecting;
  }

  /** Every port on which `from` may open a connection to `to`. */
  allowedPorts(from: Endpoint, to: Endpoint): PortSet {
    const egress = this.allowedAt(from, 'egress', to);
    return egress.isEmpty ? egress : egress.intersect(this.allowedAt(to, 'ingress', from));
  }

  /** May `from` reach `to` on this port? */
  allows(from: Endpoint, to: Endpoint, port: PortQuery): boolean {
    return this.allowedPorts(from, to).has(port);
  }
}

/** The contract's entity columns/rows of the connectivity report. */
export const REPORT_ENTITIES: readonly EntityName[] = ['world', 'kube-apiserver', 'host'];

/** `reach[from][to] = ports`, only allowed pairs; from/to are namespaces or the report entities. */
export type ConnectivityMatrix = Record<string, Record<string, readonly string[]>>;

/**
 * The same matrix in compact form, as the reports read it: `names` sorted, `ports[from * names.length + to]`
 * (indexes into `names`) the allowed ports, undefined for a denied pair. At 1000 apps the matrix has a million
 * pairs: nested string-keyed objects for them cost more than computing them.
 */
export interface ConnectivityTable {
  readonly names: readonly string[];
  readonly ports: ReadonlyArray<readonly string[] | undefined>;
}

/** The matrix as nested objects (queries and tests; the reports use {@link connectivityTable}). */
export function connectivityMatrix(objects: readonly KubeObject[], model: PolicyModel = new PolicyModel(objects)): ConnectivityMatrix {
  const { names, ports } = connectivityTable(objects, model);
  const out: ConnectivityMatrix = {};
  names.forEach((from, f) => {
    names.forEach((to, t) => {
      const set = ports[f * names.length + t];
      if (set) (out[from] ??= {})[to] = set;
    });
  });
  return out;
}

/**
 * The namespace-level matrix: for each pair, the ports on which SOME workload of `from` (a plain pod or a
 * labelled workload a policy names, e.g. Prometheus, a gateway) may reach SOME workload of `to`.
 */
export function connectivityTable(objects: readonly KubeObject[], model: PolicyModel = new PolicyModel(objects)): ConnectivityTable {
  const groups = new Map<string, Endpoint[]>();
  for (const ns of model.namespaces) groups.set(ns, []);
  // One pass (a filter per namespace was namespaces × endpoints); representativePods() only holds pods of known namespaces.
  for (const p of model.representativePods()) if (p.kind === 'pod') groups.get(p.namespace)?.push(p);
  for (const e of REPORT_ENTITIES) groups.set(e, [Endpoints.entity(e)]);
  const names = [...groups.keys()].sort();
  // Every endpoint once, with its group's index; rows are computed per endpoint over this one list.
  const endpoints: Endpoint[] = [];
  const groupOf: number[] = [];
  names.forEach((name, g) => {
    for (const e of groups.get(name)!) (endpoints.push(e), groupOf.push(g));
  });
  const egress = endpoints.map((e) => model.directionalRow(e, 'egress', endpoints));
  const ingress = endpoints.map((e) => model.directionalRow(e, 'ingress', endpoints));
  const entity = names.map((n) => (REPORT_ENTITIES as readonly string[]).includes(n));
  // Group × group, flat (a string-keyed map of a million pairs costs hundreds of MB at 1000 apps). This loop is
  // endpoints² (the report itself is: with HBONE every ambient namespace reaches every other), so it stays
  // allocation-free: set operations are memoized (PortSet), group indexes are numbers.
  const sets: Array<PortSet | undefined> = new Array(names.length * names.length);
  for (let i = 0; i < endpoints.length; i++) {
    const from = groupOf[i]!;
    const egressRow = egress[i]!;
    for (let j = 0; j < endpoints.length; j++) {
      const to = groupOf[j]!;
      if (entity[from] && entity[to]) continue;
      const e = egressRow[j]!;
      if (e.isEmpty) continue;
      const allowed = e.intersect(ingress[j]![i]!);
      if (allowed.isEmpty) continue;
      const k = from * names.length + to;
      sets[k] = sets[k] ? sets[k]!.union(allowed) : allowed;
    }
  }
  return { names, ports: Array.from(sets, (set) => (set && !set.isEmpty ? set.strings : undefined)) };
}
