// The cluster's network segmentation (platform.md §1–3, §7; SPEC §3.4): named CIDRs, the any-port
// allowlist, world-egress exceptions, platform namespaces with their hand-crafted policies, and the
// shared resources. Data and wiring only; the model lives in lib/netpol/.
import type { App } from 'cdk8s';
import type { Unit } from '../lib/k8s/unit.js';
import {
  AnyPortAllowlist,
  NamedCidr,
  NamespacePolicy,
  NetworkPolicySystem,
  Peer,
  PlatformNamespace,
  Port,
  type WorldEgressException,
} from '../lib/netpol/index.js';
import { Unit as UnitClass } from '../lib/k8s/unit.js';
import type { ClusterConfig } from '../model/clusters.js';
import { GATEWAY_NAMESPACE, platformNamespaces } from './platform-namespaces.js';
import { SynthError } from '../lib/core/errors.js';

/** The named CIDRs policies may use (platform.md §7.4): no other IP literal appears in a policy. */
export function namedCidrs(cluster: ClusterConfig) {
  return {
    bgpRouter: NamedCidr.host('bgp-router', cluster.bgp.routerIp),
    linkLocal: NamedCidr.of('link-local', '169.254.0.0/16'),
    talosHostDns: NamedCidr.host('talos-host-dns', '169.254.116.108'),
    nodeSubnet: NamedCidr.of('node-subnet', cluster.network.nodeSubnet),
    // Where network boot comes from, named after the boot network of the model (only where booter runs).
    ...(cluster.pxe ? { pxeClients: NamedCidr.of(`pxe-clients-${cluster.pxe.boot.network}`, cluster.pxe.clientSubnet) } : {}),
  } as const;
}

/** Every reason a rule may leave its ports open. A new any-port rule needs an entry here. */
export function anyPortAllowlist() {
  return new AnyPortAllowlist('clusters/network-policy.ts', {
    'prometheus-scrape': 'Prometheus scrapes whatever metrics port a workload exposes.',
    'health-probes': 'Kubelet probes and Cilium health checks target arbitrary container ports.',
    'same-namespace': 'Pods of one namespace form one application; namespaced CNP, so it never crosses namespaces.',
    'gateway-ingress': 'The Istio gateways proxy HTTPRoutes to whatever port the backend Service targets.',
    'escape-hatch': 'Break-glass allow-all for namespaces labelled enforcement=disabled; alerts fire while set.',
    'gateway-backends': 'istio-gateway proxies to backends on any port; backends restrict their own ingress.',
    'longhorn-replication': 'Longhorn managers and instance managers talk to engines/replicas on dynamic ports.',
    'monitoring-scrape-and-probe': 'Prometheus, Alloy and canary-checker reach targets on arbitrary ports cluster-wide.',
    'kube-system-cluster-egress': 'CoreDNS, metrics-server, Hubble and Cilium agents reach cluster endpoints on many ports.',
  });
}

/** World egress beyond tcp/443 for platform namespaces (platform.md §7.6). */
export const worldEgressExceptions: readonly WorldEgressException[] = [
  { namespace: 'cert-manager', port: Port.tcp(80), reason: 'ACME HTTP-01 and CRL/OCSP fetches over plain HTTP' },
  { namespace: 'kube-system', port: Port.udp(123), reason: 'NTP time sync' },
];

const KAPI = [Port.tcp(443), Port.tcp(6443)] as const;

export interface ClusterNetworkPolicy {
  readonly system: NetworkPolicySystem;
  readonly unit: Unit;
  readonly namespaces: Readonly<Record<string, PlatformNamespace>>;
}

/**
 * Builds the namespaces (into `namespacesUnit`) and every policy (into the unit `config/network-policy`)
 * plus the escape-hatch alerts (unit `config/network-policy-alerts`) and the connectivity reports.
 */
