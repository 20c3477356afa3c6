// The project's own modules loaded for each bad-input case, in this process, with some source files replaced
// (an "overlay"): every module the overlay reaches (an overlaid file and everything that imports one, directly or
// not) runs afresh; the others are shared between cases, as the test suite shares modules between synths. A case
// then costs the synth up to its error (milliseconds), not a Node start, a bundle and the module graph of every
// dependency (seconds).
//
// Each TypeScript file is compiled by esbuild to CommonJS once per distinct content and kept as a compiled
// function, so a case compiles only the files it changed. Dependencies in node_modules are required once and
// shared (they hold no homelab state), and so are the generated CRD bindings (plain ES modules: the
// instances Node loaded for this worker, see `prepare`). The compiled files get external
// source maps beside them, which lib/core/stack.ts reads exactly as it reads the CLI bundle's: errors name
// `apps/demo.ts:12` through the same code path as `npm run synth`.
import { transform, transformSync, type TransformOptions, type TransformResult } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { APPS_MODULE, appFiles, appsModuleSource } from '../../scripts/apps-plugin.mjs';
import type { BuildHomelab } from '../../lib/cli/command.js';

/** Absolute path → replacement content (`null`: the file is removed). */
export type Overlay = ReadonlyMap<string, string | null>;

export interface ProjectModules {
  readonly buildHomelab: BuildHomelab;
  readonly main: (build: BuildHomelab, argv: readonly string[], root: string) => Promise<number>;
}

type ModuleFunction = (exports: object, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string, moduleUrl: string) => void;

/** Thrown when a module body throws while loading: the CLI reports those from scripts/run.mjs. */
export class ModuleLoadError extends Error {}

/** The folders of the project's sources (beside homelab.ts), as scripts/run.mjs bundles them. */
const SOURCE_DIRS = ['lib', 'site', 'model', 'clusters', 'apps', 'infra'];

/** How esbuild compiles a project file to a CommonJS module function. */
function transformOptions(path: string): TransformOptions {
  return {
    loader: path.endsWith('.ts') ? 'ts' : 'js',
    format: 'cjs',
    target: 'node20',
    platform: 'node',
    sourcefile: path,
    sourcemap: 'external',
    // As in the CLI bundle (scripts/run.mjs): import.meta.url is the module's own URL.
    define: { 'import.meta.url': '__moduleUrl' },
    logLevel: 'silent',
  };
}

export class ProjectLoader {
  private readonly compiled = new Map<string, ModuleFunction>();
  /** The module function of each repository file as it is on disk (the overlay never lands here). */
  private readonly compiledOriginal = new Map<string, ModuleFunction>();
  /**
   * Repository files as read (`undefined`: no such file). Nothing in a test run writes into the checkout, so
   * each file is read once per run, not once per case (reading and hashing every module of the project for
   * each of ~90 cases cost more than the synth to the error).
   */
  private readonly files = new Map<string, string | undefined>();
  /**
   * Instances of the modules a load found unchanged (the file as on disk, and every local module it imports
   * unchanged too), reused by later loads: a case re-runs only the modules its edits reach (the test suite
   * shares modules between synths the same way).
   */
  private readonly clean = new Map<string, { readonly source: string; readonly exports: unknown; readonly deps: readonly string[] }>();
  private readonly nodeRequire: NodeRequire;
  private cleanAppsSource?: string;
  /** The generated CRD bindings (lib/generated/crds/*.js, stateless ES modules) by path: shared by every load. */
  private readonly bindings = new Map<string, unknown>();
  private readonly bindingsDir: string;
  /** esbuild's output by {@link key}, compiled ahead by `prepare`. */
  private readonly transformed = new Map<string, TransformResult>();

  /** `root`: the repository (read only); `scratch`: where compiled modules and their maps are written. */
  constructor(
    readonly root: string,
    private readonly scratch: string,
  ) {
    this.nodeRequire = createRequire(join(root, 'package.json'));
    this.bindingsDir = join(root, 'lib', 'generated', 'crds');
    mkdirSync(scratch, { recursive: true });
  }

