import { describe, expect, it } from 'vitest';
import { analyzePromql } from '../../lib/observability/promql.js';
import { synthHomelab } from '../helpers.js';

// LonghornSnapshotUnhashed reads series only kube-state-metrics' custom-resource state produces: the
// configuration shipped to the chart must produce every such series and label the rules use, and may read
// the Snapshot objects.
describe('kube-state-metrics custom-resource state for Longhorn snapshots', () => {
  for (const c of synthHomelab().clusters) {
    it(`${c.name}: every longhorn_snapshot_info/created_seconds selector of the rules is produced, with its labels`, () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading rendered values
      const ksm = (c.objects.find((o) => o.object.kind === 'HelmRelease' && o.object.metadata.name === 'kube-prometheus-stack')!.object.spec as any).values['kube-state-metrics'];
      expect(ksm.customResourceState.enabled).toBe(true);
      expect(ksm.rbac.extraRules).toContainEqual({ apiGroups: ['longhorn.io'], resources: ['snapshots'], verbs: ['list', 'watch'] });
      const produced = new Map<string, string[]>();
      for (const r of ksm.customResourceState.config.spec.resources) {
        for (const m of r.metrics) produced.set(`${r.metricNamePrefix}_${m.name}`, [...Object.keys(r.labelsFromPath), ...Object.keys(m.each.info?.labelsFromPath ?? {})]);
      }
      const exprs = c.objects
        .filter((o) => o.object.kind === 'PrometheusRule')
        .flatMap((o) => (o.object.spec as { groups: Array<{ rules: Array<{ expr: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.expr)));
      const used = exprs.flatMap((e) => analyzePromql(e).selectors).filter((s) => s.metric && ['longhorn_snapshot_info', 'longhorn_snapshot_created_seconds'].includes(s.metric));
      expect(used.length).toBeGreaterThan(0);
      for (const s of used) {
        expect(produced.has(s.metric!), s.metric).toBe(true);
        for (const m of s.matchers) expect(produced.get(s.metric!), `${s.metric}{${m.label}}`).toContain(m.label);
      }
    });
  }
});
