import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { CiliumClusterwideNetworkPolicy, type CiliumClusterwideNetworkPolicySpec } from '../generated/crds/cilium.io.js';
import { CiliumNetworkPolicy, type CiliumNetworkPolicySpec } from '../generated/crds/cilium.io.js';
import type { LabelSelector, Peer } from './peers.js';
import { AnyPortAllowance, type Port } from './ports.js';
import { captureSite, type DeclarationSite } from '../core/stack.js';

export type Direction = 'ingress' | 'egress';

/** One allow rule as the builder records it (before rendering to Cilium's shape). */
export interface PolicyRule {
  readonly direction: Direction;
  readonly peers: readonly Peer[];
  /** Explicit ports, or an allowlisted any-port permission. */
  readonly ports: readonly Port[] | AnyPortAllowance;
  /** Adds Cilium's L7 DNS rule (`matchPattern: "*"`), which turns on the DNS proxy FQDN policies need. */
  readonly dnsProxy?: boolean;
  /** Where the rule was declared, to name that file when a check of the rule fails later. */
  readonly site?: DeclarationSite;
}

/** Untyped callers (spread of an empty list) can pass no port at all; validation reports it. */
const definedPorts = (first: Port | undefined, more: readonly Port[]): Port[] => [first, ...more].filter((p): p is Port => p !== undefined);

type Peers = Peer | readonly Peer[];
const asList = (p: Peers): readonly Peer[] => (Array.isArray(p) ? (p as readonly Peer[]) : [p as Peer]);

/**
 * What every Cilium policy construct offers: typed allow rules, ports required. `allowFrom`/`allowTo`
 * take at least one port; leaving ports open needs an allowlist entry (`allowFromAnyPort`).
 */
export abstract class PolicyBuilder extends Construct {
  /** Kubernetes name of the policy. */
  readonly name: string;
  protected readonly ruleList: PolicyRule[] = [];

  /** Where the policy was declared (named when a check of the policy itself fails). */
  readonly site: DeclarationSite = captureSite();

  protected constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    this.name = name;
  }

  /** The declaration site of the `index`-th rule of `direction` (else of the policy). */
  siteOf(direction: Direction, index: number): DeclarationSite {
    return this.ruleList.filter((r) => r.direction === direction)[index]?.site ?? this.site;
  }

  get rules(): readonly PolicyRule[] {
    return this.ruleList;
  }

  allowFrom(peer: Peers, port: Port, ...more: Port[]): this {
    return this.add({ direction: 'ingress', peers: asList(peer), ports: definedPorts(port, more) });
  }
  allowTo(peer: Peers, port: Port, ...more: Port[]): this {
    return this.add({ direction: 'egress', peers: asList(peer), ports: definedPorts(port, more) });
  }
  allowFromAnyPort(peer: Peers, allowance: AnyPortAllowance): this {
    return this.add({ direction: 'ingress', peers: asList(peer), ports: allowance });
  }
  allowToAnyPort(peer: Peers, allowance: AnyPortAllowance): this {
    return this.add({ direction: 'egress', peers: asList(peer), ports: allowance });
  }
  /** Egress to DNS servers with the L7 DNS rule (required for any `Peer.fqdn` rule to work). */
  allowDnsTo(peer: Peers, ...ports: Port[]): this {
    return this.add({ direction: 'egress', peers: asList(peer), ports, dnsProxy: true });
  }

  protected add(rule: PolicyRule): this {
    if (rule.ports instanceof AnyPortAllowance) rule.ports.use(`${this.kindLabel()}${this.name}`);
    this.ruleList.push({ ...rule, site: captureSite() });
    return this;
  }

  /** `CiliumNetworkPolicy ns/name` or `CiliumClusterwideNetworkPolicy name`, for messages. */
  get label(): string {
    return `${this.kindLabel()}${this.name}`;
  }

  protected abstract kindLabel(): string;

  /** Validation messages common to both kinds. */
  protected ruleProblems(): string[] {
    const out: string[] = [];
    const seen = { ingress: 0, egress: 0 };
    this.ruleList.forEach((r) => {
      const where = `${r.direction}[${seen[r.direction]++}]`;
      if (r.peers.length === 0) out.push(`${where}: a rule needs at least one peer`);
      if (Array.isArray(r.ports) && r.ports.length === 0) out.push(`${where}: a rule needs explicit ports (or an any-port allowlist entry)`);
      for (const p of r.peers) {
        if (p.spec.kind === 'fqdn' && r.direction === 'ingress') out.push(`${where}: an FQDN peer (${p.spec.name}) can only be an egress destination`);
      }
    });
    return out;
  }

  protected renderSpec(): { ingress?: unknown[]; egress?: unknown[] } {
    const ingress = this.ruleList.filter((r) => r.direction === 'ingress').map((r) => renderRule(r));
    const egress = this.ruleList.filter((r) => r.direction === 'egress').map((r) => renderRule(r));
    return { ...(ingress.length ? { ingress } : {}), ...(egress.length ? { egress } : {}) };
  }
}

