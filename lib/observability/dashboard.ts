// Grafana dashboards as code with Grafana's own SDK (@grafana/grafana-foundation-sdk, deep imports per
// panel kind), shipped as ConfigMaps the Grafana sidecar loads. Every panel query is parsed and linted:
// PromQL against the cluster's metric catalog, LogQL with Grafana's grammar.
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { DashboardBuilder, QueryVariableBuilder, RowBuilder, TextBoxVariableBuilder, ThresholdsConfigBuilder, ThresholdsMode, VariableRefresh, type Dashboard, type Panel, type RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as lokiQuery from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { SynthError } from '../core/errors.js';
import { ObservabilitySystem, type Registered } from './system.js';

/** Data source uids provisioned in Grafana (grafana values). */
export const DATASOURCES = { prometheus: { type: 'prometheus', uid: 'prometheus' }, loki: { type: 'loki', uid: 'loki' } } as const;
/** Label and annotation the Grafana dashboard sidecar watches. */
export const DASHBOARD_LABEL = 'grafana_dashboard';
export const FOLDER_ANNOTATION = 'grafana_folder';

/** Grafana's built-in and dashboard variables, replaced by a representative value before parsing. */
function withoutVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)/g, '5m').replace(/\[\$\{?\w+\}?\]/g, '[5m]').replace(/\$\{?\w+(?::\w+)?\}?/g, 'x');
}

type Query = prometheus.DataqueryBuilder | lokiQuery.DataqueryBuilder;
export const promq = (expr: string, legend = '__auto'): prometheus.DataqueryBuilder => new prometheus.DataqueryBuilder().expr(expr).legendFormat(legend).datasource(DATASOURCES.prometheus);
export const lokiq = (expr: string): lokiQuery.DataqueryBuilder => new lokiQuery.DataqueryBuilder().expr(expr).datasource(DATASOURCES.loki);
const queries = (qs: ReadonlyArray<Query | string>): Query[] => qs.map((q) => (typeof q === 'string' ? promq(q) : q));

/** Green below the first bound, then yellow, then red (absolute values). */
export function thresholds(...bounds: number[]): ThresholdsConfigBuilder {
  const colors = ['green', 'yellow', 'orange', 'red'];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null, color: colors[0]! }, ...bounds.map((v, i) => ({ value: v, color: colors[Math.min(i + 1, colors.length - 1)]! }))]);
}

/** A panel with its width and height on the 24-column grid. */
export interface Placed {
  readonly panel: { build(): Panel } | RowBuilder;
  readonly w: number;
  readonly h: number;
}
export const statPanel = (title: string, qs: ReadonlyArray<Query | string>, o: { unit?: string; w?: number; t?: number[] } = {}): Placed => {
  const p = new stat.PanelBuilder().title(title).unit(o.unit ?? 'short');
  for (const q of queries(qs)) p.withTarget(q);
  if (o.t) p.thresholds(thresholds(...o.t));
  return { panel: p, w: o.w ?? 4, h: 4 };
};
export const graph = (title: string, qs: ReadonlyArray<Query | string>, o: { unit?: string; w?: number; h?: number; stack?: boolean } = {}): Placed => {
  const p = new timeseries.PanelBuilder().title(title).unit(o.unit ?? 'short');
  for (const q of queries(qs)) p.withTarget(q);
  if (o.stack) p.fillOpacity(40);
  return { panel: p, w: o.w ?? 12, h: o.h ?? 8 };
};
export const tablePanel = (title: string, qs: ReadonlyArray<Query | string>, o: { w?: number; h?: number } = {}): Placed => {
  const p = new table.PanelBuilder().title(title);
  for (const q of qs) p.withTarget(typeof q === 'string' ? promq(q).instant().format(prometheus.PromQueryFormat.Table) : q);
  return { panel: p, w: o.w ?? 24, h: o.h ?? 8 };
};
export const logsPanel = (title: string, expr: string, o: { w?: number; h?: number } = {}): Placed => ({ panel: new logs.PanelBuilder().title(title).withTarget(lokiq(expr)).showTime(true).wrapLogMessage(true), w: o.w ?? 24, h: o.h ?? 12 });
/** A multi-value variable over a Prometheus label (`label_values(metric, label)`), "All" by default. */
export const labelVariable = (name: string, metric: string, label: string): QueryVariableBuilder =>
  new QueryVariableBuilder(name).datasource(DATASOURCES.prometheus).query(`label_values(${metric}, ${label})`).refresh(VariableRefresh.OnTimeRangeChanged).multi(true).includeAll(true).allValue('.*');
