import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Unit } from '../../lib/k8s/unit.js';
import { GrafanaDashboard, graph, logsPanel, promq, statPanel, type Placed } from '../../lib/observability/dashboard.js';
import { ObservabilitySystem, RunbookIndex } from '../../lib/observability/index.js';
import { synthHomelab } from '../helpers.js';
import * as stat from '@grafana/grafana-foundation-sdk/stat';

function scope(): { app: App; unit: Unit } {
  const app = new App({ outdir: 'unused' });
  new ObservabilitySystem(app, { cluster: 'dev', scrapeIntervalSeconds: 30, runbooks: new RunbookIndex(new Map()), runbookBaseUrl: 'https://x', sources: [{ component: 'demo', metrics: ['demo_requests_total', 'flux_resource_info'] }] });
  return { app, unit: new Unit(app, 'u', { path: 'config/u' }) };
}
const dash = (unit: Unit, panels: Placed[]) => new GrafanaDashboard(unit, 'd', { uid: 'demo', title: 'Demo', folder: 'SRE', panels, file: 'clusters/dashboards.ts' });

describe('dashboards as code', () => {
  it('ships each dashboard as a sidecar ConfigMap with folder annotation and laid-out panels', () => {
    const { unit } = scope();
    dash(unit, [statPanel('Requests', ['sum(rate(demo_requests_total[5m]))']), graph('Rate', [promq('sum(rate(demo_requests_total[$__rate_interval]))')])]);
    const cm = unit.toJson()[0];
    expect(cm).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dashboard-demo', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'SRE' } } });
    const json = JSON.parse(cm.data['demo.json']);
    expect(json.panels.map((p: { gridPos: object }) => p.gridPos)).toEqual([{ h: 4, w: 4, x: 0, y: 0 }, { h: 8, w: 12, x: 4, y: 0 }]);
    expect(json.panels[1].targets[0].datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
  });
  it('a panel with no query is a synth error naming file, dashboard, panel and field', () => {
    const { unit } = scope();
    expect(() => dash(unit, [{ panel: new stat.PanelBuilder().title('Empty'), w: 4, h: 4 }])).toThrow(/clusters\/dashboards\.ts \(dashboard "demo", panel "Empty"\) \(panels\.targets\): a panel needs at least one query/);
  });
  it('unparsable PromQL or LogQL in a panel is a synth error with the position', () => {
    expect(() => dash(scope().unit, [graph('Bad', ['sum(rate(demo_requests_total[5m])'])])).toThrow(/panel "Bad"\) \(panels\.targets\[0\]\.expr\): PromQL does not parse at 1:/);
    expect(() => dash(scope().unit, [logsPanel('Logs', '{namespace="x" |= "err"')])).toThrow(/panel "Logs"\) \(panels\.targets\[0\]\.expr\): LogQL does not parse/);
  });
  it('a panel querying a metric nothing produces fails the lint (the reference\'s gotk_resource_info panels)', () => {
    const { app, unit } = scope();
    dash(unit, [statPanel('Flux', ['count(gotk_resource_info{ready="False"})'])]);
    expect(() => ObservabilitySystem.of(app).finalize()).toThrow(/panel "Flux"\) \(panels\.targets\[0\]\.expr\): cluster dev, at 1:7: metric "gotk_resource_info" is produced by no component/);
  });
  it('the homelab ships at least the reference\'s dashboards on live, every panel with queries', () => {
    const live = synthHomelab().clusters.find((c) => c.name === 'live')!;
    const dashboards = live.objects.filter((o) => o.object.kind === 'ConfigMap' && (o.object.metadata.labels as Record<string, string> | undefined)?.grafana_dashboard);
    expect(dashboards.length).toBeGreaterThanOrEqual(14);
    for (const d of dashboards) {
      const json = JSON.parse(Object.values(d.object.data as Record<string, string>)[0]!);
      for (const p of json.panels.filter((x: { type: string }) => x.type !== 'row')) expect(p.targets.length, `${json.uid}/${p.title}`).toBeGreaterThan(0);
    }
  });
});
