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
// - Its source map (.cache/homelab.cjs.map) is read only on the error path (lib/core/stack.ts), to name the
//   user's file in an unexpected error. Every failure here is one clean message and exit 1 (the stack with --debug).
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
  // A walk by file type: `readdirSync(…, { recursive: true })` costs ~5× more on this hot path (every run).
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|json)$/.test(entry.name)) files.push(path); // .js: the generated CRD bindings
    }
  };
  for (const dir of ['lib', 'site', 'model', 'clusters', 'apps', 'infra']) if (existsSync(join(root, dir))) walk(dir);
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

const debug = process.argv.includes('--debug');
// Deep enough to reach the user's file from inside cdk8s/constructs when an unexpected error is reported.
Error.stackTraceLimit = 30;

/** The one way this script fails: a clean message and exit 1; the stack only with --debug. */
function fail(message, err) {
  console.error(message);
  if (debug && err?.stack) console.error(`\n${err.stack}`);
  process.exit(1);
}

/** esbuild's errors (syntax error, unresolvable import) as `file:line:col: text`, paths relative to the root. */
function bundleErrors(err) {
  const lines = (err.errors ?? []).map((e) => {
    const l = e.location;
    return `  - ${l ? `${l.file}:${l.line}:${l.column + 1}: ` : ''}${e.text}${l?.lineText ? `\n      ${l.lineText.trim()}` : ''}`;
  });
  return lines.length ? lines.join('\n') : `  - ${err.message}`;
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
    // Paths in esbuild's messages relative to the repository root, wherever the command runs from.
    absWorkingDir: root,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Loaded lazily by `validate` and tests only. (@bufbuild/cel is bundled: the inventory parses disk selectors
    // on every synth, and its ES build tree-shakes to the parser; required from node_modules, the whole library
    // cost ~0.2 s of start-up.)
    external: ['ajv', 'ajv-formats', 'croner'],
    // The sources are ES modules; in the bundle `import.meta.url` is the bundle's URL (passed in below).
    define: { 'import.meta.url': '__homelabBundleUrl' },
    write: false,
    outfile: bundle,
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'silent',
    // apps/*.ts are discovered here (module `virtual:homelab-apps`): adding an app is adding its file.
    plugins: [homelabAppsEsbuild(root)],
  }).catch((err) => fail(`synth failed: the TypeScript sources do not compile:\n${bundleErrors(err)}`, err));
  // The map first, so a bundle is never newer than its map.
  const outputs = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const f of outputs) writeAtomically(f.path, f.contents);
  rmSync(codeCache, { force: true });
  writeAtomically(stampFile, current);
}

const source = readFileSync(bundle, 'utf8');
const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
const script = new Script(`(function (exports, require, module, __filename, __dirname, __homelabBundleUrl) {${source}\n})`, { filename: bundle, cachedData });
const mod = { exports: {} };
try {
  script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, cacheDir, pathToFileURL(bundle).href);
} catch (err) {
  fail(err?.name === 'SynthError' ? `synth failed: ${err.message}` : `synth failed: a module threw while loading: ${err?.message ?? err} (run again with --debug for the stack trace)`, err);
}
const { buildHomelab, main } = mod.exports;
process.exitCode = await main(buildHomelab, process.argv.slice(2), root);
// After the run, so the cache holds everything this command compiled, not just the bundle's top level.
if (!cachedData || script.cachedDataRejected) writeAtomically(codeCache, script.createCachedData());
