// The bad-input corpus (cases.ts): each mistake must make the synth exit 1 with one clean message naming the
// file (and field), no stack trace, and leave the previous dist/ byte for byte as it was. Most cases run the
// CLI's `main()` in this process on freshly loaded modules (harness.ts), spread over `in-process-<n>.test.ts`
// (shard.ts); this file holds the few the bundler reports and the crash test, which run the real
// `npm run synth` in a copy of the project, and checks that the shards cover the corpus.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHomelab } from '../../homelab.js';
import { main } from '../../lib/cli/main.js';
import { tempDir } from '../helpers.js';
import { corpus } from './cases.js';
import { ProcessRunner, readFiles, replace, type Outcome } from './harness.js';
import { expectCleanFailure, SHARDS, shardCases } from './shard.js';

const scratch = tempDir('homelab-bad-input-');
let processes: ProcessRunner;
const processOutcomes = new Map<string, Promise<Outcome>>();

beforeAll(() => {
  processes = new ProcessRunner(join(scratch, 'process'));
  // Started now, so they run beside the crash test (one child at a time: two cores).
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

  it('the in-process shards run every other case exactly once, and each shard file exists', () => {
    const inProcess = corpus.filter((c) => c.runner !== 'process');
    const sharded = Array.from({ length: SHARDS }, (_, i) => shardCases(i + 1)).flat();
    expect(sharded.map((c) => c.name).sort()).toEqual(inProcess.map((c) => c.name).sort());
    const here = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(here).filter((f) => /^in-process-\d+\.test\.ts$/.test(f)).sort();
    expect(files).toEqual(Array.from({ length: SHARDS }, (_, i) => `in-process-${i + 1}.test.ts`).sort());
  });

  describe.each(corpus.filter((c) => c.runner === 'process').map((c) => [c.name, c] as const))('%s (the real npm run synth)', (_, c) => {
    it('exits 1 with one clean message naming the file and field, and leaves dist/ untouched', async () => {
      expectCleanFailure(c, await processOutcomes.get(c.name)!);
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
      // A fresh synth of the same copy into another folder (in this process, through the CLI's main()).
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const fresh = await main(buildHomelab, ['synth', '--out', 'dist-fresh'], s.root).finally(() => log.mockRestore());
      expect(fresh).toBe(0);
      expect(readFiles(join(s.root, 'dist'))).toEqual(readFiles(join(s.root, 'dist-fresh')));
      expect(readdirSync(s.root).filter((n) => n.startsWith('.dist'))).toEqual([]);
    } finally {
      s.done();
    }
  });
});
