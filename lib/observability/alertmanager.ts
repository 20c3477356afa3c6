// Alertmanager as code: receivers, the routing tree and inhibitions, checked against the alerts the cluster
// really declares (an inhibition that can match no alert pair, or compares a label an alert aggregates
// away, is a synth error — the reference's inhibitions silently did nothing).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { toJson_AlertmanagerConfigSpec, type AlertmanagerConfigSpec } from '../generated/crds/monitoring.coreos.com.js';
import { durationSeconds, type Duration } from './duration.js';
import { re2 } from './promql.js';
import { ObservabilitySystem, type DeclaredAlert } from './system.js';

export interface Matcher {
  readonly name: string;
  readonly value: string;
  /** @default '=' */
  readonly matchType?: '=' | '!=' | '=~' | '!~';
}

/** Where a receiver's secret lives (a key of a Secret in the Alertmanager's namespace). */
export interface SecretKey {
  readonly name: string;
  readonly key: string;
}

export type Receiver =
  | { readonly name: string; readonly type: 'null' }
  | { readonly name: string; readonly type: 'discord'; readonly webhook: SecretKey; readonly title: string; readonly message: string }
  | { readonly name: string; readonly type: 'webhook'; readonly url: SecretKey; readonly sendResolved?: boolean };

export interface Route {
  readonly receiver: string;
  readonly matchers?: readonly Matcher[];
  readonly groupBy?: readonly string[];
  readonly groupWait?: Duration;
  readonly groupInterval?: Duration;
  readonly repeatInterval?: Duration;
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
  /** Why this route exists (reports show it). */
  readonly reason: string;
}

export interface InhibitRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  /** Labels that must be equal on source and target; each must be carried by both alerts. */
  readonly equal: readonly string[];
  readonly reason: string;
}

export interface AlertmanagerConfigurationProps {
  readonly name: string;
  readonly namespace: string;
  /** The file declaring the configuration (named in errors). */
  readonly file: string;
  readonly receivers: readonly Receiver[];
  readonly route: Route;
  readonly inhibitRules: readonly InhibitRule[];
}

/** Whether `alert` can match every matcher (its alertname, severity and static labels decide). */
export function alertMatches(alert: DeclaredAlert, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => {
    const v = m.name === 'alertname' ? alert.alert : alert.labels[m.name];
    if (v === undefined) {
      // Not a static label: it matches when the matcher accepts a missing label, or the alert may carry it.
      const acceptsMissing = { '=': m.value === '', '!=': m.value !== '', '=~': re2(m.value).test(''), '!~': !re2(m.value).test('') }[m.matchType ?? '='];
      return acceptsMissing || alert.openLabels || alert.outputLabels.includes(m.name);
    }
    switch (m.matchType ?? '=') {
      case '=': return v === m.value;
      case '!=': return v !== m.value;
      case '=~': return re2(m.value).test(v);
      case '!~': return !re2(m.value).test(v);
    }
    return false;
  });
}

/**
 * The cluster's Alertmanager configuration as one AlertmanagerConfig object, which kube-prometheus-stack uses
 * as the global configuration (`alertmanagerConfiguration`). Validated in `check()` once every alert exists.
 */
export class AlertmanagerConfiguration extends Construct {
  readonly props: AlertmanagerConfigurationProps;

  constructor(scope: Construct, id: string, props: AlertmanagerConfigurationProps) {
    super(scope, id);
    this.props = props;
    this.checkStructure();
    const spec: AlertmanagerConfigSpec = {
      route: this.routeJson(props.route) as AlertmanagerConfigSpec['route'],
      receivers: props.receivers.map((r) => {
        if (r.type === 'discord') return { name: r.name, discordConfigs: [{ apiUrl: { name: r.webhook.name, key: r.webhook.key }, sendResolved: true, title: r.title, message: r.message }] };
        if (r.type === 'webhook') return { name: r.name, webhookConfigs: [{ urlSecret: { name: r.url.name, key: r.url.key }, sendResolved: r.sendResolved ?? false }] };
        return { name: r.name };
      }),
      inhibitRules: props.inhibitRules.map((i) => ({ sourceMatch: i.source.map(matcherJson), targetMatch: i.target.map(matcherJson), equal: [...i.equal] })) as AlertmanagerConfigSpec['inhibitRules'],
    };
    new ApiObject(this, 'Resource', { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'AlertmanagerConfig', metadata: { name: props.name, namespace: props.namespace }, spec: toJson_AlertmanagerConfigSpec(spec) });
    ObservabilitySystem.of(this).onFinalize(() => this.checkAgainstAlerts());
  }

