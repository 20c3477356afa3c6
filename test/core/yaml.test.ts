import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from '../../lib/core/yaml.js';

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
