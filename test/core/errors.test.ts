import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Construct } from 'constructs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../lib/cli/errors.js';
import { SynthError, SynthErrors, messageOf, within } from '../../lib/core/errors.js';
import { userLocation } from '../../lib/core/stack.js';
import { Port } from '../../lib/netpol/ports.js';
import { tempDir } from '../helpers.js';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('within(): errors name the file being evaluated', () => {
  it('turns an unlocated error into a SynthError at the file, keeping the cause', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'x')");
    const e = thrown(() => within('apps/demo.ts', () => { throw cause; }, (m) => `props() threw: ${m}`, 'props')) as SynthError;
    expect(e).toBeInstanceOf(SynthError);
    expect(e.message).toBe("apps/demo.ts (props): props() threw: Cannot read properties of undefined (reading 'x')");
    expect(e.cause).toBe(cause);
  });

  it('leaves an error that already names a file alone', () => {
    const inner = new SynthError('versions.env:3', 'malformed line');
    expect(thrown(() => within('apps/demo.ts', () => { throw inner; }))).toBe(inner);
    const many = new SynthErrors([inner, inner]);
    expect(thrown(() => within('apps/demo.ts', () => { throw many; }))).toBe(many);
  });

  it('adds the file to an error that names only a construct path', () => {
    const e = thrown(() => within('apps/demo.ts', () => { throw new SynthError('apps-demo/Unit/Namespace', 'namespace "x" is already declared', 'namespace'); })) as SynthError;
    expect(e.message).toBe('apps/demo.ts (namespace): apps-demo/Unit/Namespace: namespace "x" is already declared');
  });

  it('words a construct-id collision as a duplicate declaration', () => {
    const root = new Construct(undefined as never, '');
    new Construct(root, 'release-cilium');
    const e = thrown(() => new Construct(root, 'release-cilium'));
    expect(messageOf(e)).toBe('"release-cilium" is declared twice under the root (two constructs with one id: a duplicate name, or a name that collides with a platform one)');
    expect(messageOf('plain string')).toBe('plain string');
  });
});

describe('describeError(): one clean message, the stack only with --debug', () => {
  it('prints a SynthError as it is and never a stack trace', () => {
    const text = describeError(new SynthError('apps/demo.ts', 'boom', 'name'));
    expect(text).toBe('synth failed: apps/demo.ts (name): boom');
    expect(describeError(new SynthErrors([new SynthError('a.ts', 'one'), new SynthError('b.ts', 'two')]))).toBe('synth failed with 2 errors:\n  - a.ts: one\n  - b.ts: two');
  });

  it('names the path of an I/O error', () => {
    const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/x/dist/a.yaml' });
    expect(describeError(err)).toBe('synth failed: /x/dist/a.yaml: write failed: ENOSPC');
  });

  it('names the innermost project file of an unexpected error, and prints the stack with debug', () => {
    const err = thrown(() => (undefined as unknown as { policy: string }).policy) as Error;
    const text = describeError(err);
    expect(text).toMatch(/^synth failed: test\/core\/errors\.test\.ts:\d+: Cannot read properties of undefined \(reading 'policy'\) \(an unexpected error: run again with --debug/);
    expect(text).not.toMatch(/\n\s+at /);
    expect(describeError(err, { debug: true })).toMatch(/\n\s+at test\/core\/errors\.test\.ts:\d+/);
  });
});

describe('stack frames in terms of the user files', () => {
  it('a validation helper names its caller, not itself', () => {
    const e = thrown(() => Port.tcp(70000)) as SynthError;
    expect(e.message).toMatch(/^test\/core\/errors\.test\.ts:\d+ \(port\): invalid port 70000/);
  });

  it('maps frames of an esbuild bundle back to the source through its external source map', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'apps'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'use.ts'), 'export function use(f: () => unknown) {\n  return f();\n}\n');
    writeFileSync(join(root, 'apps', 'bad.ts'), "import { use } from '../lib/use.ts';\nexport function run() {\n  const o: any = undefined;\n  return use(() => o.field);\n}\n");
    const outfile = join(root, '.cache', 'bundle.mjs');
    await build({ entryPoints: [join(root, 'apps', 'bad.ts')], bundle: true, format: 'esm', platform: 'node', outfile, sourcemap: 'external', sourcesContent: false, logLevel: 'silent' });
    const mod = (await import(pathToFileURL(outfile).href)) as { run: () => unknown };
    const err = thrown(() => mod.run()) as Error;
    expect(err.stack).toContain('bundle.mjs');
    // The innermost frame in the composition (apps/), not the library helper that ran the callback.
    expect(userLocation(err.stack)).toBe('apps/bad.ts:4');
  });
});
