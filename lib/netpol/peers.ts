import { SynthError } from '../core/errors.js';
import { callerLocation } from '../core/stack.js';
import type { NamedCidr } from './cidr.js';
import { ACCESS_LABEL_VALUE, POD_NAMESPACE_LABEL, namespaceLabelKey } from './labels.js';
import type { GatewayName } from './profiles.js';

/** A Kubernetes/Cilium label selector as it appears in a policy. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; readonly values?: readonly string[] }>;
}

/** The Cilium entities policies may name. */
export type Entity = 'world' | 'cluster' | 'host' | 'remote-node' | 'health' | 'kube-apiserver' | 'all';

export type PeerSpec =
  | { readonly kind: 'endpoints'; readonly selector: LabelSelector; readonly sameNamespace: boolean }
  | { readonly kind: 'entity'; readonly entity: Entity }
  | { readonly kind: 'cidr'; readonly cidr: NamedCidr }
  | { readonly kind: 'fqdn'; readonly name: string };

/**
 * The other side of a rule, as the domain names it: `Peer.prometheus()`, `Peer.gateway('istio-gateway', 'internal')`,
 * `Peer.namespace('monitoring')`, `Peer.entity('world')`, `Peer.cidr(bgpRouter)`, `Peer.fqdn('x.y')`.
 * There is deliberately no factory for an empty selector outside {@link Peer.sameNamespace}.
 */
/** The label Gateway API implementations put on a Gateway's pods (its name). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export class Peer {
  /** Every pod of a namespace. */
  static namespace(name: string): Peer {
    return new Peer({ kind: 'endpoints', selector: { matchLabels: { [POD_NAMESPACE_LABEL]: name } }, sameNamespace: false }, `ns ${name}`);
  }
  /** Pods with these labels in a namespace. */
  static pods(namespace: string, labels: Readonly<Record<string, string>>, description?: string): Peer {
    const desc = description ?? `${namespace}/${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}`;
    return new Peer({ kind: 'endpoints', selector: { matchLabels: { [POD_NAMESPACE_LABEL]: namespace, ...labels } }, sameNamespace: false }, desc);
  }
  /** The Prometheus server pods (monitoring, app.kubernetes.io/name=prometheus). */
  static prometheus(): Peer {
    return Peer.pods('monitoring', { 'app.kubernetes.io/name': 'prometheus' }, 'prometheus');
  }
  /** The pods of the internal or external Gateway (in the gateways' namespace). */
  static gateway(namespace: string, which: GatewayName): Peer {
    return Peer.pods(namespace, { [GATEWAY_NAME_LABEL]: which }, `gateway ${which}`);
  }
  /** CoreDNS (kube-system, k8s-app=kube-dns). */
  static coreDns(): Peer {
    return Peer.pods('kube-system', { 'k8s-app': 'kube-dns' }, 'coredns');
  }
  /** Every pod of every namespace carrying access label `<key>: "true"`. */
  static accessLabel(key: string): Peer {
    return new Peer(
      { kind: 'endpoints', selector: { matchExpressions: [{ key: namespaceLabelKey(key), operator: 'In', values: [ACCESS_LABEL_VALUE] }] }, sameNamespace: false },
      `ns with ${key}`,
    );
  }
  /** Pods of namespaces whose label `key` is one of `values`. */
  static namespaceLabel(key: string, values: readonly string[]): Peer {
    return new Peer({ kind: 'endpoints', selector: { matchExpressions: [{ key: namespaceLabelKey(key), operator: 'In', values: [...values] }] }, sameNamespace: false }, `ns with ${key} in [${values.join(',')}]`);
  }
  /**
   * Every pod of the policy's own namespace. Only valid in a namespaced policy (there Cilium confines an
   * empty selector to the policy's namespace; in a cluster-wide policy it would mean every pod).
   */
  static sameNamespace(): Peer {
    return new Peer({ kind: 'endpoints', selector: {}, sameNamespace: true }, 'same namespace');
  }
  static entity(entity: Entity): Peer {
    return new Peer({ kind: 'entity', entity }, `entity ${entity}`);
  }
  static kubeApiServer(): Peer {
    return Peer.entity('kube-apiserver');
  }
  static world(): Peer {
    return Peer.entity('world');
  }
  /** A named CIDR from the networking model (never an IP literal). */
  static cidr(cidr: NamedCidr): Peer {
    return new Peer({ kind: 'cidr', cidr }, `cidr ${cidr.name}`);
  }
  /** A DNS name (egress only; relies on the DNS proxy enabled by the DNS baseline). */
  static fqdn(name: string): Peer {
    const problem = fqdnProblem(name);
    if (problem) throw new SynthError(callerLocation('lib/netpol/peers.ts'), `FQDN peer "${name}" ${problem}`, 'fqdn');
    return new Peer({ kind: 'fqdn', name }, `fqdn ${name}`);
  }

  /** The namespace an endpoint peer is confined to, if it names one. */
  get namespace(): string | undefined {
    return this.spec.kind === 'endpoints' ? this.spec.selector.matchLabels?.[POD_NAMESPACE_LABEL] : undefined;
  }

  private constructor(
    readonly spec: PeerSpec,
    readonly description: string,
  ) {}
}

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why a name cannot be a Cilium `toFQDNs.matchName`, or undefined (a lower-case RFC 1123 DNS name). */
function fqdnProblem(name: string): string | undefined {
  if (IP_LITERAL.test(name)) return 'is an IP address: FQDN rules match DNS names; use Peer.cidr() with a NamedCidr from the networking model';
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed.length === 0 || trimmed.length > 253 || !trimmed.split('.').every((l) => DNS_LABEL.test(l)) || !trimmed.includes('.')) {
    return 'is not a fully qualified DNS name (lower-case labels of a-z, 0-9 and "-", separated by dots; no wildcards)';
  }
  return undefined;
}
