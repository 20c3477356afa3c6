import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTreeAtomically } from '../../lib/core/writer.js';
import { readTree, tempDir } from '../helpers.js';

describe('writeTreeAtomically', () => {
  it('replaces the whole tree, so stale files vanish', () => {
    const out = join(tempDir(), 'dist');
    writeTreeAtomically(out, new Map([['a/one.yaml', '1'], ['a/two.yaml', '2']]));
    writeTreeAtomically(out, new Map([['a/one.yaml', 'new'], ['b/three.yaml', '3']]));
    expect(Object.fromEntries(readTree(out))).toEqual({ 'a/one.yaml': 'new', 'b/three.yaml': '3' });
    // No temporary or backup siblings are left behind.
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });

  it('leaves the previous tree untouched when writing fails', () => {
    const out = join(tempDir(), 'dist');
    mkdirSync(join(out, 'kubernetes'), { recursive: true });
    writeFileSync(join(out, 'kubernetes', 'keep.yaml'), 'previous');
    expect(() => writeTreeAtomically(out, new Map([['ok.yaml', 'x'], ['../escape.yaml', 'y']]))).toThrowError(/outside the output tree/);
    expect(readFileSync(join(out, 'kubernetes', 'keep.yaml'), 'utf8')).toBe('previous');
    expect(existsSync(join(out, 'ok.yaml'))).toBe(false);
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });
});
