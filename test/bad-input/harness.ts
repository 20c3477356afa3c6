// Runs the synth with one mistake applied and reports what a user would see. Used by corpus.test.ts.
//
// Most cases run the CLI's own `main()` (what `npm run synth` calls after loading the bundle) in this process,
// on modules loaded afresh with the mistake applied (project.ts), against a project folder holding a copy of
// dist/: milliseconds per case. Cases the bundler itself reports, and the crash test, run the real
// `npm run synth` in a hard-linked copy of the project.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { repoRoot } from '../helpers.js';
import { ModuleLoadError, ProjectLoader, type ProjectModules } from './project.js';

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
  /**
   * `process`: the case needs the real `npm run synth` in a copy of the project (a mistake the bundler
   * reports). Every other case runs the CLI's `main()` in this process on freshly loaded modules.
   */
  readonly runner?: 'process';
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

/** Top-level entries of the repository a synth never reads (tests, docs aside, output, caches). */
const EXCLUDED = new Set(['node_modules', 'dist', '.cache', '.git', 'test', 'coverage', 'cdk8s.out', 'cdktf.out', 'unused', '.scratch']);

/** Files the synth reads at run time from its root (not modules): an edit writes them into the case's folder. */
const RUNTIME_FILES = new Set(['versions.env']);

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

function changed(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
}

/** The content an edit gives its file, from the file's current content (`undefined`: the file is removed). */
function editedContent(current: string | undefined, e: Edit): string | undefined {
  if ('remove' in e) {
    if (current === undefined) throw new Error(`bad-input case: ${e.file} does not exist (the project layout changed; update the case)`);
    return undefined;
  }
  if ('write' in e) return e.write;
  if (current === undefined) throw new Error(`bad-input case: ${e.file} does not exist (the project layout changed; update the case)`);
  if (!current.includes(e.replace)) throw new Error(`bad-input case: ${e.file} no longer contains ${JSON.stringify(e.replace)} (the code moved; update the case)`);
  return current.replace(e.replace, e.with);
}

/** The edited files of a case: repository-relative path → content (`undefined`: removed). */
function applyEdits(edits: readonly Edit[], readOriginal: (file: string) => string | undefined): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const e of edits) files.set(e.file, editedContent(files.has(e.file) ? files.get(e.file) : readOriginal(e.file), e));
  return files;
}

const readRepoFile = (file: string): string | undefined => (existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8') : undefined);

/** Output of console and the standard streams while `fn` runs. */
async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, out: process.stdout.write, err: process.stderr.write };
  console.log = console.info = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
  console.warn = console.error = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    return { value: await fn(), stdout, stderr };
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error });
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

/**
 * Runs cases in this process: one project folder (its own dist/ copy and versions.env, the rest linked to
 * the repository read-only), one case at a time. `dir` is a scratch folder the caller removes.
 */
export class InProcessRunner {
  readonly project: string;
  private readonly loader: ProjectLoader;
  private distBefore: Map<string, string>;

  constructor(dir: string) {
    this.project = join(dir, 'project');
    mkdirSync(this.project, { recursive: true });
    // ../shared (schemas, CRDs) as seen from the repository.
    if (existsSync(join(repoRoot, '..', 'shared'))) symlinkSync(join(repoRoot, '..', 'shared'), join(dir, 'shared'));
    for (const entry of readdirSync(repoRoot)) {
      if (EXCLUDED.has(entry) || RUNTIME_FILES.has(entry)) continue;
      symlinkSync(join(repoRoot, entry), join(this.project, entry));
    }
    cpSync(join(repoRoot, 'dist'), join(this.project, 'dist'), { recursive: true });
    this.distBefore = identities(join(this.project, 'dist'));
    this.loader = new ProjectLoader(repoRoot, join(dir, 'modules'));
  }

