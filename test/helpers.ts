import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHomelab } from '../homelab.js';
import { synthesize, writeDist, type HomelabDefinition, type SynthOutput } from '../lib/cli/synth.js';
import { findKubectl, kustomizeCacheDir, KustomizeBuilder } from '../lib/validation/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let definition: HomelabDefinition | undefined;
let shared: SynthOutput | undefined;
/**
 * The built-in homelab synthesized in memory, once per test worker and shared by every test file it runs
 * (vitest runs with `isolate: false`, see vitest.config.ts). Use this rather than calling
 * `synthesize(buildHomelab(…))` in a test: the synth is the most expensive thing a test can do.
 * The objects and stack configs are frozen, so a test that would mutate them (and leak the change into
 * other files) throws instead; copy (`structuredClone`) what you want to change.
 */
export function synthHomelab(): SynthOutput {
  if (!shared) {
    definition = buildHomelab({ root: repoRoot });
    const out = synthesize(definition);
    for (const c of out.clusters) deepFreeze(c.objects);
    for (const s of out.stacks) deepFreeze(s.config);
    shared = out;
  }
  return shared;
}

let dist: string | undefined;
/**
 * The shared synth written to a temporary `dist/` (once per worker; removed when it exits). Read it, never
 * change it: a test that needs a broken tree writes its own copy.
 */
export function homelabDist(): string {
  if (!dist) {
    const parent = mkdtempSync(join(tmpdir(), 'homelab-dist-'));
    process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
    writeDist(join(parent, 'dist'), synthHomelab());
    dist = join(parent, 'dist');
  }
  return dist;
}

let builder: KustomizeBuilder | undefined;
/**
 * The kustomize builder every test uses (`kustomize()?.build(dir)`): each folder content is built once per run,
 * across test files and workers, and not at all when it was built by an earlier run (results are cached by
 * folder content in .cache/kustomize; see lib/validation/kustomize-builder.ts). Undefined when kubectl is
 * not on PATH (skip the test); with CI=true that is an error instead.
 */
export function kustomize(): KustomizeBuilder | undefined {
  if (builder) return builder;
  const kubectl = findKubectl();
  if (!kubectl) {
    if (process.env.CI === 'true') throw new Error('kubectl is required in CI (CI=true) but is not on PATH: the kustomize builds must be checked there');
    return undefined;
  }
  builder = new KustomizeBuilder({ kubectl, cacheDir: kustomizeCacheDir(repoRoot) });
  return builder;
}

/** The construct trees behind `synthHomelab()` (already rendered: read them, do not add to them). */
export function homelabDefinition(): HomelabDefinition {
  synthHomelab();
  return definition!;
}

export function tempDir(prefix = 'homelab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** All files under `dir` as relative path → content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
