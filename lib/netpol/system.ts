import { SynthError, throwIfAny } from '../core/errors.js';
import { callerLocation, locationOf } from '../core/stack.js';
import { synthesizedObjects } from '../k8s/render.js';
import { Construct } from 'constructs';
import type { KubeObject } from '../core/manifest.js';
import { Report } from '../k8s/report.js';
import { EgressOnlyAccess, SharedResource, type ProviderNamespace } from './access.js';
import type { NamedCidr } from './cidr.js';
import { checkNetworkPolicyInvariants, type WorldEgressException } from './invariants.js';
import { DATAPLANE_LABEL, accessLabel, ENFORCEMENT_DISABLED, ENFORCEMENT_LABEL, PROFILE_LABEL, namespaceLabelKey } from './labels.js';
import { PROFILES, profileSpec } from './profiles.js';
import type { HomelabNamespace } from './namespaces.js';
import { Peer, type LabelSelector } from './peers.js';
import { ClusterPolicy, NamespacePolicy, PolicyBuilder } from './policy.js';
import { Port, type AnyPortAllowlist } from './ports.js';
import { namedDestinations, renderConnectivityJson, renderConnectivityMarkdown, requiredPathVerdicts } from './report.js';
import { connectivityTable, PolicyModel, type Endpoint } from './reachability.js';

/** The any-port allowlist entries the system itself uses (the composition's allowlist must define them). */
export type SystemAnyPortKey = 'prometheus-scrape' | 'health-probes' | 'same-namespace' | 'gateway-ingress' | 'escape-hatch';

/** One end of a required path: the endpoint the evaluator checks and the name the report prints. */
export interface PathEnd {
  readonly endpoint: Endpoint;
  readonly name: string;
}

/**
 * A connection some declaration relies on (an app's OIDC issuer, its routes, its reasoned world ports, its
 * references to other apps). The connectivity report evaluates each against the synthesized policies, so a
 * rule that silently fails to open it shows as DENIED next to the file that needed it.
 */
export interface RequiredPath {
  readonly from: PathEnd;
  readonly to: PathEnd;
  readonly port: Port;
  /** Why the path must be open, as the report prints it. */
  readonly why: string;
  /** The file that declared the need. */
  readonly declaredBy: string;
}

/** Istio ambient's HBONE port. */
export const HBONE_PORT = 15008;

export interface NetworkPolicySystemProps {
  readonly anyPort: AnyPortAllowlist<SystemAnyPortKey | string>;
  /** The named CIDRs: the baselines need link-local and the BGP router; any other CIDR in a policy must be one of these. */
  readonly cidrs: { readonly linkLocal: NamedCidr; readonly bgpRouter: NamedCidr; readonly [name: string]: NamedCidr };
  /** World egress beyond tcp/443 for platform namespaces, each with its reason (platform.md §7.6). */
  readonly worldEgressExceptions?: readonly WorldEgressException[];
  /** Namespace of the internal and external Gateway pods the profiles admit. */
  readonly gatewayNamespace: string;
}

/**
 * A cluster's whole Cilium default-deny system (platform.md §2, SPEC §3.4): the baselines, the four
 * profile policies, the escape hatch, shared-resource access, one same-namespace CNP per namespace, and a
 * synth-time check of every invariant over the synthesized objects. Create it inside the Unit that holds
 * the policies; namespaces register themselves with it.
 */
export class NetworkPolicySystem extends Construct {
  /** Egress-only access to the kube-apiserver (label `access.network-policy.homelab/kube-api`). */
  readonly kubeApi: EgressOnlyAccess;
  readonly anyPort: AnyPortAllowlist<SystemAnyPortKey | string>;
  private readonly namespaces: HomelabNamespace[] = [];
  /** The same namespaces by name: every app looks its own up, so a scan per app was quadratic in apps. */
  private readonly namespacesByName = new Map<string, HomelabNamespace>();
  private readonly resources: SharedResource[] = [];
  private readonly worldEgressExceptions: WorldEgressException[];
  private readonly required: RequiredPath[] = [];

