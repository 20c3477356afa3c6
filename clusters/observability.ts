// The observability layer of one cluster: the metric catalog of what is deployed, every component's rules,
// and the on-call report. Library: lib/observability/. Reference: observability.md.
import type { App } from 'cdk8s';
import { Report } from '../lib/k8s/report.js';
import { Unit } from '../lib/k8s/unit.js';
import { ObservabilitySystem, RunbookIndex, alertsReport, slosReport, type AppSlo, type ComponentMonitoring } from '../lib/observability/index.js';
import { fluxMonitoring } from '../lib/observability/mixins/flux.js';
import { prometheusTargetMetrics } from '../lib/observability/mixins/prometheus.js';
import type { ClusterConfig } from '../model/index.js';
import { SCRAPE_INTERVAL_SECONDS } from './observability-values.js';
import { EscapeHatchAlerts } from '../lib/netpol/alerts.js';
import { addAlertmanager } from './alertmanager.js';
import { addDashboards } from './dashboards.js';
import { addScrapeTargets } from './scrape.js';
import { fluxRepository } from '../model/contract.js';
import { addGeoipLicense } from './logging.js';
import { alloy, platformReleaseCatalog, type ReleaseSpec } from './platform-releases.js';
import { REFERENCE_OBSERVABILITY } from './reference-observability.js';

export const MONITORING_NAMESPACE = 'monitoring';

/** The releases of the catalog deployed on `cluster`. */
export function deployedReleases(cluster: ClusterConfig): readonly ReleaseSpec[] {
  return platformReleaseCatalog.filter((r) => !r.feature || cluster.features[r.feature]);
}

/** Components no platform release installs: Flux comes from the Terraform bootstrap (flux-operator). */
const BOOTSTRAPPED_COMPONENTS: readonly ComponentMonitoring[] = [fluxMonitoring];

/** The monitored components of a cluster: what each deployed release brings, plus the bootstrapped ones. */
export function deployedComponents(cluster: ClusterConfig): readonly ComponentMonitoring[] {
  return [...BOOTSTRAPPED_COMPONENTS, ...deployedReleases(cluster).flatMap((r) => r.monitoring ?? [])];
}

/** Creates the cluster's observability system first, so every later construct can declare queries. */
export function createObservability(app: App, cluster: ClusterConfig, root: string): ObservabilitySystem {
  const system = new ObservabilitySystem(app, {
    cluster: cluster.name,
    scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    runbooks: RunbookIndex.load(root),
    runbookBaseUrl: `${fluxRepository.gitUrl}/blob/main/docs/runbooks`,
    sources: [prometheusTargetMetrics, ...deployedComponents(cluster).flatMap((c) => c.sources)],
  });
  system.addExternalAlerts(deployedComponents(cluster).flatMap((c) => c.shippedAlerts ?? []));
  return system;
}

/** Every deployed component's rules in the monitoring-config unit, and the alerts report. */
export function composeObservability(app: App, cluster: ClusterConfig, monitoring: Unit): void {
  const system = ObservabilitySystem.of(app);
  const components = deployedComponents(cluster);
  for (const c of components) c.rules?.(monitoring, { namespace: MONITORING_NAMESPACE });
  new EscapeHatchAlerts(monitoring, 'escape-hatch', { namespace: MONITORING_NAMESPACE });
  addAlertmanager(monitoring, cluster, MONITORING_NAMESPACE);
  const releases = new Set(deployedReleases(cluster));
  addScrapeTargets(monitoring, cluster, MONITORING_NAMESPACE, (r) => releases.has(r));
  if (releases.has(alloy)) addGeoipLicense(monitoring, cluster, MONITORING_NAMESPACE);
  const deployed = new Set(components.map((c) => c.component));
  system.onComplete(() => addDashboards(monitoring, { has: (c) => deployed.has(c), slos: () => system.items<AppSlo>('slo') }));
  new Report(app, 'slos-report', { fileName: 'slos.md', render: () => slosReport(system) });
  new Report(app, 'alerts-report', {
    fileName: 'alerts.md',
    render: () => alertsReport(system, deployedReleases(cluster).map((r) => ({ name: r.name, components: [r.name, ...(r.monitoring ?? []).map((m) => m.component)] })), REFERENCE_OBSERVABILITY[cluster.name]),
  });
}
