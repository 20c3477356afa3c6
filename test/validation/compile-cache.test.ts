import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCached } from '../../lib/validation/compile-cache.js';
import { defaultSchemaDir, formatIssue, SchemaValidator } from '../../lib/validation/index.js';
import { tempDir } from '../helpers.js';

const options = { allErrors: true, strict: false };
const schema = (maxLength: number) => JSON.stringify({ type: 'object', properties: { name: { type: 'string', maxLength } }, additionalProperties: false, required: ['name'] });

describe('compiled validators cached by schema text, options and ajv version', () => {
  it('compiles once, then loads the module; the loaded validator reports exactly what a fresh compile does', () => {
    const dir = tempDir();
    const fresh = compileCached(schema(3), options, dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const loaded = compileCached(schema(3), options, dir);
    expect(loaded).not.toBe(fresh); // the module, not the compiled function
    for (const value of [{ name: 'abc' }, { name: 'abcd' }, { nam: 'x' }, { name: 1, extra: true }]) {
      expect(loaded(value), JSON.stringify(value)).toBe(fresh(value));
      expect(loaded.errors ?? null).toEqual(fresh.errors ?? null);
    }
  });

  it('never hides a change: another schema text or other options is another entry', () => {
    const dir = tempDir();
    expect(compileCached(schema(3), options, dir)({ name: 'abcd' })).toBe(false);
    expect(compileCached(schema(5), options, dir)({ name: 'abcd' })).toBe(true);
    const strictAdditional = compileCached(schema(5), { ...options, removeAdditional: false }, dir);
    expect(strictAdditional({ name: 'ab', x: 1 })).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.cjs'))).toHaveLength(3);
  });

  it('recompiles over an unreadable entry', () => {
    const dir = tempDir();
    compileCached(schema(3), options, dir);
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), 'module.exports = (');
    expect(compileCached(schema(3), options, dir)({ name: 'abcd' })).toBe(false);
    expect(compileCached(schema(3), options, dir)({ name: 'abc' })).toBe(true);
  });
});

describe('strict validators precompiled per kind (keyed by the kind schema, the core definitions, options and formats)', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { retries: 3 } };
  const cnp = (cidr: string) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'egress', namespace: 'demo' }, spec: { endpointSelector: {}, egress: [{ toCIDR: [cidr] }] } });
  /** A copy of the generated schemas (the tests edit it) and an empty cache. */
  const fixture = () => {
    const schemas = join(tempDir(), 'schemas');
    cpSync(defaultSchemaDir(), schemas, { recursive: true });
    return { schemas, cacheDir: tempDir() };
  };
  const issues = (v: SchemaValidator, o: object) => v.validate(o).map(formatIssue);

  it('a later run loads what an earlier one compiled and reports exactly the same, formats included', () => {
    const { schemas, cacheDir } = fixture();
    const first = new SchemaValidator(schemas, { cacheDir });
    const expected = [issues(first, configMap), issues(first, cnp('10.0.0.0/33')), issues(first, cnp('10.0.0.0/8'))];
    expect(first.stats).toEqual({ compiled: 2, loaded: 0 });
    expect(expected[0]).toEqual([expect.stringMatching(/\/data\/retries: must be string/)]);
    expect(expected[1]).toEqual([expect.stringMatching(/\/spec\/egress\/0\/toCIDR\/0: must be a valid cidr/)]);
    expect(expected[2]).toEqual([]);
    const later = new SchemaValidator(schemas, { cacheDir });
    expect([issues(later, configMap), issues(later, cnp('10.0.0.0/33')), issues(later, cnp('10.0.0.0/8'))]).toEqual(expected);
    expect(later.stats).toEqual({ compiled: 0, loaded: 2 });
  });

  it('never hides a change: an edited core definition or CRD schema is compiled again and its new rule applies', () => {
    const { schemas, cacheDir } = fixture();
    const before = new SchemaValidator(schemas, { cacheDir });
    expect(issues(before, configMap)).toHaveLength(1);
    expect(issues(before, cnp('10.0.0.0/8'))).toEqual([]);
    // ConfigMap data values become integers; CiliumNetworkPolicy toCIDR entries lose their format.
    const core = JSON.parse(readFileSync(join(schemas, 'k8s.json'), 'utf8')) as { definitions: Record<string, { properties: Record<string, unknown> }> };
    core.definitions.V1ConfigMap!.properties.data = { type: 'object', additionalProperties: { type: 'integer' } };
    writeFileSync(join(schemas, 'k8s.json'), JSON.stringify(core));
    const cnpFile = before.index['cilium.io/v2/CiliumNetworkPolicy']!;
    const crd = JSON.parse(readFileSync(join(schemas, cnpFile), 'utf8')) as object;
    const text = JSON.stringify(crd);
    expect(text).toContain('"format":"cidr"');
    writeFileSync(join(schemas, cnpFile), text.replaceAll('"format":"cidr"', '"pattern":"^1\\\\."'));
    const after = new SchemaValidator(schemas, { cacheDir });
    expect(issues(after, configMap)).toEqual([]);
    expect(issues(after, cnp('10.0.0.0/8'))).toEqual([expect.stringMatching(/toCIDR\/0: must match pattern/)]);
    expect(after.stats).toEqual({ compiled: 2, loaded: 0 });
    // The unchanged schemas still get what they were compiled to.
    const unchanged = new SchemaValidator(defaultSchemaDir(), { cacheDir });
    expect(issues(unchanged, configMap)).toHaveLength(1);
    expect(issues(unchanged, cnp('10.0.0.0/33'))).toHaveLength(1);
    expect(unchanged.stats).toEqual({ compiled: 0, loaded: 2 });
  });
});
