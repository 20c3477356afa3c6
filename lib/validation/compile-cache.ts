import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';

// Compiling a large JSON schema with ajv costs far more than validating with it (the app-template chart's values
// schema: ~0.5 s, every synth). ajv can print a compiled validator as a standalone module; this keeps those
// modules in .cache/ajv/, keyed by the schema's text, the options and the ajv version, so a schema is compiled
// once per machine and every later run loads the module (milliseconds) without loading ajv's compiler at all.
// A different schema, option or ajv version is a different key: the cache cannot hide a change.

/** Entries kept (each a few hundred kB); beyond it the oldest go. */
const MAX_ENTRIES = 64;

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

/**
 * `new Ajv(options).compile(schema)`, through the cache of standalone validators. `schemaText` is the schema's
 * JSON as read (its key); `options` must be plain JSON (no functions: formats or keywords with code cannot be
 * printed into a standalone module).
 */
export function compileCached(schemaText: string, options: Options, dir: string = defaultCacheDir()): ValidateFunction {
  ajvVersion ??= (load('ajv/package.json') as { version: string }).version;
  const key = createHash('sha256').update(`${ajvVersion}\0${JSON.stringify(options)}\0`).update(schemaText).digest('hex');
  const file = join(dir, `${key}.cjs`);
  if (existsSync(file)) {
    try {
      return load(file) as ValidateFunction;
    } catch {
      unlinkQuiet(file); // unreadable (an interrupted write long ago): compile again
    }
  }
  const mod = load('ajv') as { default?: AjvClass } & AjvClass;
  const Ajv = mod.default ?? mod;
  const ajv = new Ajv({ ...options, code: { ...(options.code ?? {}), source: true } });
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  const standalone = load('ajv/dist/standalone') as { default: (ajv: unknown, fn: ValidateFunction) => string };
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, standalone.default(ajv, validate));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // A read-only checkout still validates; it compiles every time.
  }
  return validate;
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
