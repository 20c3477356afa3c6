// The bad-input corpus (cases.ts): each mistake must make the synth exit 1 with one clean message naming the
// file (and field), no stack trace, and leave the previous dist/ byte for byte as it was. Cases run the CLI's
// `main()` in this process on freshly loaded modules (harness.ts); the few the bundler reports, and the
// crash test, run the real `npm run synth` in a copy of the project.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { corpus, DEMO_APP } from './cases.js';
import { existsSync, readdirSync } from 'node:fs';
import { InProcessRunner, ProcessRunner, readFiles, replace, write, type Outcome } from './harness.js';

const STACK_TRACE = /^\s+at .+[(:]\d+|node:internal|\.cache\/homelab\.c?js|^\w*Error: /m;

/** The `where` of each reported error (`apps/x.ts:3`, `versions.env`), without the `(field)` parts. */
function wheres(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^(?:synth failed: |\s+- )(.*?): /.exec(l)?.[1])
    .filter((w): w is string => w !== undefined)
    .map((w) => w.replace(/( \([^)]*\))+$/, ''));
}

const scratch = tempDir('homelab-bad-input-');
let inProcess: InProcessRunner;
let processes: ProcessRunner;
const processOutcomes = new Map<string, Promise<Outcome>>();

beforeAll(() => {
  inProcess = new InProcessRunner(join(scratch, 'in-process'));
  processes = new ProcessRunner(join(scratch, 'process'));
  // Started now, so they run beside the in-process cases (one child at a time: two cores).
  let chain: Promise<unknown> = Promise.resolve();
  for (const c of corpus.filter((c) => c.runner === 'process')) {
    const outcome = chain.then(() => processes.run(c.edits));
    processOutcomes.set(c.name, outcome);
    chain = outcome;
  }
});

afterAll(async () => {
  await Promise.allSettled(processOutcomes.values());
  rmSync(scratch, { recursive: true, force: true });
});

describe('the bad-input corpus', () => {
  it('runs the npm synth script itself and covers every area with at least 80 mistakes', () => {
    expect(ProcessRunner.synthScript()).toBe('node scripts/run.mjs synth');
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((c) => c.name)).size, 'case names are unique').toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.area))).toEqual(new Set(['versions.env', 'app file', 'cluster composition', 'network policy', 'inventory', 'flux']));
  });

  it('the demo app the app-file cases start from synthesizes', async () => {
    // Written to another folder: dist/ stays as it is.
    const control = await inProcess.run([write('apps/demo.ts', DEMO_APP)], ['--out', 'dist-control']);
    expect(control.setupError).toBeUndefined();
    expect(control.status, control.stderr).toBe(0);
    rmSync(join(inProcess.project, 'dist-control'), { recursive: true, force: true });
  });

  describe.each(corpus.map((c) => [c.name, c] as const))('%s', (_, c) => {
    it('exits 1 with one clean message naming the file and field, and leaves dist/ untouched', async () => {
      const r = c.runner === 'process' ? await processOutcomes.get(c.name)! : await inProcess.run(c.edits);
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
  // Every checkpoint of the writer is killed in test/core/writer.test.ts; this is the real CLI killed in the
  // middle of replacing dist/, then run again.
  it('killed mid-commit: dist/ is whole, and the next synth completes the new tree', async () => {
    // A chart version bump changes files in every cluster; the kill lands in the middle of writing them.
    const s = processes.session([replace('versions.env', 'cert_manager_version=1.21.1', 'cert_manager_version=1.21.2')]);
    try {
      const before = readFiles(join(s.root, 'dist'));
      const killed = await s.step([], { HOMELAB_FAULT_KILL_AT: 'commit' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(join(s.root, 'dist'))).toBe(true);
      // After the commit point every file is whole (old or new) and none is missing.
      const during = readFiles(join(s.root, 'dist'));
      for (const f of before.keys()) expect(during.has(f), f).toBe(true);
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
