import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { Unit } from '../../lib/k8s/unit.js';
import { AlertmanagerConfiguration, analyzePromql, checkLogql, lintPromql, MetricCatalog, ObservabilitySystem, PrometheusRules, QuerySyntaxError, RunbookIndex, durationSeconds } from '../../lib/observability/index.js';
import { kubeStateMetrics } from '../../lib/observability/mixins/kube-prometheus-stack.js';
import { ESCAPE_HATCH_EXPR, NETWORK_POLICY_NAMESPACE_LABELS } from '../../lib/netpol/alerts.js';

const runbooks = new RunbookIndex(new Map([['cilium.md', new Set(['bpf-maps'])]]));
const sources = [{ component: 'demo', metrics: ['http_requests_total', 'queue_depth', 'demo_up'] }];

function system(): { app: App; rules: PrometheusRules } {
  const app = new App({ outdir: 'unused' });
  new ObservabilitySystem(app, { cluster: 'dev', scrapeIntervalSeconds: 30, runbooks, runbookBaseUrl: 'https://example.test/runbooks', sources });
  const rules = new PrometheusRules(new Unit(app, 'u', { path: 'config/u' }), 'r', { name: 'demo-alerts', namespace: 'monitoring', component: 'demo', file: 'lib/observability/mixins/demo.ts' });
  return { app, rules };
}
const ok = { alert: 'DemoQueueDeep', expr: 'queue_depth > 10', for: '5m', severity: 'warning', summary: 's', description: 'd', runbook: 'cilium.md' } as const;

describe('PromQL and LogQL parsing', () => {
  it('finds selectors, matchers, windows, comparisons and absent()', () => {
    const a = analyzePromql('sum by (job) (rate(http_requests_total{code=~"5..", job!="x"}[5m])) / sum(rate(http_requests_total[5m])) > 0.1');
    expect(a.hasComparison).toBe(true);
    expect(a.selectors[0]).toEqual({ metric: 'http_requests_total', matchers: [{ label: 'code', op: '=~', value: '5..' }, { label: 'job', op: '!=', value: 'x' }], offset: 19, range: { seconds: 300, text: '5m', fn: 'rate' } });
    expect(analyzePromql('absent(up{job="x"} == 1)').hasAbsent).toBe(true);
    expect(analyzePromql('sum(up)').hasComparison).toBe(false);
  });

  it('rejects what Prometheus rejects, with the position', () => {
    expect(() => analyzePromql('rate(foo[5m]')).toThrow(QuerySyntaxError);
    const err = (() => { try { analyzePromql('sum(rate(x[5m])) >'); } catch (e) { return e as QuerySyntaxError; } })();
    expect(err?.offset).toBe(18);
    expect(() => analyzePromql('{job=""}')).toThrow(/does not match the empty string/);
    expect(() => analyzePromql('x{a=~"("}')).toThrow(/invalid regular expression/);
  });

  it('parses LogQL with Grafana\'s grammar', () => {
    expect(() => checkLogql('sum by (level) (count_over_time({namespace="x"} |= "err" | json [5m]))')).not.toThrow();
    expect(() => checkLogql('{namespace="x" |= "err"')).toThrow(QuerySyntaxError);
  });

  it('reads durations', () => {
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('5 minutes')).toBeUndefined();
  });
});

describe('lint', () => {
  const catalog = new MetricCatalog([...sources, { component: 'slow-exporter', metrics: ['slow_total'], scrapeIntervalSeconds: 120 }]);
  const lint = (e: string, alert = true) => lintPromql(analyzePromql(e), { catalog, scrapeIntervalSeconds: 30, alert }).map((f) => f.message);

  it('flags a selector no deployed component produces', () => {
    expect(lint('gotk_resource_info > 0')).toEqual([expect.stringMatching(/"gotk_resource_info" is produced by no component/)]);
  });
  it('flags alerts without a comparison or absent()', () => {
    expect(lint('sum(queue_depth)')).toEqual([expect.stringMatching(/needs a comparison/)]);
    expect(lint('sum(queue_depth)', false)).toEqual([]);
  });
  it('flags rate windows shorter than four scrapes, per exporter interval', () => {
    expect(lint('rate(http_requests_total[1m]) > 0')).toEqual([expect.stringMatching(/use at least \[2m\]/)]);
    expect(lint('rate(slow_total[5m]) > 0')).toEqual([expect.stringMatching(/use at least \[8m\]/)]);
    expect(lint('rate(http_requests_total[2m]) > 0')).toEqual([]);
  });
  it('flags matchers on labels kube-state-metrics does not export (the allowlist)', () => {
    const ksm = new MetricCatalog([kubeStateMetrics({ pods: ['*'] })]);
    const run = (c: MetricCatalog) => lintPromql(analyzePromql(ESCAPE_HATCH_EXPR), { catalog: c, scrapeIntervalSeconds: 30, alert: true }).map((f) => f.message);
    expect(run(ksm)).toEqual([expect.stringMatching(/does not export label "label_network_policy_homelab_enforcement"/)]);
    expect(run(new MetricCatalog([kubeStateMetrics({ namespaces: NETWORK_POLICY_NAMESPACE_LABELS })]))).toEqual([]);
  });
});

