import { describe, expect, it } from 'vitest';
import { REFERENCE_COUNTS } from '../../clusters/reference-counts.js';
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

  for (const c of out.clusters) {
    it(`${c.name}: the kinds the fact sheets count are compared one by one, each row measured from the output and adding up`, () => {
      const reference = REFERENCE_COUNTS[c.name as keyof typeof REFERENCE_COUNTS];
      const md = out.files.get(`reports/${c.name}/inventory.md`)!;
      const objects = c.objects.map((o) => o.object);
      const num = (cell: string) => (cell === '0' ? 0 : Number(cell.replace('−', '-')));
      const rows = new Map(
        md.split('\n')
          .filter((l) => /^\| [A-Za-z ]+ \| \d+ \| \d+ \| [^|]+ \| [^|]+ \| [^|]+ \|$/.test(l))
          .map((l) => l.split('|').slice(1, -1).map((x) => x.trim()))
          .map(([kind, ...rest]) => [kind!, rest]),
      );
      for (const k of reference.kinds ?? []) {
        const row = rows.get(k.kind);
        expect(row, k.kind).toBeDefined();
        const [ours, ref, diff, explained, remaining] = row!;
        expect(Number(ours), k.kind).toBe(objects.filter((o) => o.kind === k.kind).length);
        expect(Number(ref), k.kind).toBe(k.reference);
        expect(num(diff!), k.kind).toBe(Number(ours) - k.reference);
        expect(num(diff!) - num(explained!), k.kind).toBe(num(remaining!));
      }
      const others = rows.get('all other kinds')!;
      const listed = new Set((reference.kinds ?? []).map((k) => k.kind));
      expect(Number(others[0]), 'other kinds').toBe(objects.filter((o) => !listed.has(o.kind)).length);
      expect(Number(others[1]) + (reference.kinds ?? []).reduce((n, k) => n + k.reference, 0)).toBe(reference.objects);
    });
  }

  it('live: the differences the fact sheets allow are fully attributed (nothing remains on those kinds)', () => {
    const md = out.files.get('reports/live/inventory.md')!;
    for (const kind of ['HelmRelease', 'HelmRepository', 'CiliumClusterwideNetworkPolicy', 'ResourceSet', 'Canary', 'ServiceMonitor', 'Namespace']) {
      expect(md.split('\n').find((l) => l.startsWith(`| ${kind} |`)), kind).toMatch(/\| 0 \|$/);
    }
  });
});
