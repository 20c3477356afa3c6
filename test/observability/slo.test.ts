import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { buildCluster, defs, render } from '../app/helpers.js';
import { synthHomelab } from '../helpers.js';

const base = { name: 'demo', profile: 'standard', container: { image: { repository: 'ghcr.io/x/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] }, routes: [{ gateway: 'external', port: 8080 }] } as const;

describe('per-app SLOs', () => {
  it('every routed app on every cluster has availability burn-rate alerts (derived from the app declarations)', () => {
    const out = synthHomelab();
    for (const c of out.clusters) {
      const routed = c.objects.filter((o) => o.object.kind === 'HTTPRoute' && o.file.startsWith('apps/')).map((o) => o.object.metadata.namespace);
      const sloRules = c.objects.filter((o) => o.object.kind === 'PrometheusRule' && o.object.metadata.name.endsWith('-slo'));
      for (const ns of new Set(routed)) {
        const rule = sloRules.find((r) => r.object.metadata.namespace === ns);
        expect(rule, `${c.name}: SLO rules in ${ns}`).toBeDefined();
        const alerts = (rule!.object.spec as { groups: Array<{ rules: Array<{ alert?: string }> }> }).groups.flatMap((g: { rules: Array<{ alert?: string }> }) => g.rules.map((r) => r.alert).filter(Boolean));
        expect(alerts).toEqual(expect.arrayContaining(['AvailabilityBudgetBurningFast', 'AvailabilityBudgetBurningSlow']));
      }
      expect(out.files.get(`reports/${c.name}/slos.md`)).toContain('| availability |');
    }
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
