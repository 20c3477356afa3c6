// parseOnce shares one Lezer parse between texts that differ only inside "…" literals (every app's SLO
// rules); the shared tree must be exactly what parsing the text itself gives.
import type { Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { parseOnce } from '../../lib/observability/promql.js';
import { synthHomelab } from '../helpers.js';

function structure(tree: Tree): string[] {
  const out: string[] = [];
  tree.cursor().iterate((n) => {
    out.push(`${n.name}@${n.from}-${n.to}`);
  });
  return out;
}

describe('PromQL parse shared by shape', () => {
  it('equals a fresh parse for every rule expression of the homelab', () => {
    const exprs = new Set<string>();
    for (const c of synthHomelab().clusters) {
      for (const { object } of c.objects) {
        if (object.kind !== 'PrometheusRule') continue;
        for (const g of (object.spec as { groups: { rules: { expr: string }[] }[] }).groups) for (const r of g.rules) exprs.add(r.expr);
      }
    }
    expect(exprs.size).toBeGreaterThan(100);
    for (const e of exprs) expect(structure(parseOnce(e)), e).toEqual(structure(parser.parse(e)));
  });

  it('equals a fresh parse for literals holding syntax, other quotes, escapes, comments and broken texts', () => {
    const cases = [
      'up{a="=~,{}() or vector(1)"} > 0',
      'up{a="b"} > 0',
      'foo{a=`x"y`, b="z"}',
      "foo{a='x\"y', b=\"z\"}",
      'foo{a="x\\"y", b="z"}',
      'foo{a="b} + bar{c="d"}',
      'foo{a="b"} # a "comment"\n+ bar{c="d"}',
      'sum by (a) (rate(x{"quoted.name"="v"}[5m]))',
      'foo{a="',
    ];
    // Each case after a same-shape twin was parsed first, so the shared tree is the twin's.
    for (const e of cases) {
      parseOnce(e.replace(/"[^"]*"/g, (l) => `"${'q'.repeat(l.length - 2)}"`));
      expect(structure(parseOnce(e)), e).toEqual(structure(parser.parse(e)));
    }
  });
});
