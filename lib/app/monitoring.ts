import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, ServiceMonitor } from '../generated/crds/monitoring.coreos.com.js';
import type { ResolvedAppProps } from './props.js';

export interface AppMonitoringProps {
  readonly app: string;
  readonly namespace: string;
  readonly serviceMonitor: ResolvedAppProps['serviceMonitor'];
  readonly alerts: ResolvedAppProps['alerts'];
  readonly dashboard: ResolvedAppProps['dashboard'];
}

/** The app's ServiceMonitor, alert rules (PrometheusRule) and Grafana dashboard (ConfigMap in monitoring). */
export class AppMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    const { app, namespace } = props;
    if (props.serviceMonitor) {
      const sm = props.serviceMonitor;
      new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: { name: app, namespace },
        spec: { selector: { matchLabels: { 'app.kubernetes.io/instance': app } }, endpoints: [{ port: sm.port, path: sm.path, interval: sm.interval }] },
      });
    }
    if (props.alerts.length) {
      new PrometheusRule(this, 'PrometheusRule', {
        metadata: { name: app, namespace },
        spec: {
          groups: [
            {
              name: `${app}.rules`,
              rules: props.alerts.map((a) => ({
                alert: a.alert,
                expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
                for: a.for,
                labels: { severity: a.severity },
                annotations: { summary: a.summary },
              })),
            },
          ],
        },
      });
    }
    if (props.dashboard) {
      new KubeConfigMap(this, 'Dashboard', {
        metadata: { name: `${app}-dashboard`, namespace: 'monitoring', labels: { grafana_dashboard: 'true' }, annotations: { grafana_folder: props.dashboard.folder } },
        data: { [`${app}.json`]: `${JSON.stringify(sortedJson(props.dashboard.json), null, 2)}\n` },
      });
    }
  }
}

/** A JSON value with object keys sorted at every level (deterministic dashboard files). */
function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedJson((v as Record<string, unknown>)[k])]));
  return v;
}