/** A free-text variable (e.g. a regex to search logs for). */
export const textVariable = (name: string, value: string): TextBoxVariableBuilder => new TextBoxVariableBuilder(name).defaultValue(value);
export const row = (title: string): Placed => ({ panel: new RowBuilder(title), w: 24, h: 1 });

export interface DashboardProps {
  readonly uid: string;
  readonly title: string;
  readonly folder: string;
  readonly tags?: readonly string[];
  /** Default time range, e.g. `now-6h`. */
  readonly from?: string;
  readonly refresh?: string;
  readonly panels: readonly Placed[];
  readonly variables?: ReadonlyArray<QueryVariableBuilder | TextBoxVariableBuilder>;
  /** The declaring file (named in errors). */
  readonly file: string;
  /** Namespace of the ConfigMap (the sidecar watches all namespaces). @default monitoring */
  readonly namespace?: string;
}

/** Lays panels out left to right, wrapping at 24 columns; a row starts a new line. */
function layout(builder: DashboardBuilder, panels: readonly Placed[]): void {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const p of panels) {
    if (p.panel instanceof RowBuilder) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
      builder.withRow(p.panel.gridPos({ x: 0, y, w: 24, h: 1 }));
      y += 1;
      continue;
    }
    if (x + p.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    builder.withPanel((p.panel as unknown as { gridPos(g: object): { build(): Panel } }).gridPos({ x, y, w: p.w, h: p.h }) as never);
    x += p.w;
    rowHeight = Math.max(rowHeight, p.h);
  }
}

/** One Grafana dashboard, as a ConfigMap in the sidecar's folder; every query checked as declared. */
export class GrafanaDashboard extends Construct implements Registered {
  readonly kind = 'dashboard' as const;
  readonly uid: string;
  readonly title: string;
  readonly json: Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.uid = props.uid;
    this.title = props.title;
    const builder = new DashboardBuilder(props.title).uid(props.uid).tags([...(props.tags ?? []), 'homelab']).time({ from: props.from ?? 'now-6h', to: 'now' }).refresh(props.refresh ?? '1m').editable();
    for (const v of props.variables ?? []) builder.withVariable(v);
    layout(builder, props.panels);
    this.json = builder.build();
    const system = ObservabilitySystem.of(this);
    const panels = (this.json.panels ?? []).flatMap((p) => (p.type === 'row' ? [p, ...((p as RowPanel).panels ?? [])] : [p])) as Array<Panel | RowPanel>;
    panels.forEach((p, i) => {
      if (p.type === 'row' || p.type === 'text') return;
      const panel = p as Panel;
      const object = `dashboard "${props.uid}", panel "${panel.title ?? i}"`;
      const targets = (panel.targets ?? []) as Array<{ expr?: string; datasource?: { type?: string } }>;
      if (!targets.length || targets.some((t) => !t.expr?.trim())) throw new SynthError(`${props.file} (${object})`, 'a panel needs at least one query, and every query an expression', 'targets');
      targets.forEach((t, n) => {
        const origin = { file: props.file, object, field: `targets[${n}].expr` };
        if (t.datasource?.type === 'loki') system.logql(withoutVariables(t.expr!), origin);
        else system.promql(withoutVariables(t.expr!), origin);
      });
    });
    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: `dashboard-${props.uid}`, namespace: props.namespace ?? 'monitoring', labels: { [DASHBOARD_LABEL]: '1' }, annotations: { [FOLDER_ANNOTATION]: props.folder } },
      data: { [`${props.uid}.json`]: `${JSON.stringify(sortKeys(this.json), null, 2)}\n` },
    });
    system.register(this);
  }
}

/** Object keys sorted at every level: dashboard files never depend on builder call order. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
