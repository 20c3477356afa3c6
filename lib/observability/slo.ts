// Per-app service level objectives from the gateways' request metrics: recording rules over the standard
// windows, multi-window multi-burn-rate alerts (Google SRE workbook, ch. 5) and what the SLO dashboard and
// slos.md need. One declaration in the app file; nothing here names an app.
import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';
import { PrometheusRules } from './rules.js';
import { ObservabilitySystem, type Registered } from './system.js';

/** Bucket bounds (ms) of Istio's `istio_request_duration_milliseconds`; a latency SLO must use one. */
export const ISTIO_DURATION_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;
/** Windows of the error-ratio records: the short/long pairs of the two burn-rate alerts. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '6h'] as const;
/** The period the error budget covers. */
export const SLO_PERIOD = '30d';
/** Fast burn spends 2% of a 30-day budget in 1 h; slow burn 5% in 6 h. */
export const BURN_RATES = {
  fast: { factor: 14.4, long: '1h', short: '5m', for: '2m', severity: 'critical' },
  slow: { factor: 6, long: '6h', short: '30m', for: '15m', severity: 'warning' },
} as const;

export const DEFAULT_AVAILABILITY = 99.5;

export interface SloObjectives {
  /** Percentage of requests that must not fail with 5xx, in (0, 100). @default 99.5 */
  readonly availability?: number;
  /** Requests must complete within this many milliseconds (an Istio bucket bound); no latency SLO when unset. */
  readonly latencyMs?: number;
  /** Percentage of requests that must meet `latencyMs`. @default the availability objective */
  readonly latencyTarget?: number;
}

export interface AppSloProps {
  readonly app: string;
  /** Namespace of the app (the rules live beside it). */
  readonly namespace: string;
  /** Kubernetes Services the app's routes target (Istio's `destination_service_name`). */
  readonly services: readonly string[];
  readonly objectives: SloObjectives;
  /** The app file, named in errors. */
  readonly file: string;
}

function checkPercent(v: number, where: string, field: string): void {
  if (!(typeof v === 'number' && v > 0 && v < 100)) throw new SynthError(where, `SLO objective ${String(v)} must be a percentage strictly between 0 and 100`, field);
}

/** One app's SLOs: the availability SLO always, the latency SLO when `latencyMs` is declared. */
export class AppSlo extends Construct implements Registered {
  readonly kind = 'slo' as const;
  readonly app: string;
  readonly namespace: string;
  readonly availability: number;
  readonly latency?: { readonly ms: number; readonly target: number };
  readonly selector: string;
  readonly alertNames: readonly string[];

