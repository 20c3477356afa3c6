// Runs the real `npm run synth` on a temporary copy of the project with one mistake applied, and reports
// what a user would see. Used by corpus.test.ts.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot, tempDir } from '../helpers.js';

/** One change to a file of the copy. Edits replace files (never write into a hard-linked one). */
export type Edit =
  | { readonly file: string; readonly replace: string; readonly with: string }
  | { readonly file: string; readonly write: string }
  | { readonly file: string; readonly remove: true };

export const replace = (file: string, from: string, to: string): Edit => ({ file, replace: from, with: to });
export const write = (file: string, content: string): Edit => ({ file, write: content });
export const remove = (file: string): Edit => ({ file, remove: true });

export interface BadInput {
  /** What the user did wrong, as they would say it. */
  readonly name: string;
  readonly area: 'versions.env' | 'app file' | 'cluster composition' | 'network policy' | 'inventory' | 'flux';
  readonly edits: readonly Edit[];
  /** The file the message must name (a string is matched literally). */
  readonly file: string | RegExp;
  /** The field the message must name, as `(field)` — when the mistake has one. */
  readonly field?: string;
  /** What the message must say. */
  readonly message: RegExp;
}

export interface Outcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why the case could not be set up (an edit's anchor is gone: the code moved). */
  readonly setupError?: string;
  /** Files of dist/ whose identity (inode, size, mtime) or presence changed. */
  readonly distChanges: readonly string[];
  /** Entries beside dist/ that the run left (a transaction folder, temporary trees). */
  readonly leftovers: readonly string[];
}

/** Top-level entries of the project that a synth needs (the rest — tests, docs, output — stay out). */
const EXCLUDED = new Set(['node_modules', 'dist', '.cache', '.git', 'test', 'coverage', 'cdk8s.out', 'cdktf.out', 'unused', '.scratch']);

/** Copies `from` to `to` with hard links (cheap; edits must replace files, never write into them). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else linkSync(src, dst);
  }
}

/** `rel → ino:size:mtime` of every file under `dir`. */
function identities(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else {
        const s = statSync(join(dir, r));
        out.set(r, `${s.ino}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(cwd, 'scripts', 'run.mjs'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** A limit on concurrent synths: each is CPU-bound, so one per core. */
function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * A template copy of the project (sources, a symlink to node_modules, the current dist/ and a built
 * bundle); each case is a hard-linked copy of it with its edits applied.
 */
export class Sandbox {
  readonly template: string;
  private readonly limit = limiter(Math.max(1, availableParallelism()));
  private distBefore = new Map<string, string>();

  constructor() {
    this.template = join(tempDir('homelab-bad-input-'), 'template');
    mkdirSync(this.template);
    for (const entry of readdirSync(repoRoot)) {
      if (EXCLUDED.has(entry)) continue;
      cpSync(join(repoRoot, entry), join(this.template, entry), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(this.template, 'node_modules'));
    cpSync(join(repoRoot, 'dist'), join(this.template, 'dist'), { recursive: true });
  }

  /** The synth command of package.json, which every case runs. */
  static synthScript(): string {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.synth!;
  }

  /** Synthesizes the unchanged template (building its bundle); must succeed. */
  async prepare(): Promise<{ status: number | null; stderr: string }> {
    const r = await run(this.template, ['synth']);
    this.distBefore = identities(join(this.template, 'dist'));
    return r;
  }

  /** A copy with `edits` applied, for several runs in a row (see {@link Session}). */
  session(edits: readonly Edit[]): Session {
    const root = join(tempDir('homelab-bad-input-case-'), 'project');
    linkTree(this.template, root);
    for (const e of edits) applyEdit(root, e);
    return {
      root,
      step: (args = [], env = {}) => this.limit(() => run(root, ['synth', ...args], env)),
      done: () => rmSync(dirname(root), { recursive: true, force: true }),
    };
  }

  /** Runs the synth with `edits` applied to a fresh copy; `args` are passed after `synth`. */
  runCase(edits: readonly Edit[], args: string[] = []): Promise<Outcome> {
    return this.limit(async () => {
      const root = join(tempDir('homelab-bad-input-case-'), 'project');
      linkTree(this.template, root);
      try {
        for (const e of edits) applyEdit(root, e);
      } catch (e) {
        rmSync(dirname(root), { recursive: true, force: true });
        return { status: null, signal: null, stdout: '', stderr: '', distChanges: [], leftovers: [], setupError: (e as Error).message };
      }
      const r = await run(root, ['synth', ...args]);
      const after = identities(join(root, 'dist'));
      const distChanges = [...new Set([...this.distBefore.keys(), ...after.keys()])].filter((f) => this.distBefore.get(f) !== after.get(f));
      const leftovers = readdirSync(root).filter((n) => n.startsWith('.dist'));
      rmSync(dirname(root), { recursive: true, force: true });
      return { ...r, distChanges, leftovers };
    });
  }
}

/** Every file under `dir` as relative path → content. */
export function readFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(join(dir, r), 'utf8'));
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/**
 * A copy with `edits` whose synth runs in steps (a killed run, then the next one): `step` runs the synth
 * with `args` and `env`; `files` reads a folder of the copy. `done` removes the copy.
 */
export interface Session {
  readonly root: string;
  step(args?: string[], env?: Record<string, string>): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  done(): void;
}

function applyEdit(root: string, e: Edit): void {
  const path = join(root, e.file);
  if ('remove' in e) {
    if (!existsSync(path)) throw new Error(`bad-input case: ${e.file} does not exist (the project layout changed; update the case)`);
    rmSync(path, { recursive: true });
    return;
  }
  let content: string;
  if ('write' in e) content = e.write;
  else {
    const text = readFileSync(path, 'utf8');
    if (!text.includes(e.replace)) throw new Error(`bad-input case: ${e.file} no longer contains ${JSON.stringify(e.replace)} (the code moved; update the case)`);
    content = text.replace(e.replace, e.with);
  }
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) unlinkSync(path); // a hard link into the template: replace, never write through
  writeFileSync(path, content);
}
