import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml, toYamlWithLibrary } from '../../lib/core/yaml.js';
import { synthHomelab } from '../helpers.js';

describe('toYaml', () => {
  const value = {
    spec: { zeta: 1, alpha: { b: 2, a: 1 }, script: 'line one\nline two\n', long: 'x'.repeat(300), skip: undefined },
    metadata: { labels: { b: 'on', a: 'yes' }, name: 'n', namespace: 'ns' },
    kind: 'ConfigMap',
    apiVersion: 'v1',
  };
  const text = toYaml(value);

  it('orders apiVersion, kind, metadata, name, namespace first and the rest alphabetically', () => {
    const topKeys = text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0]);
    expect(topKeys).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(text.indexOf('  name: n')).toBeLessThan(text.indexOf('  namespace: ns'));
    expect(text.indexOf('  namespace: ns')).toBeLessThan(text.indexOf('  labels:'));
    expect(text.indexOf('    a: "yes"')).toBeLessThan(text.indexOf('    b: "on"'));
  });

  it('writes multi-line strings as literal blocks and never wraps long lines', () => {
    expect(text).toContain('  script: |\n    line one\n    line two\n');
    expect(text).toContain(`  long: ${'x'.repeat(300)}\n`);
  });

  it('quotes strings a YAML 1.1 reader would take for booleans, and round-trips losslessly', () => {
    expect(text).toContain('a: "yes"');
    const { skip: _skip, ...spec } = value.spec;
    expect(parse(text)).toEqual({ ...value, spec });
  });

  it('is deterministic regardless of insertion order', () => {
    expect(toYaml({ b: 1, a: { d: 1, c: 2 } })).toBe(toYaml({ a: { c: 2, d: 1 }, b: 1 }));
  });
});

describe('toYaml writes exactly what the yaml library writes (its fast path is an optimisation only)', () => {
  it('for every object of the homelab', () => {
    let checked = 0;
    for (const c of synthHomelab().clusters) {
      for (const o of c.objects) {
        expect(toYaml(o.object), `${c.name}/${o.file}`).toBe(toYamlWithLibrary(o.object));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('for generated values full of hard cases (quoting, YAML 1.1 words, numbers, blocks, nesting, empties)', () => {
    // A small deterministic generator (no dependency): the same cases on every run.
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const words = ['', ' ', 'a', 'on', 'Off', 'yes', 'y', 'N', 'null', 'Null', '~', 'true', 'TRUE', '0', '-1', '+1', '1.5', '.5', '0755', '0x1f', '1_000', '1e3',
      '1:20', '.inf', '-.Inf', '.NaN', '2024-01-02', '2024-01-02T03:04:05Z', '10m', '1Gi', '<<', '=', '-', '?', ':', '#', '- a', '? a', 'a: b', 'a:b', 'a #b', 'a#b',
      'a:', 'a ', ' a', '*', '&a', '!a', '|', '>', "'", '"', "it's", 'say "hi"', 'back\\slash', '@every 1m', '%x', '`x', ',', '[a]', '{a}', 'a, b', 'a [b]', 'tab\there',
      'line\nline', 'line\nline\n', 'line\n\nline\n\n', 'trailing \nspace', '  indented\nfirst', 'ü', '日本', 'a\u0085b', 'x'.repeat(200), '/path/to', '(paren)', 'http://a/b?c=d#e',
      '{{ $labels.x }}', 'sum by (a) (rate(x[5m])) > 0.5', 'up{job=~"a|b", le="+Inf"} > 0', './dist/a.yaml', './', '.', '..', '.5', '.inf', '.x/y', 'a"', 'x\\"y', 'a\\', 'say "x: y"', 'q"#x', '${var}', 'a\tb', '\t', 'CamelCase', '_under', 'a.b.c', 'a/b', 'A-B'];
    const keys = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'a', 'b', 'spec', 'x-y', 'app.kubernetes.io/name', 'Zed', '_u', 'with space'];
    const scalars: unknown[] = [...words, 0, 1, -1, -0, 1.5, 1e21, 2 ** 53, NaN, Infinity, -Infinity, true, false, null];
    const value = (depth: number): unknown => {
      const r = rand(depth > 3 ? 2 : 5);
      if (r < 2) return pick(scalars);
      if (r === 2) return Array.from({ length: rand(4) }, () => value(depth + 1));
      // Mostly keys the fast path writes itself, sometimes one that sends the whole value to the library.
      const key = () => (rand(10) ? pick(keys) : pick(words.filter((w) => w && !w.includes('\n'))));
      return Object.fromEntries(Array.from({ length: rand(5) }, () => [key(), value(depth + 1)]));
    };
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      expect(toYaml(v), JSON.stringify(v)).toBe(toYamlWithLibrary(v));
    }
    for (const s of scalars) for (const v of [{ k: s }, [s], { k: [s] }, [{ k: s }], [[s]]]) expect(toYaml(v), JSON.stringify(v)).toBe(toYamlWithLibrary(v));
  });
});
