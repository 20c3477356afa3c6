import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();

describe('inventory report', () => {
  for (const c of out.clusters) {
    it(`${c.name}: totals and per-namespace counts are the output's own`, () => {
      const md = out.files.get(`reports/${c.name}/inventory.md`)!;
      expect(md).toBeDefined();
      const objects = c.objects.map((o) => o.object);
      expect(md).toContain(`| objects | ${objects.length} |`);
      expect(md).toContain(`| HelmReleases | ${objects.filter((o) => o.kind === 'HelmRelease').length} |`);
      // Every namespace with objects has a row whose count is the number of objects in it.
      const namespaces = new Set(objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : [])));
      for (const ns of namespaces) {
        const row = md.split('\n').find((l) => l.startsWith(`| ${ns} |`));
        expect(row, ns).toBeDefined();
        expect(row!.trim().split('|').at(-2)!.trim(), ns).toBe(String(objects.filter((o) => o.metadata.namespace === ns).length));
      }
      // Apps appear in their namespace's row (by HelmRelease target).
      for (const r of objects.filter((o) => o.kind === 'HelmRelease')) {
        const ns = (r as unknown as { spec: { targetNamespace: string } }).spec.targetNamespace;
        expect(md.split('\n').find((l) => l.startsWith(`| ${ns} |`)), r.metadata.name).toContain(`${r.metadata.name} (`);
      }
    });
  }

  it('compares live with the reference figures', () => {
    expect(out.files.get('reports/live/inventory.md')).toMatch(/\| objects \| \d+ \| 690 \| [+-]\d+\.\d %/);
  });

  it('counts objects like for like where the output splits one reference object per namespace or app', () => {
    const live = out.clusters.find((c) => c.name === 'live')!;
    const objects = live.objects.map((o) => o.object);
    const sameNs = objects.filter((o) => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'same-namespace').length;
    const slos = objects.filter((o) => o.kind === 'PrometheusRule' && o.metadata.name.endsWith('-slo')).length;
    expect(sameNs).toBeGreaterThan(1);
    const md = out.files.get('reports/live/inventory.md')!;
    const likeForLike = objects.length - (sameNs - 1) - (slos > 0 ? slos - 1 : 0);
    expect(md).toContain(`| objects, like for like (below) | ${likeForLike} | 690 |`);
    expect(md).toContain(`- ${sameNs} same-namespace CiliumNetworkPolicies as 1:`);
  });
});