  constructor(scope: Construct, id: string, props: NetworkPolicySystemProps) {
    super(scope, id);
    this.anyPort = props.anyPort;
    this.worldEgressExceptions = [...(props.worldEgressExceptions ?? [])];
    this.worldEgressExceptions.forEach(checkReason);
    const any = (k: SystemAnyPortKey) => props.anyPort.entry(k);
    const all = { endpoints: {} };

    new ClusterPolicy(this, 'baseline-dns-egress', {
      name: 'baseline-dns-egress',
      selects: all,
      description: 'Every pod may resolve names through CoreDNS; the L7 DNS rule enables the DNS proxy that toFQDNs rules need.',
    }).allowDnsTo(Peer.coreDns(), ...Port.tcpAndUdp(53));

    new ClusterPolicy(this, 'baseline-prometheus-scrape', {
      name: 'baseline-prometheus-scrape',
      selects: all,
      description: 'Prometheus may scrape every pod.',
    }).allowFromAnyPort(Peer.prometheus(), any('prometheus-scrape'));

    new ClusterPolicy(this, 'baseline-health-probes', {
      name: 'baseline-health-probes',
      selects: all,
      description: 'Kubelet probes and Cilium health checks reach every pod.',
    }).allowFromAnyPort([Peer.entity('health'), Peer.entity('host'), Peer.entity('remote-node'), Peer.kubeApiServer(), Peer.cidr(props.cidrs.linkLocal)], any('health-probes'));

    this.kubeApi = new EgressOnlyAccess('kube-api');
    new ClusterPolicy(this, 'baseline-kube-api-access', {
      name: 'baseline-kube-api-access',
      selects: { endpoints: { matchExpressions: [{ key: namespaceLabelKey(this.kubeApi.label), operator: 'In', values: ['true'] }] } },
      description: 'Namespaces labelled for kube-api access may reach the Kubernetes API server.',
    }).allowTo(Peer.kubeApiServer(), Port.tcp(443), Port.tcp(6443));

    // Ambient pods talk HBONE (ztunnel, tcp/15008) to ambient pods only; the reference opened it to the
    // whole `cluster` entity (host and kube-apiserver included), which nothing needs.
    const ambient = Peer.namespaceLabel(DATAPLANE_LABEL, ['ambient']);
    new ClusterPolicy(this, 'baseline-hbone-mesh', {
      name: 'baseline-hbone-mesh',
      selects: { endpoints: { matchExpressions: [{ key: namespaceLabelKey(DATAPLANE_LABEL), operator: 'In', values: ['ambient'] }] } },
      description: 'Istio ambient (ztunnel HBONE) traffic on 15008 between ambient namespaces.',
    })
      .allowFrom(ambient, Port.tcp(HBONE_PORT))
      .allowTo(ambient, Port.tcp(HBONE_PORT));

    new ClusterPolicy(this, 'baseline-bgp-peering', {
      name: 'baseline-bgp-peering',
      selects: { nodes: { 'kubernetes.io/os': 'linux' } },
      description: 'BGP sessions between the nodes and the router (host policy; inert unless the Cilium host firewall is on).',
    })
      .allowFrom(Peer.cidr(props.cidrs.bgpRouter), Port.tcp(179))
      .allowTo(Peer.cidr(props.cidrs.bgpRouter), Port.tcp(179));

    new ClusterPolicy(this, 'escape-hatch-allow-all', {
      name: 'escape-hatch-allow-all',
      selects: { endpoints: { matchExpressions: [{ key: namespaceLabelKey(ENFORCEMENT_LABEL), operator: 'In', values: [ENFORCEMENT_DISABLED] }] } },
      description: `Escape hatch: namespaces labelled ${ENFORCEMENT_LABEL}=${ENFORCEMENT_DISABLED} allow everything (alerts fire while set).`,
    })
      .allowFromAnyPort(Peer.entity('all'), any('escape-hatch'))
      .allowToAnyPort(Peer.entity('all'), any('escape-hatch'));

    for (const profile of PROFILES) {
      const spec = profileSpec(profile);
      const p = new ClusterPolicy(this, `profile-${profile}`, {
        name: `profile-${profile}`,
        selects: { endpoints: { matchLabels: { [namespaceLabelKey(PROFILE_LABEL)]: profile } } },
        description: `Profile ${profile}: ingress from ${spec.gateways.join(' and ') || 'Prometheus only'}, world egress ${spec.worldEgress.join(', ') || 'none'}.`,
      });
      for (const g of spec.gateways) p.allowFromAnyPort(Peer.gateway(props.gatewayNamespace, g), any('gateway-ingress'));
      const world = spec.worldEgress;
      if (world.length) p.allowTo(Peer.world(), world[0]!, ...world.slice(1));
      // Cilium wants a non-empty rule set; isolated restates the Prometheus and DNS baselines.
      if (profile === 'isolated') p.allowFromAnyPort(Peer.prometheus(), any('prometheus-scrape')).allowTo(Peer.coreDns(), ...Port.tcpAndUdp(53));
    }

    this.node.addValidation({
      validate: () => {
        this.checkPeerNamespaces();
        const messages = checkNetworkPolicyInvariants(synthesizedObjects(this.node.root), {
          worldEgressExceptions: this.worldEgressExceptions,
          namedCidrs: Object.values(props.cidrs),
        });
        throwIfAny(messages.map((m) => this.locate(m)));
        return [];
      },
    });
  }