  /** Runs `synth` (with `args`) on the project with `edits` applied. */
  async run(edits: readonly Edit[], args: readonly string[] = []): Promise<Outcome> {
    let modules: ProjectModules;
    try {
      const files = applyEdits(edits, readRepoFile);
      for (const f of RUNTIME_FILES) {
        const content = files.has(f) ? files.get(f) : readRepoFile(f);
        rmSync(join(this.project, f), { force: true });
        if (content !== undefined) writeFileSync(join(this.project, f), content);
      }
      const overlay = new Map([...files].filter(([f]) => !RUNTIME_FILES.has(f)).map(([f, c]) => [join(repoRoot, f), c ?? null] as const));
      await this.loader.prepare();
      modules = this.loader.load(overlay);
    } catch (e) {
      const why = e instanceof ModuleLoadError ? `${e.message} (the CLI reports this from scripts/run.mjs: make it a runner: 'process' case)` : (e as Error).message;
      return { status: null, signal: null, stdout: '', stderr: '', distChanges: [], leftovers: [], setupError: why };
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30; // as scripts/run.mjs sets it
    const r = await captured(() => modules.main(modules.buildHomelab, ['synth', ...args], this.project)).finally(() => (Error.stackTraceLimit = limit));
    return { status: r.value, signal: null, stdout: r.stdout, stderr: r.stderr, ...this.afterRun() };
  }

  /** What the run changed beside and in dist/; then restores both, so the next case starts clean. */
  private afterRun(): Pick<Outcome, 'distChanges' | 'leftovers'> {
    const dist = join(this.project, 'dist');
    const distChanges = changed(this.distBefore, identities(dist));
    const leftovers = readdirSync(this.project).filter((n) => n.startsWith('.dist'));
    for (const l of leftovers) rmSync(join(this.project, l), { recursive: true, force: true });
    if (distChanges.length) {
      rmSync(dist, { recursive: true, force: true });
      cpSync(join(repoRoot, 'dist'), dist, { recursive: true });
      this.distBefore = identities(dist);
    }
    return { distChanges, leftovers };
  }
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

/**
 * Runs the real `npm run synth` in copies of the project: a template (sources, a symlink to node_modules,
 * dist/ and the CLI bundle of .cache/ when it is current), of which each case is a hard-linked copy with its
 * edits applied. `dir` is a scratch folder the caller removes.
 */
export class ProcessRunner {
  private readonly template: string;
  private readonly distBefore: Map<string, string>;
  private copies = 0;

  constructor(private readonly dir: string) {
    this.template = join(dir, 'template');
    mkdirSync(this.template, { recursive: true });
    for (const entry of readdirSync(repoRoot)) {
      if (EXCLUDED.has(entry)) continue;
      cpSync(join(repoRoot, entry), join(this.template, entry), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(this.template, 'node_modules'));
    cpSync(join(repoRoot, 'dist'), join(this.template, 'dist'), { recursive: true });
    // The bundle is keyed by sources' size and mtime (kept above): a current one is reused, a stale one rebuilt.
    const cache = join(repoRoot, '.cache');
    if (existsSync(cache)) for (const f of readdirSync(cache).filter((n) => n.startsWith('homelab.'))) cpSync(join(cache, f), join(this.template, '.cache', f), { preserveTimestamps: true });
    if (existsSync(join(repoRoot, '..', 'shared'))) symlinkSync(join(repoRoot, '..', 'shared'), join(dir, 'shared'));
    this.distBefore = identities(join(this.template, 'dist'));
  }

  /** The synth command of package.json, which every case runs. */
  static synthScript(): string {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.synth!;
  }

  /** A copy with `edits` applied, for several runs in a row (see {@link Session}). */
  session(edits: readonly Edit[]): Session {
    const root = join(this.dir, `case-${this.copies++}`);
    linkTree(this.template, root);
    for (const [file, content] of applyEdits(edits, (f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined))) {
      const path = join(root, file);
      if (existsSync(path)) unlinkSync(path); // a hard link into the template: replace, never write through
      if (content === undefined) continue;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    return {
      root,
      step: (args = [], env = {}) => run(root, ['synth', ...args], env),
      done: () => rmSync(root, { recursive: true, force: true }),
    };
  }

  /** Runs the synth with `edits` applied to a fresh copy; `args` are passed after `synth`. */
  async run(edits: readonly Edit[], args: readonly string[] = []): Promise<Outcome> {
    let s: Session;
    try {
      s = this.session(edits);
    } catch (e) {
      return { status: null, signal: null, stdout: '', stderr: '', distChanges: [], leftovers: [], setupError: (e as Error).message };
    }
    try {
      const r = await s.step([...args]);
      const distChanges = changed(this.distBefore, identities(join(s.root, 'dist')));
      const leftovers = readdirSync(s.root).filter((n) => n.startsWith('.dist'));
      return { ...r, distChanges, leftovers };
    } finally {
      s.done();
    }
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

/** A copy whose synth runs in steps (a killed run, then the next one). `done` removes the copy. */
export interface Session {
  readonly root: string;
  step(args?: string[], env?: Record<string, string>): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  done(): void;
}