  private fail(object: string, field: string, message: string): SynthError {
    return new SynthError(`${this.props.file} (${object})`, message, field);
  }

  /** Receivers exist, durations parse, matchers are well-formed. */
  private checkStructure(): void {
    const names = new Set<string>();
    for (const r of this.props.receivers) {
      if (names.has(r.name)) throw this.fail(`receiver "${r.name}"`, 'receivers.name', 'duplicate receiver');
      names.add(r.name);
    }
    const walk = (r: Route, path: string): void => {
      if (!names.has(r.receiver)) throw this.fail(`route ${path}`, 'receiver', `unknown receiver "${r.receiver}" (known: ${[...names].join(', ')})`);
      for (const f of ['groupWait', 'groupInterval', 'repeatInterval'] as const) {
        const d = r[f];
        if (d !== undefined && durationSeconds(d) === undefined) throw this.fail(`route ${path}`, f, `"${String(d)}" is not a duration`);
      }
      for (const m of r.matchers ?? []) checkMatcher(m, (msg) => this.fail(`route ${path}`, 'matchers', msg));
      (r.routes ?? []).forEach((c, i) => walk(c, `${path}.routes[${i}]`));
    };
    walk(this.props.route, 'root');
    this.props.inhibitRules.forEach((i, n) => [...i.source, ...i.target].forEach((m) => checkMatcher(m, (msg) => this.fail(`inhibitRules[${n}]`, 'matchers', msg))));
  }

  /**
   * Each child route matches at least one declared alert, and each inhibition at least one declared
   * (source, target) pair that can carry every `equal` label.
   */
  private checkAgainstAlerts(): void {
    const alerts = ObservabilitySystem.of(this).declaredAlerts();
    const errors: SynthError[] = [];
    const walk = (r: Route, path: string): void => {
      if (r.matchers && !alerts.some((a) => alertMatches(a, r.matchers!))) errors.push(this.fail(`route ${path} (${r.reason})`, 'matchers', 'no alert declared on this cluster matches this route, so it is dead'));
      (r.routes ?? []).forEach((c, i) => walk(c, `${path}.routes[${i}]`));
    };
    walk(this.props.route, 'root');
    this.props.inhibitRules.forEach((rule, n) => {
      const sources = alerts.filter((a) => alertMatches(a, rule.source));
      const targets = alerts.filter((a) => alertMatches(a, rule.target));
      const where = `inhibitRules[${n}] (${rule.reason})`;
      if (!sources.length) return errors.push(this.fail(where, 'sourceMatch', 'no alert declared on this cluster matches the source matchers, so the rule never applies'));
      if (!targets.length) return errors.push(this.fail(where, 'targetMatch', 'no alert declared on this cluster matches the target matchers, so the rule never applies'));
      const carries = (a: DeclaredAlert, l: string) => a.openLabels || a.outputLabels.includes(l) || l in a.labels || l === 'alertname';
      const pairs = sources.flatMap((s) => targets.filter((t) => t !== s && rule.equal.every((l) => carries(s, l) && carries(t, l))));
      if (!pairs.length) {
        const missing = rule.equal.filter((l) => ![...sources, ...targets].every((a) => carries(a, l)));
        errors.push(this.fail(where, 'equal', `no source/target pair carries every "equal" label (${missing.join(', ')} aggregated away), so the rule never applies`));
      }
      return undefined;
    });
    throwIfAny(errors);
  }

  private routeJson(r: Route): Record<string, unknown> {
    return {
      receiver: r.receiver,
      ...(r.matchers ? { matchers: r.matchers.map(matcherJson) } : {}),
      ...(r.groupBy ? { groupBy: [...r.groupBy] } : {}),
      ...(r.groupWait ? { groupWait: r.groupWait } : {}),
      ...(r.groupInterval ? { groupInterval: r.groupInterval } : {}),
      ...(r.repeatInterval ? { repeatInterval: r.repeatInterval } : {}),
      ...(r.continue ? { continue: true } : {}),
      ...(r.routes ? { routes: r.routes.map((c) => this.routeJson(c)) } : {}),
    };
  }
}

function matcherJson(m: Matcher): { name: string; value: string; matchType: NonNullable<Matcher['matchType']> } {
  return { name: m.name, value: m.value, matchType: m.matchType ?? '=' };
}

function checkMatcher(m: Matcher, fail: (msg: string) => Error): void {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) throw fail(`"${m.name}" is not a label name`);
  if (m.matchType === '=~' || m.matchType === '!~') {
    try {
      re2(m.value);
    } catch (e) {
      throw fail(`invalid regular expression "${m.value}": ${(e as Error).message}`);
    }
  }
}
