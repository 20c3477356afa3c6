import { Construct, type IConstruct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { MetricCatalog, type MetricSource } from './catalog.js';
import { lintPromql } from './lint.js';
import { checkLogql } from './logql.js';
import { analyzePromql, QuerySyntaxError, type PromqlAnalysis } from './promql.js';
import type { RunbookIndex } from './runbooks.js';
import { pointAt, position } from './source.js';

export interface ObservabilitySystemProps {
  readonly cluster: string;
  /** Default scrape interval of the cluster's Prometheus, seconds (kube-prometheus-stack: 30). */
  readonly scrapeIntervalSeconds: number;
  readonly runbooks: RunbookIndex;
  /** Where runbooks are read (`<base>/<file>`), e.g. the repository's `docs/runbooks` on main. */
  readonly runbookBaseUrl: string;
  /** What the cluster's deployed components export. */
  readonly sources: readonly MetricSource[];
}

/** Where a query is declared, for errors: the file, the object (rule/panel) and the field. */
export interface QueryOrigin {
  readonly file: string;
  readonly object: string;
  readonly field: string;
}

interface PendingLint {
  readonly expr: string;
  readonly analysis: PromqlAnalysis;
  readonly origin: QueryOrigin;
  readonly alert: boolean;
}

/** An alert as routing sees it: its name, static labels (severity included) and the labels its expression keeps. */
export interface DeclaredAlert {
  readonly alert: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels every firing instance carries, from the expression (`by (…)`). */
  readonly outputLabels: readonly string[];
  /** The expression keeps its input series' labels (no aggregation fixes them): any label may be present. */
  readonly openLabels: boolean;
}

/** Any construct registered with the system that reports need (rule files, dashboards, SLOs). */
export interface Registered {
  readonly kind: 'rules' | 'dashboard' | 'slo';
}

const ID = 'observability';

/**
 * The observability model of one cluster: the metric catalog of its deployed components, its runbooks, and
 * every query declared anywhere (rules, dashboards, canaries). Queries are parsed when declared (a syntax
 * error stops the synth where it is written); the lint runs in `finalize()`, once every recording rule
 * and catalog is known, and reports all findings together.
 */
export class ObservabilitySystem extends Construct {
  /** The system of the cluster `scope` belongs to. */
  static of(scope: IConstruct): ObservabilitySystem {
    const found = scope.node.root.node.tryFindChild(ID);
    if (!(found instanceof ObservabilitySystem)) throw new Error(`${scope.node.path}: no ObservabilitySystem in this cluster (create one first)`);
    return found;
  }

  readonly cluster: string;
  readonly catalog: MetricCatalog;
  readonly scrapeIntervalSeconds: number;
  private readonly runbooks: RunbookIndex;
  private readonly runbookBaseUrl: string;
  private readonly pending: PendingLint[] = [];
  private readonly registered: Registered[] = [];
  private finalized = false;
  private readonly finalizers: Array<() => void> = [];
  private readonly completions: Array<() => void> = [];
  private readonly external: DeclaredAlert[] = [];

  constructor(scope: Construct, props: ObservabilitySystemProps) {
    super(scope, ID);
    this.cluster = props.cluster;
    this.catalog = new MetricCatalog(props.sources);
    this.scrapeIntervalSeconds = props.scrapeIntervalSeconds;
    this.runbooks = props.runbooks;
    this.runbookBaseUrl = props.runbookBaseUrl.replace(/\/$/, '');
  }

  /** Alerts that exist without a rule of ours (a chart's shipped rules), for routing checks. */
  addExternalAlerts(alerts: readonly DeclaredAlert[]): void {
    this.external.push(...alerts);
  }

  /** Every alert of the cluster: our rules plus the charts' shipped ones. */
  declaredAlerts(): DeclaredAlert[] {
    const ours = this.items<Registered & { alertList(): DeclaredAlert[] }>('rules').flatMap((r) => r.alertList());
    return [...ours, ...this.external];
  }

  /** Runs `declare` first in `finalize()`: constructs that summarise the others (the SLO dashboard). */
  onComplete(declare: () => void): void {
    this.completions.push(declare);
  }

  /** Runs `check` in `finalize()`, after every rule is declared (e.g. routing checks). */
  onFinalize(check: () => void): void {
    this.finalizers.push(check);
  }

  /** Adds a component's metrics (e.g. an app's exporter) to the catalog. */
  addSource(source: MetricSource): void {
    this.catalog.add(source);
  }

  register(item: Registered): void {
    this.registered.push(item);
  }

  items<T extends Registered>(kind: T['kind']): T[] {
    return this.registered.filter((r) => r.kind === kind) as T[];
  }

  /** The URL of a runbook reference, or a SynthError naming `origin` when it does not resolve. */
  runbookUrl(ref: string, origin: QueryOrigin): string {
    const problem = this.runbooks.problem(ref);
    if (problem) throw new SynthError(`${origin.file} (${origin.object})`, problem, origin.field);
    return `${this.runbookBaseUrl}/${ref}`;
  }

  /** Parses a PromQL expression now (syntax errors throw) and queues it for the lint. */
  promql(expr: string, origin: QueryOrigin, options: { alert?: boolean } = {}): void {
    let analysis: PromqlAnalysis;
    try {
      analysis = analyzePromql(expr);
    } catch (e) {
      throw this.queryError(e, expr, origin, 'PromQL');
    }
    if (this.finalized) throw new Error(`${origin.file} (${origin.object}): query declared after the observability lint ran`);
    this.pending.push({ expr, analysis, origin, alert: options.alert ?? false });
  }

  /** Parses a LogQL expression now (syntax errors throw). */
  logql(expr: string, origin: QueryOrigin): void {
    try {
      checkLogql(expr);
    } catch (e) {
      throw this.queryError(e, expr, origin, 'LogQL');
    }
  }

  /** Runs the lint over every query declared on this cluster; all findings are reported together. */
  finalize(): void {
    for (const c of this.completions) c();
    this.finalized = true;
    const errors: SynthError[] = [];
    for (const p of this.pending) {
      for (const f of lintPromql(p.analysis, { catalog: this.catalog, scrapeIntervalSeconds: this.scrapeIntervalSeconds, alert: p.alert })) {
        const { line, column } = position(p.expr, f.offset);
        errors.push(new SynthError(`${p.origin.file} (${p.origin.object})`, `cluster ${this.cluster}, at ${line}:${column}: ${f.message}${pointAt(p.expr, f.offset)}`, p.origin.field));
      }
    }
    for (const f of this.finalizers) {
      try {
        f();
      } catch (e) {
        errors.push(e as SynthError);
      }
    }
    throwIfAny(errors);
  }

  private queryError(e: unknown, expr: string, origin: QueryOrigin, language: string): Error {
    if (!(e instanceof QuerySyntaxError)) return e as Error;
    const { line, column } = position(expr, e.offset);
    return new SynthError(`${origin.file} (${origin.object})`, `${language} does not parse at ${line}:${column}: ${e.message}${pointAt(expr, e.offset)}`, origin.field);
  }
}