  constructor(scope: Construct, id: string, props: AppSloProps) {
    super(scope, id);
    const where = `${props.file} (app "${props.app}")`;
    const o = props.objectives;
    this.app = props.app;
    this.namespace = props.namespace;
    this.availability = o.availability ?? DEFAULT_AVAILABILITY;
    checkPercent(this.availability, where, 'slo.availability');
    if (o.latencyMs !== undefined) {
      if (!(ISTIO_DURATION_BUCKETS_MS as readonly number[]).includes(o.latencyMs)) {
        const lower = [...ISTIO_DURATION_BUCKETS_MS].reverse().find((b) => b < o.latencyMs!);
        const upper = ISTIO_DURATION_BUCKETS_MS.find((b) => b > o.latencyMs!);
        throw new SynthError(where, `latency ${o.latencyMs} ms is not a bucket bound of istio_request_duration_milliseconds, so it cannot be measured (nearest: ${[lower, upper].filter((b) => b !== undefined).join(' or ')} ms)`, 'slo.latencyMs');
      }
      const target = o.latencyTarget ?? this.availability;
      checkPercent(target, where, 'slo.latencyTarget');
      this.latency = { ms: o.latencyMs, target };
    } else if (o.latencyTarget !== undefined) {
      throw new SynthError(where, 'latencyTarget needs latencyMs', 'slo.latencyTarget');
    }
    const services = props.services.length === 1 ? `destination_service_name="${props.services[0]}"` : `destination_service_name=~"${props.services.join('|')}"`;
    this.selector = `reporter="source", source_workload=~"(external|internal)-istio.*", destination_service_namespace="${props.namespace}", ${services}`;

    const rules = new PrometheusRules(this, 'rules', { name: `${props.app}-slo`, namespace: props.namespace, component: `slo: ${props.app}`, file: props.file, labels: { 'app.kubernetes.io/name': props.app, 'app.kubernetes.io/component': 'slo' } });
    const labels = { app: props.app };
    const ratios = rules.group(`${props.app}-slo-ratios`);
    const total = (w: string) => `sum by (source_workload) (rate(istio_requests_total{${this.selector}}[${w}]))`;
    for (const w of SLO_WINDOWS) {
      ratios.record({ record: `app:slo_availability_errors:ratio_rate${w}`, labels, expr: `sum by (source_workload) (rate(istio_requests_total{${this.selector}, response_code=~"5.."}[${w}])) / ${total(w)}` });
      if (this.latency) {
        // Envoy writes bucket bounds as floats ("500.0"); an integer "500" matches nothing.
        const le = Number.isInteger(this.latency.ms) ? `${this.latency.ms}.0` : String(this.latency.ms);
        ratios.record({
          record: `app:slo_latency_slow:ratio_rate${w}`, labels,
          expr: `1 - sum by (source_workload) (rate(istio_request_duration_milliseconds_bucket{${this.selector}, le="${le}"}[${w}])) / sum by (source_workload) (rate(istio_request_duration_milliseconds_count{${this.selector}}[${w}]))`,
        });
      }
    }
    const alerts = rules.group(`${props.app}-slo-burn-rate`);
    const names: string[] = [];
    const burn = (kind: 'availability' | 'latency', record: string, objective: number, what: string) => {
      const budget = (100 - objective) / 100;
      for (const [speed, b] of Object.entries(BURN_RATES)) {
        const threshold = +(b.factor * budget).toPrecision(6);
        const sel = `{app="${props.app}"}`;
        const name = `${kind === 'availability' ? 'Availability' : 'Latency'}BudgetBurning${speed === 'fast' ? 'Fast' : 'Slow'}`;
        names.push(name);
        alerts.alert({
          alert: name, severity: b.severity, for: b.for,
          expr: `${record.replace('$w', b.long)}${sel} > ${threshold} and ${record.replace('$w', b.short)}${sel} > ${threshold}`,
          labels,
          summary: `${props.app} burns its ${kind} error budget ${b.factor}x too fast through {{ $labels.source_workload }}`,
          description: `${what} over the last ${b.long} and ${b.short} exceeds ${b.factor} times the budget of the ${objective}% objective (${SLO_PERIOD}): ${speed === 'fast' ? 'at this rate the month\'s budget is gone in about two days' : 'at this rate the budget is gone well before the month ends'}.`,
          runbook: 'slo.md',
        });
      }
    };
    burn('availability', 'app:slo_availability_errors:ratio_rate$w', this.availability, 'The share of 5xx responses');
    if (this.latency) burn('latency', 'app:slo_latency_slow:ratio_rate$w', this.latency.target, `The share of requests slower than ${this.latency.ms} ms`);
    this.alertNames = names;
    ObservabilitySystem.of(this).register(this);
  }
}

/** `slos.md`: every SLO of the cluster, its objective, windows and alerts. */
export function slosReport(system: ObservabilitySystem): string {
  const slos = system.items<AppSlo>('slo').sort((a, b) => (a.app < b.app ? -1 : 1));
  const lines = [
    `# Service level objectives — cluster ${system.cluster}`,
    '',
    `Every app with a route has an availability SLO over ${SLO_PERIOD}, measured at the gateways (Istio, reporter source: 5xx responses are errors; 4xx and no-response are not). Apps declaring \`slo.latencyMs\` also get a latency SLO. Error ratios are recorded over ${SLO_WINDOWS.join(', ')}; each SLO has two multi-window burn-rate alerts: fast (${BURN_RATES.fast.factor}x over ${BURN_RATES.fast.long} and ${BURN_RATES.fast.short}, for ${BURN_RATES.fast.for}, ${BURN_RATES.fast.severity}) and slow (${BURN_RATES.slow.factor}x over ${BURN_RATES.slow.long} and ${BURN_RATES.slow.short}, for ${BURN_RATES.slow.for}, ${BURN_RATES.slow.severity}). Budgets are on the SLO dashboard. Generated — do not edit.`,
    '',
    '| app | namespace | availability | latency | alerts |',
    '|---|---|---:|---|---|',
    ...slos.map((s) => `| ${s.app} | ${s.namespace} | ${s.availability}% | ${s.latency ? `${s.latency.target}% within ${s.latency.ms} ms` : '—'} | ${s.alertNames.join(', ')} |`),
    '',
  ];
  if (!slos.length) lines.push('No app with a route on this cluster.', '');
  return lines.join('\n');
}
