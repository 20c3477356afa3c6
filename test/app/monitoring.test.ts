import { describe, expect, it } from 'vitest';
import type { HomelabAppProps } from '../../lib/app/props.js';
import { defs, find, render } from './helpers.js';

// An app's own alerts, metrics and dashboard go through lib/observability: parsed, linted against the
// cluster's catalog (which the app's `metrics` join) and their runbooks resolved, like the platform's.
const app = (over: Partial<HomelabAppProps> = {}): HomelabAppProps => ({
  name: 'demo',
  profile: 'standard',
  container: { image: { repository: 'ghcr.io/example/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] },
  serviceMonitor: { port: 'http' },
  metrics: ['demo_*'],
  ...over,
});
const alert = { alert: 'DemoQueueStuck', expr: 'max(demo_queue_depth) > 100', for: '15m', severity: 'warning', summary: 'The demo queue is stuck', description: 'More than 100 jobs waited for 15 minutes.' } as const;
const dashboard = (panels: unknown[], templating?: unknown) => ({ folder: 'Apps', json: { uid: 'demo', title: 'Demo', panels, ...(templating ? { templating } : {}) } });
const panel = (expr: string, type = 'stat') => ({ type, title: 'Queue', targets: [{ expr }] });

function errorOf(props: HomelabAppProps): string {
  try {
    render(defs(props));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
}

describe('app monitoring through the observability library', () => {
  it('ships the alerts with description and a resolved runbook link, and the dashboard as a sidecar ConfigMap', () => {
    const out = render(defs(app({ alerts: [alert], dashboard: dashboard([panel('sum(demo_queue_depth)')]) })));
    const rule = find(out, 'PrometheusRule', 'demo', 'demo').object.spec.groups[0].rules[0];
    expect(rule).toMatchObject({ alert: 'DemoQueueStuck', for: '15m', labels: { severity: 'warning' }, annotations: { description: alert.description } });
    expect(rule.annotations.runbook_url).toMatch(/\/docs\/runbooks\/apps\.md$/);
    const cm = find(out, 'ConfigMap', 'demo', 'dashboard-demo').object;
    expect(cm.metadata).toMatchObject({ labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'Apps' } });
    expect(JSON.parse(cm.data['demo.json']).panels[0].targets[0].expr).toBe('sum(demo_queue_depth)');
  });

  it('an app alert that does not parse is a synth error naming the app file, the alert and the position', () => {
    expect(errorOf(app({ alerts: [{ ...alert, expr: 'max(demo_queue_depth > 100' }] }))).toMatch(/^apps\/demo\.ts \(rule group "demo\.rules", alert "DemoQueueStuck"\) \(expr\): PromQL does not parse at 1:/);
  });

  it('an app alert on a metric the app does not declare (nor the platform exports) fails the lint', () => {
    expect(errorOf(app({ metrics: [], alerts: [alert] }))).toMatch(/apps\/demo\.ts .*alert "DemoQueueStuck"\) \(expr\): cluster live, at 1:5: metric "demo_queue_depth" is produced by no component/);
  });

  it('a runbook that does not exist, or an alert without a description, is an error naming the field', () => {
    expect(errorOf(app({ alerts: [{ ...alert, runbook: 'demo.md' }] }))).toMatch(/apps\/demo\.ts .* \(runbook\): runbook "demo\.md" does not resolve: no file docs\/runbooks\/demo\.md/);
    const { description: _, ...withoutDescription } = alert;
    expect(errorOf(app({ alerts: [withoutDescription as never] }))).toMatch(/^apps\/demo\.ts \(alerts\.0\.description\)/);
  });

  it('a dashboard panel without a query, or with one that does not parse, is an error naming the panel', () => {
    expect(errorOf(app({ dashboard: dashboard([{ type: 'timeseries', title: 'Nothing', targets: [] }]) }))).toMatch(/apps\/demo\.ts \(dashboard "demo", panel "Nothing"\) \(dashboard\.json\.panels\.targets\): a panel needs at least one query/);
    expect(errorOf(app({ dashboard: dashboard([panel('sum(rate(demo_jobs_total[5m])')]) }))).toMatch(/panel "Queue"\) \(dashboard\.json\.panels\.targets\[0\]\.expr\): PromQL does not parse/);
    expect(errorOf(app({ dashboard: { folder: 'Apps', json: { title: 'No uid', panels: [] } } }))).toMatch(/apps\/demo\.ts \(dashboard\.json\.uid\): a dashboard model needs a "uid"/);
  });

  it('label_values() of a dashboard variable is parsed and linted like a panel query', () => {
    const variable = (query: string) => ({ list: [{ name: 'queue', type: 'query', datasource: { type: 'prometheus', uid: 'prometheus' }, query: { query } }] });
    expect(() => render(defs(app({ dashboard: dashboard([panel('sum(demo_queue_depth{queue=~"$queue"})')], variable('label_values(demo_queue_depth, queue)')) })))).not.toThrow();
    expect(errorOf(app({ dashboard: dashboard([panel('sum(demo_queue_depth)')], variable('label_values(other_queue_depth, queue)')) }))).toMatch(/\(dashboard "demo", variable "queue"\) \(dashboard\.json\.templating\.query\): cluster live, at 1:1: metric "other_queue_depth" is produced by no component/);
    expect(errorOf(app({ dashboard: dashboard([panel('sum(demo_queue_depth)')], variable('label_values(demo_queue_depth{, queue)')) }))).toMatch(/variable "queue"\) \(dashboard\.json\.templating\.query\): PromQL does not parse/);
  });
});