  /**
   * Imports the generated bindings once (Node's instances, which this worker's own modules use too: vitest
   * leaves them to Node), so `load` hands them out like node_modules instead of compiling 4 MB per worker.
   */
  async prepare(): Promise<void> {
    if (this.bindings.size) return;
    for (const f of readdirSync(this.bindingsDir).filter((n) => n.endsWith('.js'))) {
      const path = join(this.bindingsDir, f);
      this.bindings.set(path, await import(pathToFileURL(path).href));
    }
    // Every source file compiled in one go (esbuild works on them in parallel): one synchronous call per file,
    // as `load` needs them, cost ~1 s of round trips per worker.
    const sources = SOURCE_DIRS.flatMap((d) => (existsSync(join(this.root, d)) ? readdirSync(join(this.root, d), { recursive: true }).map((f) => join(d, String(f))) : []));
    const files = ['homelab.ts', ...sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))].map((f) => join(this.root, f));
    await Promise.all(
      files.map(async (path) => {
        const source = this.readOriginal(path);
        if (source !== undefined) this.transformed.set(this.key(path, source), await transform(source, transformOptions(path)));
      }),
    );
  }

  /**
   * The project's modules with `overlay` applied (fresh instances of every module the overlay reaches, shared
   * ones of the rest); the entry points of the CLI bundle.
   */
  load(overlay: Overlay = new Map()): ProjectModules {
    const generated = [...overlay.keys()].find((p) => p.startsWith(join(this.root, 'lib', 'generated')));
    if (generated) throw new Error(`bad-input case: ${relative(this.root, generated)} is generated; a case edits what a user writes`);
    const modules = new Map<string, { exports: unknown }>();
    const virtualApps = join(this.root, 'apps', '.virtual-homelab-apps.ts');
    const appsSource = (o: Overlay): string => {
      const files = appFiles(this.root)
        .map((f) => join(this.root, 'apps', f))
        .filter((p) => o.get(p) !== null);
      for (const [p, content] of o) if (content !== null && dirname(p).startsWith(join(this.root, 'apps')) && p.endsWith('.ts') && !files.includes(p)) files.push(p);
      return appsModuleSource(this.root, { lazy: true, files: files.map((p) => relative(join(this.root, 'apps'), p)).sort() });
    };
    const virtualSource = appsSource(overlay);
    this.cleanAppsSource ??= appsSource(new Map());
    const read = (path: string): string | undefined => {
      if (overlay.has(path)) return overlay.get(path) ?? undefined;
      if (path === virtualApps) return virtualSource;
      return this.readOriginal(path);
    };
    /** The file as it is without the overlay. */
    const original = (path: string): string | undefined => (path === virtualApps ? this.cleanAppsSource : this.readOriginal(path));
    const unchanged = new Map<string, boolean>();
    /** Whether a shared instance of `path` serves this load: it and everything it imports are as on disk. */
    const reusable = (path: string): boolean => {
      let ok = unchanged.get(path);
      if (ok === undefined) {
        const shared = this.clean.get(path);
        ok = !!shared && read(path) === shared.source && shared.deps.every(reusable);
        unchanged.set(path, ok);
      }
      return ok;
    };
    /** Local modules each module of this load imported, and the modules whose body has run to its end. */
    const deps = new Map<string, string[]>();
    const finished = new Set<string>();
    const resolveLocal = (from: string, spec: string): string => {
      const base = resolve(dirname(from), spec);
      const candidates = base.endsWith('.js') ? [`${base.slice(0, -3)}.ts`, base] : [base, `${base}.ts`, join(base, 'index.ts')];
      const found = candidates.find((c) => read(c) !== undefined);
      if (!found) throw new Error(`Cannot find module '${spec}' from ${relative(this.root, from)}`);
      return found;
    };
    const requireFrom =
      (from: string) =>
      (spec: string): unknown => {
        const local = spec === APPS_MODULE ? virtualApps : spec.startsWith('.') || spec.startsWith('/') ? resolveLocal(from, spec) : undefined;
        if (local === undefined) return this.nodeRequire(spec);
        if (this.bindings.has(local)) return this.bindings.get(local);
        deps.get(from)?.push(local);
        return load(local);
      };
    const load = (path: string): unknown => {
      const hit = modules.get(path);
      if (hit) return hit.exports;
      if (reusable(path)) {
        const shared = { exports: this.clean.get(path)!.exports };
        modules.set(path, shared);
        finished.add(path);
        return shared.exports;
      }
      const source = read(path);
      if (source === undefined) throw new Error(`Cannot find module ${relative(this.root, path)}`);
      if (path.endsWith('.json')) {
        const value = JSON.parse(source) as unknown;
        finished.add(path);
        if (source === original(path)) {
          this.clean.set(path, { source, exports: value, deps: [] });
          unchanged.set(path, true);
        }
        return value;
      }
      const module = { exports: {} as object };
      modules.set(path, module);
      deps.set(path, []);
      try {
        this.moduleFunction(path, source)(module.exports, requireFrom(path), module, path, dirname(path), pathToFileURL(path).href);
      } catch (e) {
        modules.delete(path);
        throw e;
      }
      finished.add(path);
      // Shared from now on when nothing of it is overlaid. An import still running (a cycle) counts as changed.
      const imported = deps.get(path)!;
      if (source === original(path) && imported.every((d) => finished.has(d) && this.clean.has(d) && reusable(d))) {
        this.clean.set(path, { source, exports: module.exports, deps: imported });
        unchanged.set(path, true);
      }
      return module.exports;
    };
    const entry = join(this.root, 'homelab.ts');
    try {
      const { buildHomelab } = load(entry) as { buildHomelab: BuildHomelab };
      const { main } = load(join(this.root, 'lib/cli/main.ts')) as { main: ProjectModules['main'] };
      return { buildHomelab, main };
    } catch (e) {
      throw new ModuleLoadError(`a module threw while loading: ${(e as Error).message}`, { cause: e });
    }
  }

  private readOriginal(path: string): string | undefined {
    if (!this.files.has(path)) this.files.set(path, existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined);
    return this.files.get(path);
  }

  /** The module function of a file: its original one without hashing it again, an overlaid one by content. */
  private moduleFunction(path: string, source: string): ModuleFunction {
    if (source !== this.files.get(path)) return this.compile(path, source);
    let fn = this.compiledOriginal.get(path);
    if (!fn) this.compiledOriginal.set(path, (fn = this.compile(path, source)));
    return fn;
  }

  /** A file's content and where it is. */
  private key(path: string, source: string): string {
    return createHash('sha256').update(path).update('\0').update(source).digest('hex').slice(0, 16);
  }

  /** The module function of one file's content (compiled once per content, with a source map beside it). */
  private compile(path: string, source: string): ModuleFunction {
    const hash = this.key(path, source);
    const cached = this.compiled.get(hash);
    if (cached) return cached;
    const out = this.transformed.get(hash) ?? transformSync(source, transformOptions(path));
    this.transformed.delete(hash);
    const file = join(this.scratch, `${relative(this.root, path).replace(/[\\/]/g, '__')}.${hash}.js`);
    writeFileSync(`${file}.map`, out.map);
    const script = new Script(`(function (exports, require, module, __filename, __dirname, __moduleUrl) {${out.code}\n})`, { filename: file });
    const fn = script.runInThisContext() as ModuleFunction;
    this.compiled.set(hash, fn);
    return fn;
  }
}
