// The bad-input corpus (cases.ts) against the real `npm run synth`: each mistake, in a temporary copy of the
// project, must exit 1 with one clean message naming the file (and field), no stack trace, and leave the
// previous dist/ byte for byte as it was. All cases run up front, one per core, and each test reads its result.
import { beforeAll, describe, expect, it } from 'vitest';
import { corpus, DEMO_APP } from './cases.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFiles, replace, Sandbox, write, type Outcome } from './harness.js';

const STACK_TRACE = /^\s+at .+[(:]\d+|node:internal|\.cache\/homelab\.mjs|^\w*Error: /m;

/** The `where` of each reported error (`apps/x.ts:3`, `versions.env`), without the `(field)` parts. */
function wheres(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^(?:synth failed: |\s+- )(.*?): /.exec(l)?.[1])
    .filter((w): w is string => w !== undefined)
    .map((w) => w.replace(/( \([^)]*\))+$/, ''));
}

const sandbox = new Sandbox();
const outcomes = new Map<string, Promise<Outcome>>();
let control: Outcome;

beforeAll(async () => {
  const prepared = await sandbox.prepare();
  expect(prepared.status, `the unchanged project must synthesize: ${prepared.stderr}`).toBe(0);
  for (const c of corpus) outcomes.set(c.name, sandbox.runCase(c.edits));
  // The demo app the app-file cases break is itself valid (written to another folder: dist/ stays as it is).
  control = await sandbox.runCase([write('apps/demo.ts', DEMO_APP)], ['--out', 'dist-control']);
  await Promise.all(outcomes.values());
}, 30 * 60_000);

describe('the bad-input corpus', () => {
  it('runs the npm synth script itself and covers every area with at least 80 mistakes', () => {
    expect(Sandbox.synthScript()).toBe('node scripts/run.mjs synth');
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((c) => c.name)).size, 'case names are unique').toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.area))).toEqual(new Set(['versions.env', 'app file', 'cluster composition', 'network policy', 'inventory', 'flux']));
  });

  it('the demo app the app-file cases start from synthesizes', () => {
    expect(control.status, control.stderr).toBe(0);
  });

  describe.each(corpus.map((c) => [c.name, c] as const))('%s', (_, c) => {
    it('exits 1 with one clean message naming the file and field, and leaves dist/ untouched', async () => {
      const r = await outcomes.get(c.name)!;
      expect(r.setupError, 'the case applies to the current code').toBeUndefined();
      const context = `stderr:\n${r.stderr}`;
      expect(r.signal, context).toBeNull();
      expect(r.status, context).toBe(1);
      expect(r.stdout, 'nothing synthesized').not.toMatch(/Synthesized/);
      expect(r.stderr, 'one clean message').toMatch(/^synth failed/);
      expect(r.stderr, 'no stack trace').not.toMatch(STACK_TRACE);
      if (typeof c.file === 'string') expect(r.stderr, 'names the file').toContain(c.file);
      else expect(wheres(r.stderr).some((w) => (c.file as RegExp).test(w)), `names the file ${c.file}\n${context}`).toBe(true);
      if (c.field) expect(r.stderr, 'names the field').toContain(`(${c.field})`);
      expect(r.stderr).toMatch(c.message);
      expect(r.distChanges, 'dist/ byte-identical').toEqual([]);
      expect(r.leftovers, 'nothing left beside dist/').toEqual([]);
    });
  });
});

describe('the real synth killed while it writes dist/ (HOMELAB_FAULT_KILL_AT)', () => {
  it.each(['stage ', 'commit', 'put '])('killed at "%s": dist/ is whole, and the next synth completes the new tree', async (step) => {
    // A chart version bump changes files in every cluster; the kill lands in the middle of writing them.
    const s = sandbox.session([replace('versions.env', 'cert_manager_version=1.21.1', 'cert_manager_version=1.21.2')]);
    try {
      const before = readFiles(join(s.root, 'dist'));
      const killed = await s.step([], { HOMELAB_FAULT_KILL_AT: step });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(join(s.root, 'dist'))).toBe(true);
      const during = readFiles(join(s.root, 'dist'));
      // Before the commit point nothing changed; after it, every file is whole (old or new) and none is missing.
      if (step === 'stage ') expect(during).toEqual(before);
      else for (const f of before.keys()) expect(during.has(f), f).toBe(true);
      const next = await s.step();
      expect(next.status, next.stderr).toBe(0);
      const fresh = await s.step(['--out', 'dist-fresh']);
      expect(fresh.status, fresh.stderr).toBe(0);
      expect(readFiles(join(s.root, 'dist'))).toEqual(readFiles(join(s.root, 'dist-fresh')));
      expect(readdirSync(s.root).filter((n) => n.startsWith('.dist'))).toEqual([]);
    } finally {
      s.done();
    }
  });
});