function selectorJson(s: LabelSelector): Record<string, unknown> {
  return {
    ...(s.matchLabels && Object.keys(s.matchLabels).length ? { matchLabels: { ...s.matchLabels } } : {}),
    ...(s.matchExpressions?.length ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) })) } : {}),
  };
}

/** Renders one rule in the generated bindings' field names (`toCidr`, `toFqdNs`…; the binding maps them). */
function renderRule(r: PolicyRule): Record<string, unknown> {
  const from = r.direction === 'ingress';
  const out: Record<string, unknown[]> = {};
  const push = (key: string, v: unknown) => (out[key] ??= []).push(v);
  for (const p of r.peers) {
    const s = p.spec;
    if (s.kind === 'endpoints') push(from ? 'fromEndpoints' : 'toEndpoints', selectorJson(s.selector));
    else if (s.kind === 'entity') push(from ? 'fromEntities' : 'toEntities', s.entity);
    else if (s.kind === 'cidr') push(from ? 'fromCidr' : 'toCidr', s.cidr.cidr);
    else push('toFqdNs', { matchName: s.name });
  }
  if (Array.isArray(r.ports)) {
    const ports = (r.ports as readonly Port[]).map((p) => ({ port: String(p.port), protocol: p.protocol, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) }));
    out.toPorts = [{ ports, ...(r.dnsProxy ? { rules: { dns: [{ matchPattern: '*' }] } } : {}) }];
  }
  return out;
}

export interface NamespacePolicyProps {
  readonly namespace: string;
  readonly name: string;
  /** Pods of the namespace the policy applies to (default: every pod of the namespace). */
  readonly pods?: LabelSelector;
  readonly description?: string;
}

/** A namespaced `CiliumNetworkPolicy`: peers without a namespace are confined to `namespace`. */
export class NamespacePolicy extends PolicyBuilder {
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: NamespacePolicyProps) {
    super(scope, id, props.name);
    this.namespace = props.namespace;
    const endpointSelector = props.pods ? selectorJson(props.pods) : {};
    const spec = Lazy.any({
      produce: () => ({ endpointSelector, ...(props.description ? { description: props.description } : {}), ...this.renderSpec() }),
    }) as unknown as CiliumNetworkPolicySpec;
    new CiliumNetworkPolicy(this, 'Resource', { metadata: { name: props.name, namespace: props.namespace }, spec });
    this.node.addValidation({
      validate: () => {
        const out = this.ruleProblems();
        if (this.ruleList.length === 0) out.push(`CiliumNetworkPolicy ${props.namespace}/${props.name} has no rules`);
        return out;
      },
    });
  }

  protected kindLabel(): string {
    return `CiliumNetworkPolicy ${this.namespace}/`;
  }
}

/** Which endpoints a cluster-wide policy applies to. */
export type ClusterSelection =
  | { readonly endpoints: LabelSelector }
  /** A host policy (Cilium host firewall); inert unless `hostFirewall.enabled`. */
  | { readonly nodes: Readonly<Record<string, string>> };

export interface ClusterPolicyProps {
  readonly name: string;
  readonly selects: ClusterSelection;
  readonly description: string;
}

/**
 * A `CiliumClusterwideNetworkPolicy`. An empty endpoint selector as a peer would mean every pod in the
 * cluster, so `Peer.sameNamespace()` is rejected here (synth-time error naming the rule).
 */
export class ClusterPolicy extends PolicyBuilder {
  constructor(scope: Construct, id: string, props: ClusterPolicyProps) {
    super(scope, id, props.name);
    const selection = 'nodes' in props.selects ? { nodeSelector: { matchLabels: { ...props.selects.nodes } } } : { endpointSelector: selectorJson(props.selects.endpoints) };
    const spec = Lazy.any({ produce: () => ({ ...selection, description: props.description, ...this.renderSpec() }) }) as unknown as CiliumClusterwideNetworkPolicySpec;
    new CiliumClusterwideNetworkPolicy(this, 'Resource', { metadata: { name: props.name }, spec });
    this.node.addValidation({
      validate: () => {
        const out = this.ruleProblems();
        if (this.ruleList.length === 0) out.push(`CiliumClusterwideNetworkPolicy ${props.name} has no rules`);
        const seen = { ingress: 0, egress: 0 };
        this.ruleList.forEach((r) => {
          const i = seen[r.direction]++;
          if (r.peers.some((p) => p.spec.kind === 'endpoints' && p.spec.sameNamespace)) {
            out.push(`CiliumClusterwideNetworkPolicy ${props.name} ${r.direction}[${i}]: Peer.sameNamespace() (an empty {} selector) in a cluster-wide policy means every pod in the cluster; use a namespaced policy`);
          }
        });
        return out;
      },
    });
  }

  protected kindLabel(): string {
    return 'CiliumClusterwideNetworkPolicy ';
  }
}

/** The generated API object of a policy construct. */
export function apiObjectOf(policy: PolicyBuilder): ApiObject {
  return policy.node.findChild('Resource') as ApiObject;
}
