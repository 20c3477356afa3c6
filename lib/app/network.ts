import { Peer } from '../netpol/peers.js';
import { Port } from '../netpol/ports.js';
import type { AppNamespace } from '../netpol/namespaces.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import type { ResolvedAppProps } from './props.js';

/** A port of the props as a policy port. */
export function policyPort(p: { port: number; protocol: 'TCP' | 'UDP' }): Port {
  return p.protocol === 'UDP' ? Port.udp(p.port) : Port.tcp(p.port);
}

export interface AppTrafficProps {
  readonly app: string;
  readonly namespace: AppNamespace;
  readonly system: NetworkPolicySystem;
  readonly egress: ResolvedAppProps['egress'];
  readonly exposed: ResolvedAppProps['exposed'];
  readonly fail: (field: string, message: string) => never;
}

/**
 * The app's traffic beyond its profile and grants, as rules of its namespace's `<ns>-app` policy: world
 * ports (each recorded as a reasoned world-egress exception), FQDNs, and world ingress to exposed ports.
 * Rules to other apps are added once every app is declared (`HomelabApp.connect`).
 */
export function declareAppTraffic(p: AppTrafficProps): void {
  const e = p.egress;
  if (e.world.length) p.namespace.allowEgress(Peer.world(), policyPort(e.world[0]!), ...e.world.slice(1).map(policyPort));
  for (const f of e.fqdns) p.namespace.allowEgress(Peer.fqdn(f.name), policyPort(f));
  if (p.exposed.length) {
    if (p.namespace.profile === 'isolated') p.fail('exposed', 'the "isolated" profile admits no ingress, so it cannot expose ports to the world');
    p.namespace.allowIngress(Peer.world(), policyPort(p.exposed[0]!), ...p.exposed.slice(1).map(policyPort));
  }
  for (const w of e.world) p.system.addWorldEgressException({ namespace: p.namespace.name, port: policyPort(w), reason: `app ${p.app}: ${w.reason}` });
}