describe('rule constructs: each bad input is a synth error naming file, rule and field', () => {
  const bad = (change: Record<string, unknown>, pattern: RegExp) => {
    const { rules } = system();
    expect(() => rules.group('g').alert({ ...ok, ...change } as never)).toThrow(pattern);
  };
  it('unparsable expression', () => bad({ expr: 'rate(queue_depth[5m]' }, /lib\/observability\/mixins\/demo\.ts \(rule group "g", alert "DemoQueueDeep"\) \(expr\): PromQL does not parse at 1:21/));
  it('unknown severity', () => bad({ severity: 'page' }, /\(severity\): unknown severity "page"/));
  it('a for that is not a duration', () => bad({ for: '5 minutes' }, /\(for\): "5 minutes" is not a duration/));
  it('runbook to a missing file or anchor', () => {
    bad({ runbook: 'nope.md' }, /\(runbook\): runbook "nope\.md" does not resolve: no file docs\/runbooks\/nope\.md/);
    bad({ runbook: 'cilium.md#nope' }, /no heading with anchor "#nope"/);
  });
  it('missing summary or description', () => {
    bad({ summary: '' }, /\(summary\)/);
    bad({ description: undefined }, /\(description\)/);
  });
  it('two alerts with one name in a group', () => {
    const { rules } = system();
    const g = rules.group('g');
    g.alert(ok);
    expect(() => g.alert(ok)).toThrow(/\(alert\): two alerts named "DemoQueueDeep" in one group/);
  });
  it('recording rule names must be level:metric:operations', () => {
    const { rules } = system();
    expect(() => rules.group('g').record({ record: 'queue_depth_sum', expr: 'sum(queue_depth)' })).toThrow(/record "queue_depth_sum"\) \(record\): .*level:metric:operations/);
    expect(() => rules.group('h').record({ record: 'job:queue_depth:sum', expr: 'sum(queue_depth)' })).not.toThrow();
  });
  it('lint findings name the rule and position, all reported together', () => {
    const { app, rules } = system();
    const g = rules.group('g');
    g.alert({ ...ok, expr: 'gotk_resource_info > 0' });
    g.alert({ ...ok, alert: 'Other', expr: 'sum(queue_depth)' });
    const sys = ObservabilitySystem.of(app);
    expect(() => sys.finalize()).toThrow(/DemoQueueDeep[\s\S]*at 1:1: metric "gotk_resource_info"[\s\S]*Other[\s\S]*needs a comparison/);
  });
  it('renders a PrometheusRule with severity label and runbook URL', () => {
    const { app, rules } = system();
    rules.group('g').alert(ok);
    ObservabilitySystem.of(app).finalize();
    const json = (rules.node.scope as Unit).toJson();
    expect(json[0]).toMatchObject({ kind: 'PrometheusRule', spec: { groups: [{ name: 'g', rules: [{ alert: 'DemoQueueDeep', for: '5m', labels: { severity: 'warning' }, annotations: { runbook_url: 'https://example.test/runbooks/cilium.md' } }] }] } });
  });
  it('errors are SynthErrors', () => {
    const { rules } = system();
    expect(() => rules.group('g').alert({ ...ok, severity: 'x' } as never)).toThrow(SynthError);
  });
});

describe('Alertmanager configuration: inhibitions and routes must apply', () => {
  const build = (inhibit: Array<{ source: string; target: string; equal: string[] }>, routeMatch = 'critical') => {
    const { app, rules } = system();
    const g = rules.group('g');
    g.alert({ ...ok, alert: 'QueueCritical', severity: 'critical', expr: 'sum by (queue) (queue_depth) > 100' });
    g.alert({ ...ok, alert: 'QueueWarning', expr: 'sum by (queue) (queue_depth) > 10' });
    new AlertmanagerConfiguration(rules.node.scope as Unit, 'am', {
      name: 'alertmanager', namespace: 'monitoring', file: 'clusters/alertmanager.ts',
      receivers: [{ name: 'null', type: 'null' }],
      route: { receiver: 'null', reason: 'root', routes: [{ matchers: [{ name: 'severity', value: routeMatch }], receiver: 'null', reason: 'r' }] },
      inhibitRules: inhibit.map((i) => ({ source: [{ name: 'alertname', value: i.source }], target: [{ name: 'alertname', value: i.target }], equal: i.equal, reason: `${i.source}>${i.target}` })),
    });
    return () => ObservabilitySystem.of(app).finalize();
  };
  it('accepts an inhibition between declared alerts on a label both keep', () => {
    expect(build([{ source: 'QueueCritical', target: 'QueueWarning', equal: ['queue'] }])).not.toThrow();
  });
  it('rejects an inhibition whose alerts do not exist', () => {
    expect(build([{ source: 'Nope', target: 'QueueWarning', equal: [] }])).toThrow(/\(sourceMatch\): no alert declared on this cluster matches the source matchers/);
  });
  it('rejects an inhibition comparing a label the alerts aggregate away', () => {
    expect(build([{ source: 'QueueCritical', target: 'QueueWarning', equal: ['pod'] }])).toThrow(/\(equal\): no source\/target pair carries every "equal" label \(pod aggregated away\)/);
  });
  it('rejects a route no alert can reach, and an unknown receiver', () => {
    expect(build([], 'page')).toThrow(/route root.routes\[0\] \(r\)\) \(matchers\): no alert declared on this cluster matches this route/);
    const { rules } = system();
    expect(() => new AlertmanagerConfiguration(rules.node.scope as Unit, 'am', { name: 'a', namespace: 'm', file: 'f.ts', receivers: [], route: { receiver: 'discord', reason: 'x' }, inhibitRules: [] })).toThrow(/\(receiver\): unknown receiver "discord"/);
  });
});
