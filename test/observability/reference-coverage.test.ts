import { describe, expect, it } from 'vitest';
import { REFERENCE_OBSERVABILITY } from '../../clusters/reference-observability.js';
import { compareWithReference, ObservabilitySystem } from '../../lib/observability/index.js';
import { homelabDefinition, synthHomelab } from '../helpers.js';

// The bar: per component, at least the reference's alerts, recording rules and dashboards, counted
// from what the synth produced (the rule objects and dashboards registered on the cluster).
describe('observability coverage against the reference', () => {
  const reference = REFERENCE_OBSERVABILITY.live!;

  it('the reference figures add up to the fact sheet totals (164 alerts, 53 records, 15 dashboards)', () => {
    const sum = (f: (c: (typeof reference.components)[number]) => number) => reference.components.reduce((n, c) => n + f(c), 0);
    expect([sum((c) => c.alerts), sum((c) => c.records), sum((c) => c.dashboards)]).toEqual([164, 53, 15]);
  });

  it('every reference component has at least its alerts, recording rules and dashboards on live', () => {
    const live = homelabDefinition().clusters.find((c) => c.name === 'live')!;
    const { rows } = compareWithReference(ObservabilitySystem.of(live.app), reference);
    for (const r of rows) {
      expect(r.alerts, `${r.reference.component}: alerts`).toBeGreaterThanOrEqual(r.reference.alerts);
      expect(r.records, `${r.reference.component}: recording rules`).toBeGreaterThanOrEqual(r.reference.records);
      expect(r.dashboards, `${r.reference.component}: dashboards (${(r.reference.ours.dashboards ?? []).join(', ')})`).toBeGreaterThanOrEqual(r.reference.dashboards);
    }
  });

  it('alerts.md of live carries the side-by-side table, and only clusters with reference figures do', () => {
    const out = synthHomelab();
    for (const c of out.clusters) {
      const report = out.files.get(`reports/${c.name}/alerts.md`)!;
      expect(report.includes('## Compared with the reference'), c.name).toBe(c.name in REFERENCE_OBSERVABILITY);
    }
    expect(out.files.get('reports/live/alerts.md')).toMatch(/\| \*\*total\*\* \| 164 \| \d+ \| 53 \| \d+ \| 15 \| \d+ \| yes \|/);
  });
});