  /**
   * Declares a shared resource once; writes the consumers' egress CCNP `access-<name>-egress` and the
   * provider's ingress rule. Grant it with `resource.grant(ns)` or a namespace's `access` prop.
   */
  sharedResource(props: { readonly name: string; readonly provider: ProviderNamespace; readonly port: Port }): SharedResource {
    const label = accessLabel(props.name);
    const egressPolicy = new ClusterPolicy(this, `access-${props.name}-egress`, {
      name: `access-${props.name}-egress`,
      selects: { endpoints: { matchExpressions: [{ key: namespaceLabelKey(label), operator: 'In', values: ['true'] }] } },
      description: `Namespaces granted ${props.name} may reach ${props.provider.name} on ${props.port}.`,
    });
    const r = new SharedResource({ ...props, egressPolicy });
    this.resources.push(r);
    return r;
  }

  /** A reasoned world-egress port beyond a namespace's profile or platform default (e.g. an app's IMAPS). */
  addWorldEgressException(exception: WorldEgressException): void {
    checkReason(exception);
    this.worldEgressExceptions.push(exception);
  }

  /**
   * An invariant violation (`Kind ns/name [construct path] (spec.egress[1]…): message`) as an error naming
   * the file and line that declared the offending rule (or policy), when a policy construct made it.
   */
  private locate(message: string): SynthError {
    const m = /^.*? \[([^\]]+)\] \(([^)]*)\): /.exec(message);
    const policy = m ? this.node.root.node.findAll().find((c) => c.node.path === m[1])?.node.scope : undefined;
    if (!m || !(policy instanceof PolicyBuilder)) return new SynthError(this.node.path, message);
    const rule = /^spec\.(ingress|egress)\[(\d+)\]/.exec(m[2]!);
    const site = rule ? policy.siteOf(rule[1] as 'ingress' | 'egress', Number(rule[2])) : policy.site;
    return new SynthError(locationOf(site, 'lib/netpol/policy.ts'), message.replace(` [${m[1]}] (${m[2]})`, ''), m[2]);
  }

  /**
   * Every namespace a rule's peer names must be declared on this cluster: a typo would otherwise be a rule
   * that silently matches nothing. Names the file that declared the rule.
   */
  private checkPeerNamespaces(): void {
    const known = new Set(this.namespaces.map((n) => n.name));
    const errors: SynthError[] = [];
    for (const policy of this.node.root.node.findAll().filter((c): c is PolicyBuilder => c instanceof PolicyBuilder)) {
      const index = { ingress: 0, egress: 0 };
      for (const rule of policy.rules) {
        const at = `${rule.direction}[${index[rule.direction]++}]`;
        for (const ns of new Set(rule.peers.map((p) => p.namespace).filter((n): n is string => n !== undefined && !known.has(n)))) {
          const near = [...known].filter((k) => k.startsWith(ns.slice(0, 3)) || ns.startsWith(k.slice(0, 3)));
          const where = rule.site ? locationOf(rule.site, 'lib/netpol/policy.ts') : policy.node.path;
          errors.push(new SynthError(where, `${policy.label} ${at}: peer namespace "${ns}" is not declared on this cluster${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`, 'peer'));
        }
      }
    }
    throwIfAny(errors);
  }

  /** Records a path a declaration needs open; the connectivity report shows whether the policies open it. */
  requirePath(path: RequiredPath): void {
    this.required.push(path);
  }

  get requiredPaths(): readonly RequiredPath[] {
    return [...this.required];
  }

  /** @internal called by every namespace construct: adds its same-namespace CNP. */
  register(ns: HomelabNamespace): void {
    const same = this.namespacesByName.get(ns.name);
    if (same) throw new SynthError(ns.node.path, `namespace "${ns.name}" is already declared (by ${same.node.path})`, 'namespace');
    this.namespaces.push(ns);
    this.namespacesByName.set(ns.name, ns);
    this.namespacePolicy(ns.name, 'same-namespace', `Pods of ${ns.name} may talk to each other (namespaced, so the empty selector means this namespace only).`)
      .allowFromAnyPort(Peer.sameNamespace(), this.anyPort.entry('same-namespace'))
      .allowToAnyPort(Peer.sameNamespace(), this.anyPort.entry('same-namespace'));
  }

  /** A namespaced policy owned by the system (so it lands in the policy unit), for every pod or `pods`. */
  namespacePolicy(namespace: string, name: string, description: string, pods?: LabelSelector): NamespacePolicy {
    return new NamespacePolicy(this, `${namespace}--${name}`, { namespace, name, description, ...(pods ? { pods } : {}) });
  }

  /** A peer for every pod of a registered namespace. */
  peerOf(ns: HomelabNamespace): Peer {
    return Peer.namespace(ns.name);
  }

  get registeredNamespaces(): readonly HomelabNamespace[] {
    return [...this.namespaces];
  }

  /** The registered namespace of that name, if any. */
  registeredNamespace(name: string): HomelabNamespace | undefined {
    return this.namespacesByName.get(name);
  }

  /** Adds `connectivity.md` and `connectivity.json` (dist/reports/<cluster>/) computed from the synthesized policies. */
  addReports(scope: Construct, cluster: string): void {
    let objects: KubeObject[] | undefined;
    let cached: ReturnType<typeof connectivityTable> | undefined;
    let policies: PolicyModel | undefined;
    const all = () => (objects ??= synthesizedObjects(this.node.root).map((o) => o.object));
    const model = () => (policies ??= new PolicyModel(all()));
    const matrix = () => (cached ??= connectivityTable(all(), model()));
    new Report(scope, 'connectivity-json', { fileName: 'connectivity.json', render: () => renderConnectivityJson(cluster, matrix()) });
    new Report(scope, 'connectivity-md', {
      fileName: 'connectivity.md',
      render: () =>
        renderConnectivityMarkdown(cluster, matrix(), this.anyPort.all(), `tcp/${HBONE_PORT}`, namedDestinations(all()), requiredPathVerdicts(model(), this.required)),
    });
  }
}


/** A world-egress exception is read by reviewers in the connectivity report: it needs a real reason. */
function checkReason(e: WorldEgressException): void {
  if (e.reason.trim().length < 10) {
    throw new SynthError(callerLocation('lib/netpol/system.ts'), `world-egress exception for namespace "${e.namespace}" on ${e.port} needs a real reason (got "${e.reason}")`, 'reason');
  }
}
