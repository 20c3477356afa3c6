import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCached } from '../../lib/validation/compile-cache.js';
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
