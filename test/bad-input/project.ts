// The project's own modules loaded afresh for each bad-input case, in this process, with some source files
// replaced (an "overlay"). A case then costs the synth up to its error (milliseconds), not a Node start, a
// bundle and the module graph of every dependency (seconds).
//
// Each TypeScript file is compiled by esbuild to CommonJS once per distinct content and kept as a compiled
// function, so a case re-runs module bodies but compiles only the files it changed. Dependencies in
// node_modules are required once and shared (they hold no homelab state). The compiled files get external
// source maps beside them, which lib/core/stack.ts reads exactly as it reads the CLI bundle's: errors name
// `apps/demo.ts:12` through the same code path as `npm run synth`.
import { transformSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

export class ProjectLoader {
  private readonly compiled = new Map<string, ModuleFunction>();
  /** The module function of each repository file as it is on disk (the overlay never lands here). */
  private readonly compiledOriginal = new Map<string, ModuleFunction>();
  private readonly json = new Map<string, unknown>();
  /**
   * Repository files as read (`undefined`: no such file). Nothing in a test run writes into the checkout, so
   * each file is read once per run, not once per case (reading and hashing every module of the project for
   * each of ~90 cases cost more than the synth to the error).
   */
  private readonly files = new Map<string, string | undefined>();
  private readonly nodeRequire: NodeRequire;

  /** `root`: the repository (read only); `scratch`: where compiled modules and their maps are written. */
  constructor(
    readonly root: string,
    private readonly scratch: string,
  ) {
    this.nodeRequire = createRequire(join(root, 'package.json'));
    mkdirSync(scratch, { recursive: true });
  }

  /** Fresh instances of the project's modules with `overlay` applied; the entry points of the CLI bundle. */
  load(overlay: Overlay = new Map()): ProjectModules {
    const modules = new Map<string, { exports: unknown }>();
    const virtualApps = join(this.root, 'apps', '.virtual-homelab-apps.ts');
    const read = (path: string): string | undefined => {
      if (overlay.has(path)) return overlay.get(path) ?? undefined;
      if (path === virtualApps) {
        const files = appFiles(this.root)
          .map((f) => join(this.root, 'apps', f))
          .filter((p) => overlay.get(p) !== null);
        for (const [p, content] of overlay) if (content !== null && dirname(p).startsWith(join(this.root, 'apps')) && p.endsWith('.ts') && !files.includes(p)) files.push(p);
        return appsModuleSource(this.root, { lazy: true, files: files.map((p) => relative(join(this.root, 'apps'), p)).sort() });
      }
      return this.readOriginal(path);
    };
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
        if (spec === APPS_MODULE) return load(virtualApps);
        if (spec.startsWith('.') || spec.startsWith('/')) return load(resolveLocal(from, spec));
        return this.nodeRequire(spec);
      };
    const load = (path: string): unknown => {
      const hit = modules.get(path);
      if (hit) return hit.exports;
      const source = read(path);
      if (source === undefined) throw new Error(`Cannot find module ${relative(this.root, path)}`);
      if (path.endsWith('.json')) {
        if (overlay.has(path)) return JSON.parse(source) as unknown;
        if (!this.json.has(path)) this.json.set(path, JSON.parse(source));
        return this.json.get(path);
      }
      const module = { exports: {} as object };
      modules.set(path, module);
      try {
        this.moduleFunction(path, source)(module.exports, requireFrom(path), module, path, dirname(path), pathToFileURL(path).href);
      } catch (e) {
        modules.delete(path);
        throw e;
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

  /** The module function of one file's content (compiled once per content, with a source map beside it). */
  private compile(path: string, source: string): ModuleFunction {
    const hash = createHash('sha256').update(path).update('\0').update(source).digest('hex').slice(0, 16);
    const cached = this.compiled.get(hash);
    if (cached) return cached;
    const out = transformSync(source, {
      loader: path.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcefile: path,
      sourcemap: 'external',
      // As in the CLI bundle (scripts/run.mjs): import.meta.url is the module's own URL.
      define: { 'import.meta.url': '__moduleUrl' },
      logLevel: 'silent',
    });
    const file = join(this.scratch, `${relative(this.root, path).replace(/[\\/]/g, '__')}.${hash}.js`);
    writeFileSync(`${file}.map`, out.map);
    const script = new Script(`(function (exports, require, module, __filename, __dirname, __moduleUrl) {${out.code}\n})`, { filename: file });
    const fn = script.runInThisContext() as ModuleFunction;
    this.compiled.set(hash, fn);
    return fn;
  }
}
