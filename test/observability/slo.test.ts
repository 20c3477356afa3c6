import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { buildCluster, defs, render } from '../app/helpers.js';
import { AppRegistry } from '../../lib/app/registry.js';
import { homelabDefinition, synthHomelab } from '../helpers.js';

const base = { name: 'demo', profile: 'standard', container: { image: { repository: 'ghcr.io/x/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] }, routes: [{ gateway: 'external', port: 8080 }] } as const;

describe('per-app SLOs', () => {
  it('every routed app on every cluster has its SLO with burn-rate alerts (derived from the app declarations)', () => {
    const out = synthHomelab();
    let checked = 0;
    for (const { name, app } of homelabDefinition().clusters) {
      const rendered = out.clusters.find((c) => c.name === name)!;
      const routed = AppRegistry.of(app).all.filter((a) => a.props.routes.length > 0);
      for (const a of routed) {
        const rule = rendered.objects.find((o) => o.object.kind === 'PrometheusRule' && o.object.metadata.name === `${a.appName}-slo` && o.object.metadata.namespace === a.namespace);
        if (a.props.slo === false) {
          expect(rule, `${name}: ${a.appName} opted out`).toBeUndefined();
          continue;
        }
        expect(rule, `${name}: SLO rules of ${a.appName} in ${a.namespace}`).toBeDefined();
        const alerts = (rule!.object.spec as { groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string> }> }> }).groups.flatMap((g) => g.rules.filter((r) => r.alert));
        expect(alerts.every((r) => r.labels?.app === a.appName)).toBe(true);
        const expected = ['AvailabilityBudgetBurningFast', 'AvailabilityBudgetBurningSlow', ...(a.props.slo.latencyMs ? ['LatencyBudgetBurningFast', 'LatencyBudgetBurningSlow'] : [])];
        expect(alerts.map((r) => r.alert).sort()).toEqual(expected.sort());
        checked++;
      }
      expect(out.files.get(`reports/${name}/slos.md`)).toContain('| availability |');
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('derives records over the standard windows and multi-window alerts from the objective', () => {
    const out = render(defs({ ...base, slo: { availability: 99, latencyMs: 500 } } as never));
    const rule = out.objects.find((o) => o.object.kind === 'PrometheusRule' && o.object.metadata.name === 'demo-slo')!.object;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading rendered YAML
    const [records, alerts] = (rule.spec as { groups: any[] }).groups;
    expect(records.rules.map((r: { record: string }) => r.record)).toEqual(['5m', '30m', '1h', '6h'].flatMap((w) => [`app:slo_availability_errors:ratio_rate${w}`, `app:slo_latency_slow:ratio_rate${w}`]));
    expect(records.rules[1].expr).toContain('le="500.0"');
    const fast = alerts.rules.find((r: { alert: string }) => r.alert === 'AvailabilityBudgetBurningFast');
    expect(fast.expr).toBe(`app:slo_availability_errors:ratio_rate1h{app="demo"} > 0.144 and app:slo_availability_errors:ratio_rate5m{app="demo"} > 0.144`);
    expect(fast.labels).toEqual({ app: 'demo', severity: 'critical' });
    expect(alerts.rules.map((r: { alert: string }) => r.alert)).toContain('LatencyBudgetBurningSlow');
  });

  it('an objective outside (0, 100) or an unmeasurable latency is a synth error naming the app file and field', () => {
    for (const availability of [0, 100, 150]) {
      expect(() => buildCluster(defs({ ...base, slo: { availability } } as never))).toThrow(/apps\/demo\.ts \(app "demo"\) \(slo\.availability\): SLO objective .* strictly between 0 and 100/);
    }
    expect(() => buildCluster(defs({ ...base, slo: { latencyMs: 300 } } as never))).toThrow(/\(slo\.latencyMs\): latency 300 ms is not a bucket bound .* \(nearest: 250 or 500 ms\)/);
    expect(() => buildCluster(defs({ ...base, slo: { availability: 0 } } as never))).toThrow(SynthError);
  });

  it('an app may opt out', () => {
    const out = render(defs({ ...base, slo: false } as never));
    expect(out.objects.some((o) => o.object.metadata.name === 'demo-slo')).toBe(false);
  });
});
