// What an app declares about its own observability, through lib/observability so it is checked like the
// platform's: alert expressions parsed and linted against the cluster's metric catalog (the app's declared
// `metrics` join it), runbooks resolved, dashboard queries and variables parsed, and the SLOs of a routed app.
import { Construct } from 'constructs';
import { ServiceMonitor } from '../generated/crds/monitoring.coreos.com.js';
import { GrafanaDashboard } from '../observability/dashboard.js';
import { durationSeconds, type Duration } from '../observability/duration.js';
import { PrometheusRules } from '../observability/rules.js';
import { AppSlo } from '../observability/slo.js';
import { ObservabilitySystem } from '../observability/system.js';
import type { ResolvedAppProps } from './props.js';

export interface AppMonitoringProps {
  readonly app: string;
  readonly namespace: string;
  /** The app file, named in errors. */
  readonly file: string;
  /** Services behind the app's routes (the SLOs' traffic); none = no SLO. */
  readonly routedServices: readonly string[];
  readonly slo: ResolvedAppProps['slo'];
  readonly metrics: ResolvedAppProps['metrics'];
  readonly serviceMonitor: ResolvedAppProps['serviceMonitor'];
  readonly alerts: ResolvedAppProps['alerts'];
  readonly dashboard: ResolvedAppProps['dashboard'];
}

/** The app's scrape (ServiceMonitor), alert rules, dashboard and SLOs. */
export class AppMonitoring extends Construct {
  readonly slo?: AppSlo;

  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    const { app, namespace, file } = props;
    const system = ObservabilitySystem.of(this);
    const sm = props.serviceMonitor;
    if (props.metrics.length) {
      const interval = sm ? durationSeconds(sm.interval) : undefined;
      system.addSource({ component: app, metrics: props.metrics, ...(interval ? { scrapeIntervalSeconds: interval } : {}) });
    }
    if (sm) {
      new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: { name: app, namespace },
        spec: { selector: { matchLabels: { 'app.kubernetes.io/instance': app } }, endpoints: [{ port: sm.port, path: sm.path, interval: sm.interval }] },
      });
    }
    if (props.alerts.length) {
      const group = new PrometheusRules(this, 'Rules', { name: app, namespace, component: app, file }).group(`${app}.rules`);
      for (const a of props.alerts) group.alert({ alert: a.alert, expr: a.expr, for: a.for as Duration, severity: a.severity, summary: a.summary, description: a.description, runbook: a.runbook });
    }
    if (props.dashboard) {
      // Beside the app, like its rules: the Grafana sidecar reads dashboards from every namespace.
      new GrafanaDashboard(this, 'Dashboard', { model: props.dashboard.json, folder: props.dashboard.folder, namespace, file, field: 'dashboard.json' });
    }
    if (props.routedServices.length && props.slo !== false) {
      this.slo = new AppSlo(this, 'Slo', { app, namespace, services: props.routedServices, objectives: props.slo, file });
    }
  }
}
