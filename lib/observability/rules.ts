import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';
import { durationSeconds, type Duration } from './duration.js';
import { outputLabels } from './promql.js';
import { ObservabilitySystem, type DeclaredAlert, type QueryOrigin, type Registered } from './system.js';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/** critical: impact now or data at risk (pages); warning: degraded but working; info: for review only. */
export type Severity = (typeof SEVERITIES)[number];

const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** `level:metric:operations` (https://prometheus.io/docs/practices/rules/). */
const RECORD_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+(?::[a-zA-Z0-9_]+)*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface AlertRuleProps {
  /** UpperCamelCase, unique within its group. */
  readonly alert: string;
  /** PromQL; must compare (or test absence). Parsed and linted at synth. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires. @default fires on the first evaluation */
  readonly for?: Duration;
  readonly severity: Severity;
  /** One line: what is wrong, with the labels that say where. */
  readonly summary: string;
  /** What it means and what to look at first. */
  readonly description: string;
  /** A file under docs/runbooks/, optionally with a heading anchor (`cilium.md#bpf-map-pressure`). */
  readonly runbook: string;
  /** Extra labels (routing, ownership); `severity` is set from `severity`. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RecordingRuleProps {
  /** `level:metric:operations`. */
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface PrometheusRulesProps {
  /** Name of the PrometheusRule object. */
  readonly name: string;
  readonly namespace: string;
  /** The component the rules watch (reports group alerts by it), e.g. `cilium`. */
  readonly component: string;
  /** The source file that declares the rules, named in every error (e.g. `lib/observability/mixins/cilium.ts`). */
  readonly file: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** One PrometheusRule object: rule groups, each with alerts and recording rules, validated as declared. */
export class PrometheusRules extends Construct implements Registered {
  readonly kind = 'rules' as const;
  readonly component: string;
  readonly file: string;
  readonly ruleName: string;
  readonly namespace: string;
  private readonly groupList: RuleGroup[] = [];

  constructor(scope: Construct, id: string, props: PrometheusRulesProps) {
    super(scope, id);
    this.component = props.component;
    this.file = props.file;
    this.ruleName = props.name;
    this.namespace = props.namespace;
    ObservabilitySystem.of(this).register(this);
    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, namespace: props.namespace, labels: { 'app.kubernetes.io/name': props.component, ...props.labels } },
      spec: Lazy.any({ produce: () => ({ groups: this.groupList.map((g) => g.toJson()) }) }),
    });
  }

  /** Adds a rule group (names are unique within the object). */
  group(name: string, options: { interval?: Duration } = {}): RuleGroup {
    if (this.groupList.some((g) => g.groupName === name)) throw new SynthError(`${this.file} (PrometheusRule ${this.ruleName})`, `duplicate rule group "${name}"`, 'groups.name');
    const g = new RuleGroup(this, name, { name, ...options });
    this.groupList.push(g);
    return g;
  }

  get groups(): readonly RuleGroup[] {
    return this.groupList;
  }

  /** The alerts of this object as routing sees them. */
  alertList(): DeclaredAlert[] {
    return this.groupList.flatMap((g) =>
      g.alerts.map((a) => {
        const out = outputLabels(a.props.expr);
        return { alert: a.props.alert, labels: { ...a.props.labels, severity: a.props.severity }, outputLabels: out ?? [], openLabels: out === undefined };
      }),
    );
  }
}

export interface RuleGroupProps {
  readonly name: string;
  /** Evaluation interval. @default the Prometheus global evaluation interval */
  readonly interval?: Duration;
}

export class RuleGroup extends Construct {
  readonly groupName: string;
  readonly interval?: Duration;
  private readonly rules: Array<AlertRule | RecordingRule> = [];

  constructor(scope: PrometheusRules, id: string, props: RuleGroupProps) {
    super(scope, id);
    this.groupName = props.name;
    if (props.interval !== undefined && durationSeconds(props.interval) === undefined) {
      throw new SynthError(`${scope.file} (rule group "${props.name}")`, `interval "${String(props.interval)}" is not a duration (e.g. 30s, 5m)`, 'interval');
    }
    if (props.interval) this.interval = props.interval;
  }

  get file(): string {
    return (this.node.scope as PrometheusRules).file;
  }

  alert(props: AlertRuleProps): AlertRule {
    if (this.alerts.some((a) => a.props.alert === props.alert)) {
      throw new SynthError(`${this.file} (rule group "${this.groupName}", alert "${props.alert}")`, `two alerts named "${props.alert}" in one group`, 'alert');
    }
    const r = new AlertRule(this, `alert-${props.alert}-${this.rules.length}`, props);
    this.rules.push(r);
    return r;
  }

