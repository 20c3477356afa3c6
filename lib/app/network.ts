import type { NamedCidr } from '../netpol/cidr.js';
import type { AppNamespace } from '../netpol/namespaces.js';
import { GATEWAY_NAME_LABEL, Peer } from '../netpol/peers.js';
import type { GatewayName } from '../netpol/profiles.js';
import { Endpoints } from '../netpol/reachability.js';
import type { NamespacePolicy } from '../netpol/policy.js';
import { Port } from '../netpol/ports.js';
import type { NetworkPolicySystem, PathEnd } from '../netpol/system.js';
import type { ResolvedAppProps } from './props.js';

/** A port of the props as a policy port. */
export function policyPort(p: { port: number; protocol: 'TCP' | 'UDP' }): Port {
  return p.protocol === 'UDP' ? Port.udp(p.port) : Port.tcp(p.port);
}

/** The pod label every app-template (and well-behaved chart) pod of a release carries. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** canary-checker's pods (they check Service ports from inside the cluster). */
export const CANARY_CHECKER = Peer.pods('monitoring', { 'app.kubernetes.io/name': 'canary-checker' }, 'canary-checker');

/** The world, as a required path's end. */
export const WORLD_END: PathEnd = { endpoint: Endpoints.world(), name: 'world' };

/** A Gateway's pods, as a required path's end. */
export function gatewayEnd(namespace: string, which: GatewayName): PathEnd {
  return { endpoint: Endpoints.pod(namespace, { [GATEWAY_NAME_LABEL]: which }), name: `${which} gateway` };
}

/**
 * An app's traffic rules beyond its profile and grants, and the peer other apps' rules name. An app with a
 * namespace of its own uses the namespace's `<ns>-app` policy and the whole namespace as its peer; an app in
 * a group gets a policy `<app>-app` selecting only its pods (its release's instance label), so one media
 * app's VPN egress is not every media app's.
 */
export class AppTraffic {
  /** The namespace-wide rules of a one-app namespace. */
  static ofNamespace(ns: AppNamespace, system: NetworkPolicySystem, app: string, declaredBy: string): AppTraffic {
    return new AppTraffic(ns.name, system, Peer.namespace(ns.name), appEnd(ns.name, app), declaredBy, {
      egress: (peer, port, more) => ns.allowEgress(peer, port, ...more),
      ingress: (peer, port, more) => ns.allowIngress(peer, port, ...more),
    });
  }

  /** The rules of one release's pods in a shared namespace. */
  static ofPods(ns: AppNamespace, system: NetworkPolicySystem, app: string, declaredBy: string): AppTraffic {
    let policy: NamespacePolicy | undefined;
    const get = () => (policy ??= system.namespacePolicy(ns.name, `${app}-app`, `Extra rules of app ${app} in namespace ${ns.name}`, { matchLabels: { [INSTANCE_LABEL]: app } }));
    return new AppTraffic(ns.name, system, Peer.pods(ns.name, { [INSTANCE_LABEL]: app }, `${ns.name}/${app}`), appEnd(ns.name, app), declaredBy, {
      egress: (peer, port, more) => get().allowTo(peer, port, ...more),
      ingress: (peer, port, more) => get().allowFrom(peer, port, ...more),
    });
  }

  private constructor(
    readonly namespace: string,
    private readonly system: NetworkPolicySystem,
    /** What other rules name to reach (or admit) this app. */
    readonly peer: Peer,
    /** The app's pods, as a required path's end. */
    readonly end: PathEnd,
    private readonly declaredBy: string,
    private readonly rules: {
      egress(peer: Peer, port: Port, more: Port[]): void;
      ingress(peer: Peer, port: Port, more: Port[]): void;
    },
  ) {}

  allowEgress(peer: Peer, port: Port, ...more: Port[]): this {
    this.rules.egress(peer, port, more);
    return this;
  }

  allowIngress(peer: Peer, port: Port, ...more: Port[]): this {
    this.rules.ingress(peer, port, more);
    return this;
  }

  /** This app may reach `other` on the ports: both halves (our egress, its ingress). */
  allowTo(other: AppTraffic, port: Port, ...more: Port[]): this {
    this.allowEgress(other.peer, port, ...more);
    other.allowIngress(this.peer, port, ...more);
    return this;
  }

  /** Records that the app relies on reaching `to` on `port` (the connectivity report shows the verdict). */
  require(to: PathEnd, port: Port, why: string): this {
    this.system.requirePath({ from: this.end, to, port, why, declaredBy: this.declaredBy });
    return this;
  }

  /** Records that `from` relies on reaching this app on `port`. */
  requireFrom(from: PathEnd, port: Port, why: string): this {
    this.system.requirePath({ from, to: this.end, port, why, declaredBy: this.declaredBy });
    return this;
  }

  /** World ports beyond the profile, each with the reason reviewers read (one rule; each port an exception). */
  allowWorldEgress(ports: ReadonlyArray<{ readonly port: Port; readonly reason: string }>): this {
    if (!ports.length) return this;
    this.allowEgress(Peer.world(), ports[0]!.port, ...ports.slice(1).map((p) => p.port));
    for (const p of ports) this.system.addWorldEgressException({ namespace: this.namespace, port: p.port, reason: p.reason });
    return this;
  }
}

/** An app's pods (its release's instance label), named `<app>` or `<namespace>/<app>` in a group. */
function appEnd(namespace: string, app: string): PathEnd {
  return { endpoint: Endpoints.pod(namespace, { [INSTANCE_LABEL]: app }), name: namespace === app ? app : `${namespace}/${app}` };
}

export interface AppTrafficProps {
  readonly app: string;
  readonly traffic: AppTraffic;
  readonly profile: string;
  readonly egress: ResolvedAppProps['egress'];
  /** LoadBalancer ports by audience. */
  readonly exposed: { readonly world: readonly Port[]; readonly lan: readonly Port[] };
  readonly nodeSubnet: NamedCidr | undefined;
  readonly fail: (field: string, message: string) => never;
}

/**
 * The app's own traffic declarations: world ports (each a reasoned world-egress exception), FQDNs, and the
 * ports a LoadBalancer exposes to the world or to the node subnet. Rules to other apps are added once every
 * app is declared (`HomelabApp.connect`).
 */
export function declareAppTraffic(p: AppTrafficProps): void {
  const e = p.egress;
  p.traffic.allowWorldEgress(e.world.map((w) => ({ port: policyPort(w), reason: `app ${p.app}: ${w.reason}` })));
  for (const w of e.world) p.traffic.require(WORLD_END, policyPort(w), w.reason);
  for (const f of e.fqdns) p.traffic.allowEgress(Peer.fqdn(f.name), policyPort(f));
  const { world, lan } = p.exposed;
  if ((world.length || lan.length) && p.profile === 'isolated') p.fail('loadBalancer', 'the "isolated" profile admits no ingress, so it cannot expose ports');
  if (world.length) p.traffic.allowIngress(Peer.world(), world[0]!, ...world.slice(1));
  if (lan.length) {
    if (!p.nodeSubnet) p.fail('loadBalancer.lan', 'the cluster has no node subnet in its named CIDRs');
    p.traffic.allowIngress(Peer.cidr(p.nodeSubnet!), lan[0]!, ...lan.slice(1));
  }
}
