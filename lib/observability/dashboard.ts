// Grafana dashboards as code with Grafana's own SDK (@grafana/grafana-foundation-sdk, deep imports per
// panel kind), shipped as ConfigMaps the Grafana sidecar loads. Every panel query is parsed and linted:
// PromQL against the cluster's metric catalog, LogQL with Grafana's grammar.
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { DashboardBuilder, QueryVariableBuilder, RowBuilder, TextBoxVariableBuilder, ThresholdsConfigBuilder, ThresholdsMode, VariableRefresh, type Dashboard, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
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

interface DashboardTarget {
  readonly uid: string;
  readonly title: string;
  readonly folder: string;
  /** The declaring file (named in errors). */
  readonly file: string;
  /** Namespace of the ConfigMap (the sidecar watches all namespaces). @default monitoring */
  readonly namespace?: string;
}

export interface DashboardProps extends DashboardTarget {
  readonly tags?: readonly string[];
  /** Default time range, e.g. `now-6h`. */
  readonly from?: string;
  readonly refresh?: string;
  readonly panels: readonly Placed[];
  readonly variables?: ReadonlyArray<QueryVariableBuilder | TextBoxVariableBuilder>;
}

export interface DashboardModelProps extends Omit<DashboardTarget, 'uid' | 'title'> {
  /** A dashboard model as Grafana exports it (an app's own dashboard); its `uid` and `title` are required. */
  readonly model: Readonly<Record<string, unknown>>;
  /** The field of the declaring file that holds the model, named in errors (`<field>.panels…`). @default 'dashboard' */
  readonly field?: string;
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

interface ModelPanel {
  readonly type?: string;
  readonly title?: string;
  readonly panels?: readonly ModelPanel[];
  readonly targets?: ReadonlyArray<{ expr?: unknown; datasource?: { type?: string } }>;
}
interface ModelVariable {
  readonly name?: string;
  readonly type?: string;
  readonly query?: unknown;
  readonly datasource?: { type?: string };
}

/** Panels that show data rather than layout or prose. */
const NO_QUERY_PANELS = new Set(['row', 'text', 'news', 'dashlist', 'alertlist', 'annolist']);

/**
 * The query a dashboard variable runs, as PromQL to check: `label_values(<selector>, label)` and
 * `query_result(<expr>)` carry an expression; `label_values(label)` and `metrics(…)` do not.
 */
export function variableQuery(query: string): string | undefined {
  const q = query.trim();
  const fn = /^(label_values|query_result)\s*\(([\s\S]*)\)$/.exec(q);
  if (!fn) return undefined;
  if (fn[1] === 'query_result') return fn[2]!;
  const comma = fn[2]!.lastIndexOf(',');
  return comma === -1 ? undefined : fn[2]!.slice(0, comma);
}

/**
 * Checks every query of a dashboard model as declared: each data panel needs queries, each PromQL/LogQL
 * parses (and is linted against the cluster's catalog in `finalize()`), each query variable's expression too.
 */
function checkModel(system: ObservabilitySystem, model: { panels?: unknown; templating?: unknown }, where: { uid: string; file: string; field: string }): void {
  const all = ((model.panels ?? []) as ModelPanel[]).flatMap((p) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
  all.forEach((panel, i) => {
    if (NO_QUERY_PANELS.has(panel.type ?? '')) return;
    const object = `dashboard "${where.uid}", panel "${panel.title ?? i}"`;
    const targets = panel.targets ?? [];
    if (!targets.length || targets.some((t) => typeof t.expr !== 'string' || !t.expr.trim())) {
      throw new SynthError(`${where.file} (${object})`, 'a panel needs at least one query, and every query an expression', `${where.field}panels.targets`);
    }
    targets.forEach((t, n) => {
      const origin = { file: where.file, object, field: `${where.field}panels.targets[${n}].expr` };
      if (t.datasource?.type === 'loki') system.logql(withoutVariables(t.expr as string), origin);
      else system.promql(withoutVariables(t.expr as string), origin);
    });
  });
  const variables = ((model.templating as { list?: ModelVariable[] } | undefined)?.list ?? []);
  for (const v of variables) {
    if (v.type !== 'query' || v.datasource?.type === 'loki') continue;
    const query = typeof v.query === 'string' ? v.query : (v.query as { query?: string } | undefined)?.query;
    const expr = query === undefined ? undefined : variableQuery(query);
    if (expr !== undefined) system.promql(withoutVariables(expr), { file: where.file, object: `dashboard "${where.uid}", variable "${v.name}"`, field: `${where.field}templating.query` });
  }
}

export type DashboardLayout = Pick<DashboardProps, 'uid' | 'title' | 'tags' | 'from' | 'refresh' | 'panels' | 'variables'>;

/**
 * A dashboard model built with Grafana's SDK from placed panels: what `GrafanaDashboard` ships, and what an app
 * file gives as its `dashboard.json` (so app dashboards use the same builders and are checked alike).
 */
export function dashboardModel(props: DashboardLayout): Dashboard {
  const builder = new DashboardBuilder(props.title).uid(props.uid).tags([...(props.tags ?? []), 'homelab']).time({ from: props.from ?? 'now-6h', to: 'now' }).refresh(props.refresh ?? '1m').editable();
  for (const v of props.variables ?? []) builder.withVariable(v);
  layout(builder, props.panels);
  return builder.build();
}

/** `dashboardModel` as the plain JSON object an app file's `dashboard.json` holds. */
export function dashboardJson(props: DashboardLayout): Record<string, unknown> {
  return dashboardModel(props) as unknown as Record<string, unknown>;
}

/** One Grafana dashboard, as a ConfigMap in the sidecar's folder; every query checked as declared. */
export class GrafanaDashboard extends Construct implements Registered {
  readonly kind = 'dashboard' as const;
  readonly uid: string;
  readonly title: string;
  readonly json: Dashboard;

  /** Built here from panels, or taken from an exported model (an app's own dashboard) and checked alike. */
  constructor(scope: Construct, id: string, props: DashboardProps | DashboardModelProps) {
    super(scope, id);
    let field = '';
    if ('model' in props) {
      field = `${props.field ?? 'dashboard'}.`;
      for (const k of ['uid', 'title'] as const) {
        if (typeof props.model[k] !== 'string' || !props.model[k]) throw new SynthError(props.file, `a dashboard model needs a "${k}"`, `${field}${k}`);
      }
      this.json = props.model as unknown as Dashboard;
    } else {
      this.json = dashboardModel(props);
    }
    this.uid = this.json.uid!;
    this.title = this.json.title!;
    const system = ObservabilitySystem.of(this);
    checkModel(system, this.json as { panels?: unknown; templating?: unknown }, { uid: this.uid, file: props.file, field });
    new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: `dashboard-${this.uid}`, namespace: props.namespace ?? 'monitoring', labels: { [DASHBOARD_LABEL]: '1' }, annotations: { [FOLDER_ANNOTATION]: props.folder } },
      data: { [`${this.uid}.json`]: `${JSON.stringify(sortKeys(this.json), null, 2)}\n` },
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
