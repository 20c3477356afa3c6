// What Prometheus scrapes beyond the charts' own monitors (reference: observability.md §6.1): the hardware
// behind the multi-target IPMI and SNMP exporters, with targets from the cluster model (each node's BMC, the
// UPS) rather than literals, and the Istio and Flux data-plane pods no chart monitors.
import type { Construct } from 'constructs';
import { PodMonitor, ScrapeConfig, ScrapeConfigSpecRelabelingsAction, ServiceMonitor } from '../lib/generated/crds/monitoring.coreos.com.js';
import type { ClusterConfig } from '../model/index.js';
import { addIpmiCredentials, hasBmcs, IPMI_CONFIG, SNMP } from './hardware-monitoring.js';
import { ipmiExporter, snmpExporter, type ReleaseSpec } from './platform-releases.js';

interface MultiTarget {
  readonly name: string;
  readonly exporter: ReleaseSpec;
  readonly port: number;
  /** The exporter's probe path (`/ipmi`, `/snmp`). */
  readonly path: string;
  readonly targets: readonly string[];
  readonly params: Readonly<Record<string, string>>;
  readonly interval: string;
}

/** Multi-target exporters: each target becomes the `target` parameter and the `instance` label, the address the exporter's Service. */
function multiTarget(scope: Construct, namespace: string, t: MultiTarget): void {
  new ScrapeConfig(scope, `scrape-${t.name}`, {
    metadata: { name: t.name, namespace },
    spec: {
      staticConfigs: [{ targets: [...t.targets] }],
      metricsPath: t.path,
      params: Object.fromEntries(Object.entries(t.params).map(([k, v]) => [k, [v]])),
      scrapeInterval: t.interval,
      scrapeTimeout: '30s',
      relabelings: [
        { sourceLabels: ['__address__'], targetLabel: '__param_target' },
        { sourceLabels: ['__param_target'], targetLabel: 'instance' },
        { action: ScrapeConfigSpecRelabelingsAction.REPLACE, targetLabel: '__address__', replacement: `${t.exporter.name}.${t.exporter.namespace}.svc:${t.port}` },
      ],
    },
  });
}

/** ScrapeConfigs for the hardware exporters deployed on the cluster, and the monitors of the mesh and Flux pods. */
export function addScrapeTargets(scope: Construct, cluster: ClusterConfig, namespace: string, deployed: (release: ReleaseSpec) => boolean): void {
  if (deployed(ipmiExporter) && hasBmcs(cluster)) {
    addIpmiCredentials(scope, cluster, namespace);
    multiTarget(scope, namespace, { name: 'ipmi-exporter-targets', exporter: ipmiExporter, port: 9290, path: '/ipmi', targets: cluster.hardware.bmcs, params: { module: IPMI_CONFIG.module }, interval: '60s' });
  }
  if (deployed(snmpExporter)) {
    // The BMCs' network-interface counters (if_mib over SNMP v2c, enabled per the Supermicro runbook) and the UPS
    // (CyberPower MIB, SNMP v1).
    multiTarget(scope, namespace, { name: 'snmp-exporter-targets', exporter: snmpExporter, port: 9116, path: '/snmp', targets: cluster.hardware.bmcs, params: { module: SNMP.bmcModule, auth: SNMP.bmcAuth }, interval: '120s' });
    multiTarget(scope, namespace, { name: 'snmp-exporter-ups-targets', exporter: snmpExporter, port: 9116, path: '/snmp', targets: [cluster.hardware.ups], params: { module: SNMP.upsModule, auth: SNMP.upsAuth }, interval: '60s' });
  }

  new ServiceMonitor(scope, 'monitor-istiod', {
    metadata: { name: 'istiod', namespace },
    spec: { jobLabel: 'app', namespaceSelector: { matchNames: ['istio-system'] }, selector: { matchLabels: { app: 'istiod' } }, endpoints: [{ port: 'http-monitoring', path: '/metrics', interval: '30s' }] },
  });
  const pods = (name: string, ns: string, selector: ConstructorParameters<typeof PodMonitor>[2]['spec']['selector'], endpoint: { port: string; path: string } | { portNumber: number; path: string }) =>
    new PodMonitor(scope, `monitor-${name}`, {
      metadata: { name, namespace },
      spec: { namespaceSelector: { matchNames: [ns] }, selector, podMetricsEndpoints: [{ ...endpoint, interval: '30s' }] },
    });
  pods('ztunnel', 'istio-system', { matchLabels: { app: 'ztunnel' } }, { portNumber: 15020, path: '/stats/prometheus' });
  pods('istio-cni', 'istio-system', { matchLabels: { 'k8s-app': 'istio-cni-node' } }, { portNumber: 15014, path: '/metrics' });
  for (const gw of ['external', 'internal']) {
    pods(`${gw}-istio-gateway`, 'istio-gateway', { matchLabels: { 'gateway.networking.k8s.io/gateway-name': gw } }, { port: 'http-envoy-prom', path: '/stats/prometheus' });
  }
  pods('flux-controllers', 'flux-system', { matchExpressions: [{ key: 'app', operator: 'In', values: ['helm-controller', 'source-controller', 'kustomize-controller', 'notification-controller', 'image-automation-controller', 'image-reflector-controller'] }] }, { port: 'http-prom', path: '/metrics' });
  pods('dragonfly', 'cache', { matchLabels: { 'app.kubernetes.io/name': 'dragonfly' } }, { port: 'admin', path: '/metrics' });
}
