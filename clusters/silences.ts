// Silences per cluster (reference: platform-extras.md §4b). Policy: no alert fires except Watchdog; an alert
// that cannot be fixed on a cluster is silenced here, with the reason. Alert rules themselves belong to the
// observability layer; a silence must match an alert it defines (or one a chart ships), else it is an error.
import { ApiObject, type App } from 'cdk8s';
import { SynthError, throwIfAny } from '../lib/core/errors.js';
import { AlertSilence, unmatchedMatchers, type SilenceMatcher } from '../lib/alerting/silence.js';
import { Unit } from '../lib/k8s/unit.js';
import { PrometheusRules } from '../lib/observability/rules.js';
import type { ClusterName } from '../model/index.js';
import type { ClusterConfig } from '../model/index.js';

const SOURCE = 'clusters/silences.ts';

/**
 * Alerts that charts ship with their default rules (kube-prometheus-stack's kubernetes-mixin and Prometheus
 * rules), which no PrometheusRule object of ours declares. Only those a silence refers to are listed.
 */
export const CHART_ALERTS: readonly string[] = ['KubeDaemonSetRolloutStuck', 'KubePodCrashLooping', 'TargetDown', 'Watchdog'];

export interface SilenceSpec {
  readonly name: string;
  readonly clusters: readonly ClusterName[];
  readonly matchers: readonly SilenceMatcher[];
  readonly reason: string;
  /**
   * The silence waits for alert rules another workstream has yet to add: it is not rendered, and it becomes
   * an error to keep this once the alerts exist (so it cannot be forgotten).
   */
  readonly awaiting?: string;
}

export const SILENCES: readonly SilenceSpec[] = [
  {
    name: 'longhorn-ephemeral',
    clusters: ['dev', 'integration'],
    matchers: [{ name: 'alertname', op: '=~', value: 'Longhorn.*' }],
    reason: 'dev and integration keep one replica per volume on single-disk nodes and are rebuilt often; Longhorn degradation is expected there.',
  },
  {
    name: 'spegel-single-node',
    clusters: ['dev'],
    matchers: [
      { name: 'alertname', op: '=~', value: 'KubePodCrashLooping|KubeDaemonSetRolloutStuck|TargetDown' },
      { name: 'namespace', op: '=', value: 'spegel' },
    ],
    reason: 'spegel needs a peer node to mirror from; on the single-node dev cluster its pod restarts and its target flaps.',
  },
  {
    name: 'prometheus-tsdb-volume-full',
    clusters: ['live'],
    matchers: [
      { name: 'alertname', op: '=', value: 'LonghornVolumeActualSpaceUsedWarning' },
      { name: 'pvc', op: '=~', value: 'prometheus-kube-prometheus-stack-db-.*' },
    ],
    reason: 'Prometheus fills its volume up to its retention size by design; retentionSize keeps it below the volume size.',
  },
];

/** The cluster's silences, checked against the alerts and namespaces it defines. Call after every unit exists. */
export function composeSilences(app: App, cluster: ClusterConfig, specs: readonly SilenceSpec[] = SILENCES): AlertSilence[] {
  const mine = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.clusters.includes(cluster.name));
  if (!mine.length) return [];
  const known = definedAlertsAndNamespaces(app);
  let unit: Unit | undefined;
  const out: AlertSilence[] = [];
  for (const { s, i } of mine) {
    const props = { name: s.name, namespace: 'monitoring', matchers: s.matchers, reason: s.reason, source: { file: SOURCE, field: `SILENCES[${i}]` } };
    if (s.awaiting) {
      // Not rendered until its alerts exist; once they do, keeping `awaiting` is an error.
      throwIfAny(AlertSilence.validate(props));
      if (!unmatchedMatchers(s.matchers, known).length) throw new SynthError(SOURCE, `silence "${s.name}" awaits ${s.awaiting}, but its alerts exist now: drop "awaiting"`, `SILENCES[${i}].awaiting`);
      continue;
    }
    unit ??= new Unit(app, 'silences', { path: 'config/silences' });
    const silence = new AlertSilence(unit, s.name, props);
    silence.checkMatches(known);
    out.push(silence);
  }
  return out;
}

/** Alert names (PrometheusRules of this cluster plus chart defaults) and namespaces this cluster defines. */
function definedAlertsAndNamespaces(app: App): { alerts: Set<string>; namespaces: Set<string> } {
  const alerts = new Set(CHART_ALERTS);
  const namespaces = new Set<string>();
  for (const c of app.node.findAll()) {
    // The observability layer's rule objects know their alerts: no need to render them (and resolve every
    // expression) here, while the tree is still being composed.
    if (c instanceof PrometheusRules) {
      for (const g of c.groups) for (const a of g.alerts) alerts.add(a.props.alert);
      continue;
    }
    if (!ApiObject.isApiObject(c)) continue;
    if (c.kind === 'Namespace') namespaces.add(c.name);
    if (c.kind !== 'PrometheusRule' || c.node.scope instanceof PrometheusRules) continue;
    const groups = (c.toJson() as { spec?: { groups?: Array<{ rules?: Array<{ alert?: string }> }> } }).spec?.groups ?? [];
    for (const g of groups) for (const r of g.rules ?? []) if (r.alert) alerts.add(r.alert);
  }
  return { alerts, namespaces };
}
