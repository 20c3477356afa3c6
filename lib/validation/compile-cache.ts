import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';

// Compiling a large JSON schema with ajv costs far more than validating with it (the app-template chart's values
// schema: ~0.5 s, every synth; the strict schemas of the ~60 kinds a synth emits: ~3 s, every validation). ajv can
// print a compiled validator as a standalone module; this keeps those modules in .cache/ajv/, keyed by everything
// the generated code depends on (the schema texts, the options, the shape of the formats, the ajv version), so a
// schema is compiled once per machine and every later run loads the module (milliseconds) without ajv's compiler.
// A different schema, option, format or ajv version is a different key: the cache cannot hide a change.

/** Entries kept (each tens to hundreds of kB; the strict kinds alone are ~180); beyond it the oldest go. */
const MAX_ENTRIES = 400;
/** Bump when what an entry holds, or how its key is made, changes. */
const FORMAT = 'ajv-standalone/3';

const load = createRequire(import.meta.url);

function repositoryRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error('compile cache: no package.json above this module');
  }
}

let cacheDir: string | undefined;
/**
 * `<repository>/.cache/ajv` (the bundle and the sources both sit below the repository root), or
 * `$HOMELAB_AJV_CACHE` (the benchmark points it at an empty folder to measure a fresh clone).
 */
function defaultCacheDir(): string {
  cacheDir ??= process.env.HOMELAB_AJV_CACHE || join(repositoryRoot(), '.cache', 'ajv');
  return cacheDir;
}

let ajvVersion: string | undefined;

/** A compiled validator and the ajv instance that compiled it (its standalone code is printed from both). */
export interface Compiled {
  readonly ajv: unknown;
  readonly validate: ValidateFunction;
}

/**
 * The validator `compile()` returns, through the cache: `key` must name everything the generated code depends on
 * besides the ajv version. With `formats`, the code was generated with `code.formats` set to
 * {@link FORMATS_BINDING} and gets the formats at load time (their implementations are not in the code; their
 * names and kinds — true, function, RegExp source, typed object — must be in `key`).
 */
export function cachedValidator(key: readonly string[], compile: () => Compiled, formats?: object, dir: string = defaultCacheDir()): ValidateFunction {
  ajvVersion ??= (load('ajv/package.json') as { version: string }).version;
  const hash = createHash('sha256').update(`${FORMAT}\0${ajvVersion}\0${formats ? 'formats' : ''}`);
  for (const part of key) hash.update('\0').update(part);
  const file = join(dir, `${hash.digest('hex')}.cjs`);
  if (existsSync(file)) {
    try {
      return (load(file) as (require: NodeRequire, formats?: object) => ValidateFunction)(load, formats);
    } catch {
      unlinkQuiet(file); // unreadable (an interrupted write long ago): compile again
    }
  }
  const { ajv, validate } = compile();
  const standalone = load('ajv/dist/standalone') as { default: (ajv: unknown, fn: ValidateFunction) => string };
  try {
    mkdirSync(dir, { recursive: true });
    // A function of the require that resolves ajv's runtime helpers (from this module: the cache may live
    // anywhere) and of the formats.
    const code = standalone.default(ajv, validate);
    const text = `module.exports = function (require, ${FORMATS_BINDING}) {\n'use strict';\nconst module = { exports: {} };\nconst exports = module.exports;\n${code}\nreturn module.exports;\n};\n`;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // A read-only checkout still validates; it compiles every time.
  }
  return validate;
}

/** The name the generated code reads formats from (ajv option `code.formats`). */
export const FORMATS_BINDING = '__homelabFormats';

/** What of each format the generated code embeds: its name and kind (the implementation is looked up at run time). */
export function formatsShape(formats: Readonly<Record<string, unknown>>): string {
  const kind = (f: unknown): string => {
    if (f === true) return 'true';
    if (typeof f === 'function') return 'function';
    if (f instanceof RegExp) return `regexp ${f.source} ${f.flags}`;
    const o = f as { type?: unknown; async?: unknown; validate?: unknown };
    return `object ${String(o.type)} ${String(o.async)} ${o.validate instanceof RegExp ? `regexp ${o.validate.source}` : typeof o.validate}`;
  };
  return JSON.stringify(Object.entries(formats).map(([name, f]) => [name, kind(f)]).sort());
}

/**
 * `new Ajv(options).compile(schema)`, through the cache of standalone validators. `schemaText` is the schema's
 * JSON as read (its key); `options` must be plain JSON (no functions: formats or keywords with code cannot be
 * printed into a standalone module).
 */
export function compileCached(schemaText: string, options: Options, dir: string = defaultCacheDir()): ValidateFunction {
  return cachedValidator(
    [JSON.stringify(options), schemaText],
    () => {
      const mod = load('ajv') as { default?: AjvClass } & AjvClass;
      const Ajv = mod.default ?? mod;
      const ajv = new Ajv({ ...options, code: { optimize: false, ...(options.code ?? {}), source: true } });
      return { ajv, validate: ajv.compile(JSON.parse(schemaText) as object) };
    },
    undefined,
    dir,
  );
}

type AjvClass = new (options: Options) => { compile(schema: object): ValidateFunction };

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES)) unlinkQuiet(join(dir, f));
}