export function composeNetworkPolicy(app: App, namespacesUnit: Unit, cluster: ClusterConfig): ClusterNetworkPolicy {
  const unit = new UnitClass(app, 'network-policy', { path: 'config/network-policy' });
  unit.dependOn(namespacesUnit);
  const cidrs = namedCidrs(cluster);
  const system = new NetworkPolicySystem(unit, 'system', { anyPort: anyPortAllowlist(), cidrs, worldEgressExceptions, gatewayNamespace: GATEWAY_NAMESPACE });
  const any = (k: string) => system.anyPort.entry(k);

  const nss: Record<string, PlatformNamespace> = {};
  for (const spec of platformNamespaces) {
    nss[spec.name] = new PlatformNamespace(namespacesUnit, spec.name, {
      name: spec.name,
      podSecurity: spec.podSecurity,
      dataplane: spec.dataplane,
      networkPolicy: spec.networkPolicy,
      network: system,
      ...(spec.external ? { external: true } : {}),
      ...(spec.kubeApi ? { access: [system.kubeApi] } : {}),
    });
  }
  const p = (name: string) => {
    const ns = nss[name];
    if (!ns) throw new SynthError('clusters/network-policy.ts', `unknown platform namespace "${name}" (declared: ${Object.keys(nss).sort().join(', ')})`, 'namespace');
    return ns.policy;
  };
  /** A cross-namespace flow: writes the sender's egress and the receiver's ingress. */
  const flow = (from: string, to: string, port: Port, ...more: Port[]) => {
    p(from).allowTo(Peer.namespace(to), port, ...more);
    p(to).allowFrom(Peer.namespace(from), port, ...more);
  };
  const prom = Peer.prometheus();
  const kapi = Peer.kubeApiServer();
  const gw = Peer.namespace(GATEWAY_NAMESPACE);

  // The shared resources (postgres, dragonfly, garage-s3) are declared by the data services that own
  // them (clusters/data-services.ts), each writing its consumers' egress and its own ingress.
  p('cache').allowFrom(prom, Port.tcp(9999));
  p('database').allowFrom(prom, Port.tcp(9187)).allowTo(kapi, ...KAPI).allowTo(Peer.world(), Port.tcp(443));
  p('garage').allowFrom([prom, Peer.namespace('garage-system')], Port.tcp(3903)).allowFrom(gw, Port.tcp(3900), Port.tcp(3902), Port.tcp(3903));
  p('garage-system').allowFrom(prom, Port.tcp(8080)).allowTo(kapi, ...KAPI).allowTo(Peer.namespace('garage'), Port.tcp(3903));
  p('gpu-system').allowTo(kapi, ...KAPI);
  p(GATEWAY_NAMESPACE)
    .allowFrom(Peer.world(), Port.tcp(80), Port.tcp(443), Port.tcp(8080), Port.tcp(8443))
    .allowFrom(prom, Port.tcp(15020))
    .allowFrom(Peer.pods('monitoring', { 'app.kubernetes.io/name': 'canary-checker' }, 'canary-checker'), Port.tcp(443), Port.tcp(8443))
    .allowFrom(Peer.namespace('istio-system'), Port.tcp(15006), Port.tcp(15008))
    .allowToAnyPort(Peer.entity('cluster'), any('gateway-backends'))
    .allowTo(Peer.namespace('istio-system'), Port.tcp(15010), Port.tcp(15012))
    .allowTo(Peer.world(), Port.tcp(443));
  p('kromgo').allowFrom([gw, prom], Port.tcp(8080));
  flow('kromgo', 'monitoring', Port.tcp(9090));
  p('longhorn-system')
    .allowFrom(Peer.entity('cluster'), Port.tcpRange(9500, 9504))
    .allowFrom(prom, Port.tcp(9500))
    .allowFrom(gw, Port.tcp(8000))
    .allowFrom(kapi, Port.tcp(9443))
    .allowTo(kapi, ...KAPI)
    .allowToAnyPort(Peer.entity('cluster'), any('longhorn-replication'))
    .allowTo(Peer.world(), Port.tcp(443));
  p('monitoring')
    .allowFrom(gw, Port.tcp(3000), Port.tcp(9090), Port.tcp(9093))
    .allowFrom(Peer.entity('cluster'), Port.tcp(3100), Port.tcp(15008))
    .allowFrom(prom, Port.tcp(3000), Port.tcp(3100), Port.tcp(8080), Port.tcp(9090), Port.tcp(9093))
    .allowFrom(kapi, Port.tcp(10250))
    .allowTo(kapi, ...KAPI)
    .allowToAnyPort(Peer.entity('cluster'), any('monitoring-scrape-and-probe'))
    .allowTo(Peer.world(), Port.tcp(443));
  new NamespacePolicy(unit, 'monitoring--hardware-monitoring-egress', {
    namespace: 'monitoring',
    name: 'hardware-monitoring-egress',
    pods: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['prometheus-ipmi-exporter', 'prometheus-snmp-exporter'] }] },
    description: 'SNMP and IPMI exporters poll the hardware on the node subnet.',
  }).allowTo(Peer.cidr(cidrs.nodeSubnet), Port.udp(161), Port.udp(623));
  p('oauth2-proxy').allowFrom(gw, Port.tcp(4180)).allowFrom(prom, Port.tcp(44180)).allowTo(Peer.world(), Port.tcp(443)).allowTo(Peer.namespace('istio-system'), Port.tcp(15012));
  p('system-upgrade')
    .allowFrom(prom, Port.tcp(8080))
    .allowTo(Peer.fqdn('factory.talos.dev'), Port.tcp(443))
    .allowTo(kapi, ...KAPI, Port.tcp(50000))
    .allowTo(Peer.entity('host'), Port.tcp(6443));
  p('cert-manager')
    .allowFrom(prom, Port.tcp(9402))
    .allowFrom(kapi, Port.tcp(10250))
    .allowFrom([Peer.namespace('istio-system'), gw], Port.tcp(6443))
    .allowTo(kapi, ...KAPI)
    .allowTo(Peer.world(), Port.tcp(80), Port.tcp(443));
  p('cnpg-system').allowFrom(prom, Port.tcp(8080)).allowFrom(kapi, Port.tcp(9443)).allowTo(kapi, ...KAPI);
  p('dragonfly-system').allowFrom(prom, Port.tcp(8080)).allowTo(kapi, ...KAPI);
  p('external-secrets').allowFrom(prom, Port.tcp(8080)).allowFrom(kapi, Port.tcp(10250)).allowTo(kapi, ...KAPI).allowTo(Peer.world(), Port.tcp(443));
  p('flux-system').allowFrom(prom, Port.tcp(8080), Port.tcp(9090)).allowFrom(kapi, Port.tcp(9443)).allowTo(kapi, ...KAPI).allowTo(Peer.world(), Port.tcp(443));
  p('istio-system')
    .allowFrom(Peer.entity('cluster'), Port.tcp(15010), Port.tcp(15012), Port.tcp(15014))
    .allowFrom(prom, Port.tcp(15014), Port.tcp(15020))
    .allowFrom(kapi, Port.tcp(15017))
    .allowTo(kapi, ...KAPI)
    .allowTo(Peer.entity('cluster'), Port.tcp(15001), Port.tcp(15006), Port.tcp(15008))
    .allowTo(Peer.namespace('cert-manager'), Port.tcp(6443));
  p('kube-system')
    .allowFrom(Peer.entity('cluster'), ...Port.tcpAndUdp(53))
    .allowFrom(prom, Port.tcp(9090), Port.tcp(9100), Port.tcp(9153), Port.tcp(9962), Port.tcp(9963), Port.tcp(9965), Port.tcp(10258))
    .allowFrom(gw, Port.tcp(8081))
    .allowFrom(Peer.entity('remote-node'), Port.tcp(4240))
    .allowTo(Peer.cidr(cidrs.talosHostDns), ...Port.tcpAndUdp(53))
    .allowTo(Peer.world(), Port.udp(123))
    .allowTo(kapi, ...KAPI)
    .allowToAnyPort(Peer.entity('cluster'), any('kube-system-cluster-egress'))
    .allowTo(Peer.entity('host'), Port.tcp(4244));
  p('spegel').allowFrom(Peer.entity('cluster'), Port.tcp(5000)).allowFrom(prom, Port.tcp(8080)).allowTo(kapi, ...KAPI).allowTo(Peer.world(), Port.tcp(443));
  p('system').allowFrom(prom, Port.tcp(8080)).allowFrom(kapi, Port.tcp(10250)).allowTo(kapi, ...KAPI);

  system.addReports(unit, cluster.name);

  return { system, unit, namespaces: nss };
}