  record(props: RecordingRuleProps): RecordingRule {
    const r = new RecordingRule(this, `record-${this.rules.length}`, props);
    this.rules.push(r);
    return r;
  }

  get alerts(): readonly AlertRule[] {
    return this.rules.filter((r): r is AlertRule => r instanceof AlertRule);
  }

  get records(): readonly RecordingRule[] {
    return this.rules.filter((r): r is RecordingRule => r instanceof RecordingRule);
  }

  toJson(): Record<string, unknown> {
    return { name: this.groupName, ...(this.interval ? { interval: this.interval } : {}), rules: this.rules.map((r) => r.toJson()) };
  }
}

function checkLabels(labels: Readonly<Record<string, string>> | undefined, fail: (field: string, msg: string) => never): void {
  for (const k of Object.keys(labels ?? {})) if (!LABEL_NAME.test(k)) fail(`labels.${k}`, `"${k}" is not a Prometheus label name`);
}

export class AlertRule extends Construct {
  readonly props: AlertRuleProps;
  readonly runbookUrl: string;

  constructor(scope: RuleGroup, id: string, props: AlertRuleProps) {
    super(scope, id);
    const where = `${scope.file} (rule group "${scope.groupName}", alert "${String(props.alert)}")`;
    const fail = (field: string, msg: string): never => {
      throw new SynthError(where, msg, field);
    };
    if (typeof props.alert !== 'string' || !ALERT_NAME.test(props.alert)) fail('alert', `"${String(props.alert)}" is not an UpperCamelCase alert name`);
    if (!SEVERITIES.includes(props.severity)) fail('severity', `unknown severity "${String(props.severity)}" (one of ${SEVERITIES.join(', ')})`);
    if (props.for !== undefined && durationSeconds(props.for) === undefined) fail('for', `"${String(props.for)}" is not a duration (e.g. 5m, 1h)`);
    if (typeof props.summary !== 'string' || !props.summary.trim()) fail('summary', 'an alert needs a summary');
    if (typeof props.description !== 'string' || !props.description.trim()) fail('description', 'an alert needs a description');
    if (typeof props.runbook !== 'string' || !props.runbook) fail('runbook', 'an alert needs a runbook (a file under docs/runbooks/)');
    checkLabels(props.labels, fail);
    if (props.labels && 'severity' in props.labels) fail('labels.severity', 'set the severity with `severity`, not as a label');
    const system = ObservabilitySystem.of(this);
    const origin: QueryOrigin = { file: scope.file, object: `rule group "${scope.groupName}", alert "${props.alert}"`, field: 'expr' };
    this.runbookUrl = system.runbookUrl(props.runbook, { ...origin, field: 'runbook' });
    system.promql(props.expr, origin, { alert: true });
    this.props = props;
  }

  toJson(): Record<string, unknown> {
    const p = this.props;
    return {
      alert: p.alert,
      expr: p.expr,
      ...(p.for ? { for: p.for } : {}),
      labels: { ...p.labels, severity: p.severity },
      annotations: { summary: p.summary, description: p.description, runbook_url: this.runbookUrl },
    };
  }
}

export class RecordingRule extends Construct {
  readonly props: RecordingRuleProps;

  constructor(scope: RuleGroup, id: string, props: RecordingRuleProps) {
    super(scope, id);
    const where = `${scope.file} (rule group "${scope.groupName}", record "${String(props.record)}")`;
    const fail = (field: string, msg: string): never => {
      throw new SynthError(where, msg, field);
    };
    if (typeof props.record !== 'string' || !RECORD_NAME.test(props.record)) fail('record', `"${String(props.record)}" is not of the form level:metric:operations`);
    checkLabels(props.labels, fail);
    const system = ObservabilitySystem.of(this);
    system.promql(props.expr, { file: scope.file, object: `rule group "${scope.groupName}", record "${props.record}"`, field: 'expr' });
    system.addSource({ component: `recording rules (${scope.file})`, metrics: [props.record], ...(scope.interval ? { scrapeIntervalSeconds: durationSeconds(scope.interval)! } : {}) });
    this.props = props;
  }

  toJson(): Record<string, unknown> {
    return { record: this.props.record, expr: this.props.expr, ...(this.props.labels ? { labels: this.props.labels } : {}) };
  }
}
