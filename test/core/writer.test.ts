import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverInterruptedWrite, writeTreeAtomically } from '../../lib/core/writer.js';
import { readTree, repoRoot, tempDir } from '../helpers.js';

type Tree = Record<string, string>;
const tree = (dir: string): Tree => Object.fromEntries(readTree(dir));
const write = (dir: string, files: Tree) => writeTreeAtomically(dir, new Map(Object.entries(files)));

// Old and new trees covering every kind of step: unchanged, changed, created, deleted, a folder that
// disappears, a file that becomes a folder and a folder that becomes a file.
const OLD: Tree = {
  'a/keep.yaml': 'keep\n',
  'a/change.yaml': 'old version\n',
  'a/gone.yaml': 'stale\n',
  'b/gone-dir/x.yaml': 'stale folder\n',
  'c': 'a file that becomes a folder\n',
  'd/e.yaml': 'in a folder that becomes a file\n',
};
const NEW: Tree = {
  'a/keep.yaml': 'keep\n',
  'a/change.yaml': 'new version\n',
  'a/new.yaml': 'created\n',
  'c/inside.yaml': 'now a folder\n',
  'd': 'now a file\n',
  'f/g/deep.yaml': 'deep\n',
};

describe('writeTreeAtomically', () => {
  it('makes the tree hold exactly the new files: stale files and folders vanish, nothing is left beside it', () => {
    const out = join(tempDir(), 'dist');
    write(out, OLD);
    expect(tree(out)).toEqual(OLD);
    const r = write(out, NEW);
    expect(tree(out)).toEqual(NEW);
    expect(existsSync(join(out, 'b'))).toBe(false);
    expect(r).toMatchObject({ created: 4, replaced: 1, deleted: 4, unchanged: 1, recovered: 'none' });
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });

  it('never touches an unchanged file (same inode), so a re-synth writes only what changed', () => {
    const out = join(tempDir(), 'dist');
    write(out, OLD);
    const before = statSync(join(out, 'a/keep.yaml')).ino;
    write(out, { ...OLD, 'a/change.yaml': 'x\n' });
    expect(statSync(join(out, 'a/keep.yaml')).ino).toBe(before);
    expect(write(out, { ...OLD, 'a/change.yaml': 'x\n' })).toMatchObject({ created: 0, replaced: 0, deleted: 0 });
  });

  it('refuses paths outside the tree, or a path that is both file and folder, before touching anything', () => {
    const out = join(tempDir(), 'dist');
    write(out, OLD);
    expect(() => write(out, { 'ok.yaml': 'x', '../escape.yaml': 'y' })).toThrowError(/outside the output tree/);
    expect(() => write(out, { 'x': '1', 'x/y.yaml': '2' })).toThrowError(/both a file and a folder/);
    expect(tree(out)).toEqual(OLD);
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });

  it('completes a journal an older writer left (version 1: staged files mirror the tree)', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    write(out, { 'a/x.yaml': 'old\n', 'gone/y.yaml': 'stale\n' });
    const txn = join(parent, '.dist.txn');
    for (const [rel, text] of Object.entries({ 'a/x.yaml': 'new\n', 'b/z.yaml': 'created\n' })) {
      mkdirSync(dirname(join(txn, 'new', rel)), { recursive: true });
      writeFileSync(join(txn, 'new', rel), text);
    }
    const journal = { version: 1, deletes: ['gone/y.yaml'], rmdirs: ['gone'], mkdirs: ['b'], puts: [{ rel: 'a/x.yaml', replace: true }, { rel: 'b/z.yaml', replace: false }] };
    writeFileSync(join(txn, 'journal.json'), JSON.stringify(journal));
    expect(recoverInterruptedWrite(out)).toBe('rolled-forward');
    expect(tree(out)).toEqual({ 'a/x.yaml': 'new\n', 'b/z.yaml': 'created\n' });
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('removes the leftovers of the previous writer and of half-made locks', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    write(out, OLD);
    for (const d of ['.dist.tmp-123-456', '.dist.old-123-456', '.dist.txn-999999999']) mkdirSync(join(parent, d, 'x'), { recursive: true });
    write(out, NEW);
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});

// --- the same writer in its own process, killed or starved ---

let child = '';
beforeAll(async () => {
  const dir = tempDir('homelab-writer-child-');
  child = join(dir, 'writer-child.mjs');
  await build({ entryPoints: [join(repoRoot, 'test/core/fixtures/writer-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'silent' });
  chmodSync(dir, 0o755);
});

const asRoot = process.getuid?.() === 0;

/** Runs the writer child; as root, as `nobody`, so that file permissions apply to it. */
function runChild(args: string[], env: Record<string, string> = {}, opts: { dropRoot?: boolean } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [child, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    ...(opts.dropRoot && asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
}

function runChildAsync(args: string[], env: Record<string, string>): Promise<{ status: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status, signal) => resolve({ status, signal, stderr }));
  });
}

/**
 * A scenario folder with `dist/` holding `oldFiles` and the `newFiles` set ready for the child. With
 * `dropRoot`, the old tree is written by the child too, so that it owns it.
 */
function scenario(newFiles: Tree = NEW, oldFiles: Tree = OLD, dropRoot = false): { parent: string; out: string; files: string } {
  const parent = tempDir();
  chmodSync(parent, 0o777);
  const out = join(parent, 'dist');
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const files = join(dir, 'new.json');
  writeFileSync(files, JSON.stringify(newFiles));
  writeFileSync(join(dir, 'old.json'), JSON.stringify(oldFiles));
  if (dropRoot) {
    const r = runChild(['write', out, join(dir, 'old.json')], {}, { dropRoot });
    expect(r.status, r.stderr).toBe(0);
  } else write(out, oldFiles);
  return { parent, out, files };
}

/** Every file is complete — its old or its new content — and no file that both trees have is missing. */
function expectEachFileWhole(out: string): void {
  const now = tree(out);
  for (const [rel, content] of Object.entries(now)) expect([OLD[rel], NEW[rel]], rel).toContain(content);
  for (const rel of Object.keys(OLD).filter((r) => r in NEW)) expect(now[rel], `${rel} missing`).toBeDefined();
}

describe('crash safety: the process killed at every step of a write', () => {
  it('leaves the old tree or a journal, and the next run completes it to exactly the new tree', async () => {
    const dry = scenario();
    const probe = runChild(['write', dry.out, dry.files]);
    expect(probe.status, probe.stderr).toBe(0);
    const steps = probe.stdout.trim().split('\n');
    const commit = steps.indexOf('commit');
    const done = steps.indexOf('done');
    expect(commit).toBeGreaterThan(0);
    // lock, a stage per written file, journal, commit, each apply step, done, cleaned.
    expect(steps.length).toBeGreaterThan(15);

    const killAt = async (i: number): Promise<void> => {
      const s = scenario();
      const killed = await runChildAsync(['write', s.out, s.files], { HOMELAB_FAULT_KILL_AT: String(i) });
      expect(killed.signal, `step ${i} (${steps[i]})`).toBe('SIGKILL');
      // At the instant of the kill: dist/ is there, and before the commit point it is the old tree.
      expect(existsSync(s.out)).toBe(true);
      if (i < commit) expect(tree(s.out), `killed after ${steps[i]}`).toEqual(OLD);
      else expectEachFileWhole(s.out);
      let expected = i < commit || i === done ? 'discarded' : i > done ? 'none' : 'rolled-forward';
      // A kill during the recovery itself is recovered by the run after it (sampled: every third step).
      if (i >= commit && i < done && (i - commit) % 3 === 0) {
        const again = await runChildAsync(['recover', s.out], { HOMELAB_FAULT_KILL_AT: '0' });
        expect(again.signal === 'SIGKILL' || again.status === 0, again.stderr).toBe(true);
        if (again.status === 0) expected = 'none';
        expectEachFileWhole(s.out);
      }
      // The next run (here in-process) first completes the interrupted write.
      expect(recoverInterruptedWrite(s.out), `after a kill at ${steps[i]}`).toBe(expected);
      expect(tree(s.out), `recovered after a kill at ${steps[i]}`).toEqual(i < commit ? OLD : NEW);
      expect(readdirSync(s.parent), 'no leftovers').toEqual(['dist']);
    };
    // A few at a time: each is a Node start-up, mostly waiting.
    const queue = steps.map((_, i) => i);
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await killAt(i);
    }));
  });

  it('a read-only subfolder: the partial write is undone, the old tree restored, exit 1 naming the path', () => {
    const s = scenario({ ...NEW, 'sub/x.yaml': 'new x\n' }, { ...OLD, 'sub/x.yaml': 'old x\n' }, true);
    const before = tree(s.out);
    chmodSync(join(s.out, 'sub'), 0o555);
    const r = runChild(['write', s.out, s.files], {}, { dropRoot: true });
    chmodSync(join(s.out, 'sub'), 0o755);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/sub\/x\.yaml: cannot replace the output \(EACCES: permission denied\); the previous output was restored/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(s.out)).toEqual(before);
    expect(readdirSync(s.parent)).toEqual(['dist']);
  });

  it('a read-only target folder: nothing is touched, exit 1 naming the folder', () => {
    const s = scenario(NEW, OLD, true);
    chmodSync(s.parent, 0o555);
    const r = runChild(['write', s.out, s.files], {}, { dropRoot: true });
    chmodSync(s.parent, 0o777);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot create the transaction folder beside the output \(EACCES: permission denied\); the previous output is unchanged/);
    expect(tree(s.out)).toEqual(OLD);
  });

  it('a full disk: the failure comes while staging, before dist/ changes; exit 1 naming the file', () => {
    // A 64 KiB tmpfs in a private mount namespace holds the old tree but not the new one.
    const big: Tree = { ...NEW, 'big/one.yaml': 'x'.repeat(40_000), 'big/two.yaml': 'y'.repeat(40_000) };
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const files = join(dir, 'files.json');
    const old = join(dir, 'old.json');
    writeFileSync(files, JSON.stringify(big));
    writeFileSync(old, JSON.stringify(OLD));
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const script = [
      `mount -t tmpfs -o size=64k tmpfs ${mnt}`,
      `"${process.execPath}" ${child} write ${mnt}/dist ${old} > /dev/null`,
      `cp -r ${mnt}/dist ${dir}/before`,
      `"${process.execPath}" ${child} write ${mnt}/dist ${files}; echo "exit=$?"`,
      `diff -r ${dir}/before ${mnt}/dist && echo identical`,
      `ls -A ${mnt}`,
    ].join(' && ');
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { encoding: 'utf8' });
    if (r.error || /unshare: /.test(r.stderr)) {
      // Mounting a small filesystem needs a user+mount namespace; CI must have one.
      if (process.env.CI === 'true') throw new Error(`unshare -rm is required for the full-disk test: ${r.stderr || r.error}`);
      return;
    }
    expect(r.stderr).toMatch(/dist\/big\/\w+\.yaml: cannot write the new version \(ENOSPC: no space left on device\); the previous output is unchanged/);
    expect(r.stdout).toMatch(/exit=1\nidentical\ndist\n$/);
  });
});

it('the repository .gitignore hides the transaction folder of an interrupted write', () => {
  expect(readFileSync(join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^\.dist\.txn\*$/m);
});
