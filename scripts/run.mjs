#!/usr/bin/env node
// Runs a homelab command (synth, validate, diff, …) from the TypeScript sources.
//
// Start-up is most of a synth's wall time, so this file does as little as it can:
// - The sources AND their dependencies are bundled by esbuild into one CommonJS file, .cache/homelab.cjs.
//   Loading one pre-linked file is far cheaper than Node resolving hundreds of CommonJS modules and lexing
//   each for its exports. The bundle is rebuilt only when an input changed: a stamp over the size and mtime of
//   every source (TypeScript, the lockfiles, this script); esbuild itself is loaded only then. Type checking is
//   `npm run typecheck`'s job, not the synth's.
// - The bundle runs through `vm.Script` with V8's code cache (.cache/homelab.cjs.v8): the bytecode of every
//   function the previous run compiled, written once after the first run of a new bundle, so later runs
//   neither parse the 5 MB bundle nor compile what the synth calls. V8 rejects a cache that does not match
//   the source or the Node version; the run then compiles as usual and writes a new one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache');
const bundle = join(cacheDir, 'homelab.cjs');
const codeCache = `${bundle}.v8`;
const stampFile = join(cacheDir, 'homelab.stamp');

function sourceFiles() {
  const files = ['homelab.ts', 'package-lock.json', 'node_modules/.package-lock.json', 'scripts/run.mjs', 'scripts/apps-plugin.mjs'];
  for (const dir of ['lib', 'site', 'model', 'clusters', 'apps', 'infra']) {
    if (!existsSync(join(root, dir))) continue;
    for (const f of readdirSync(join(root, dir), { recursive: true })) if (/\.(ts|json)$/.test(f)) files.push(join(dir, f));
  }
  return files.sort();
}

function stamp() {
  const h = createHash('sha256').update(`${process.version}\n`);
  for (const f of sourceFiles()) {
    const s = statSync(join(root, f), { throwIfNoEntry: false });
    if (s) h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** Writes `content` to `path` by a rename, so a concurrent run (tests) never reads a half-written file. */
function writeAtomically(path, content) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const current = stamp();
const fresh = existsSync(bundle) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === current;
if (!fresh) {
  mkdirSync(cacheDir, { recursive: true });
  const [{ build }, { homelabAppsEsbuild }] = await Promise.all([import('esbuild'), import('./apps-plugin.mjs')]);
  const result = await build({
    stdin: {
      contents: "export { buildHomelab } from './homelab.ts'; export { main } from './lib/cli/main.ts';",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Loaded lazily by `validate` and tests only.
    external: ['ajv'],
    // The sources are ES modules; in the bundle `import.meta.url` is the bundle's URL (passed in below).
    define: { 'import.meta.url': '__homelabBundleUrl' },
    write: false,
    outfile: bundle,
    logLevel: 'error',
    // apps/*.ts are discovered here (module `virtual:homelab-apps`): adding an app is adding its file.
    plugins: [homelabAppsEsbuild(root)],
  });
  writeAtomically(bundle, result.outputFiles[0].contents);
  rmSync(codeCache, { force: true });
  writeAtomically(stampFile, current);
}

const source = readFileSync(bundle, 'utf8');
const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
const script = new Script(`(function (exports, require, module, __filename, __dirname, __homelabBundleUrl) {${source}\n})`, { filename: bundle, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, cacheDir, pathToFileURL(bundle).href);
const { buildHomelab, main } = mod.exports;
process.exitCode = await main(buildHomelab, process.argv.slice(2), root);
// After the run, so the cache holds everything this command compiled, not just the bundle's top level.
if (!cachedData || script.cachedDataRejected) writeAtomically(codeCache, script.createCachedData());
