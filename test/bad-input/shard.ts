// What every bad-input case asserts, and the in-process cases split into shards. The in-process cases are most
// of the suite's CPU; one file would keep one vitest worker busy for the whole run while the other finishes
// everything else and waits, so `in-process-<n>.test.ts` each run every SHARDS-th case and vitest spreads the
// files over its workers. The runner (its project folder and compiled modules) is made once per worker and
// shared by the shard files it runs (vitest runs with `isolate: false`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { corpus, DEMO_APP } from './cases.js';
import { InProcessRunner, write, type BadInput, type Outcome } from './harness.js';

/** How many `in-process-<n>.test.ts` files there are (corpus.test.ts checks that each exists). */
export const SHARDS = 4;

const STACK_TRACE = /^\s+at .+[(:]\d+|node:internal|\.cache\/homelab\.c?js|^\w*Error: /m;

/** The `where` of each reported error (`apps/x.ts:3`, `versions.env`), without the `(field)` parts. */
function wheres(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^(?:synth failed: |\s+- )(.*?): /.exec(l)?.[1])
    .filter((w): w is string => w !== undefined)
    .map((w) => w.replace(/( \([^)]*\))+$/, ''));
}

/** Exit 1 with one clean message naming the file (and field), nothing synthesized, dist/ untouched. */
export function expectCleanFailure(c: BadInput, r: Outcome): void {
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
}

let runner: InProcessRunner | undefined;
/** The in-process runner of this worker (its scratch folder is inside the test run's TMPDIR, removed at the end). */
export function inProcessRunner(): InProcessRunner {
  runner ??= new InProcessRunner(tempDir('homelab-bad-input-'));
  return runner;
}

/** The in-process cases of shard `n` (1-based): every SHARDS-th one, so each shard gets cases of every area. */
export function shardCases(n: number): BadInput[] {
  return corpus.filter((c) => c.runner !== 'process').filter((_, i) => i % SHARDS === n - 1);
}

/** The test of shard `n`'s cases. */
export function describeShard(n: number): void {
  describe(`the bad-input corpus, in-process shard ${n} of ${SHARDS}`, () => {
    if (n === 1) {
      it('the demo app the app-file cases start from synthesizes', async () => {
        // Written to another folder: dist/ stays as it is.
        const control = await inProcessRunner().run([write('apps/demo.ts', DEMO_APP)], ['--out', 'dist-control']);
        expect(control.setupError).toBeUndefined();
        expect(control.status, control.stderr).toBe(0);
        rmSync(join(inProcessRunner().project, 'dist-control'), { recursive: true, force: true });
      });
    }
    describe.each(shardCases(n).map((c) => [c.name, c] as const))('%s', (_, c) => {
      it('exits 1 with one clean message naming the file and field, and leaves dist/ untouched', async () => {
        expectCleanFailure(c, await inProcessRunner().run(c.edits));
      });
    });
  });
}
