#!/usr/bin/env node
// Runs a homelab command (synth, validate, diff, …) from the TypeScript sources.
//
// The sources AND their dependencies are bundled by esbuild into one ESM file, .cache/homelab.mjs. Loading
// one pre-linked file is far cheaper than Node resolving hundreds of CommonJS modules and lexing each for
// its exports (≈1 s of a cold synth). The bundle is rebuilt only when an input changed: a stamp over the
// size and mtime of every TypeScript source, the lockfiles and this script. Type checking is
// `npm run typecheck`'s job, not the synth's.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { homelabAppsEsbuild } from './apps-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache');
const bundle = join(cacheDir, 'homelab.mjs');
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
    const p = join(root, f);
    if (!existsSync(p)) continue;
    const s = statSync(p);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
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

const current = stamp();
const fresh = existsSync(bundle) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === current;
if (!fresh) {
  mkdirSync(cacheDir, { recursive: true });
  // Unique temporary names, then renames: concurrent runs (tests) never read a half-written bundle.
  const result = await build({
    stdin: {
      contents: "export { buildHomelab } from './homelab.ts'; export { main } from './lib/cli/main.ts'; import './lib/cli/commands.ts';",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    // Paths in esbuild's messages relative to the repository root, wherever the command runs from.
    absWorkingDir: root,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Loaded lazily by `validate` and tests only.
    external: ['ajv', 'ajv-formats', '@bufbuild/cel', 'croner'],
    // Bundled CommonJS dependencies expect these.
    banner: {
      js: "import { createRequire as __homelabRequire } from 'node:module'; const require = __homelabRequire(import.meta.url);",
    },
    outfile: bundle,
    write: false,
    // Read only on the error path (lib/core/stack.ts), to name the user's file in an unexpected error.
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'silent',
    // apps/*.ts are discovered here (module `virtual:homelab-apps`): adding an app is adding its file.
    plugins: [homelabAppsEsbuild(root)],
  }).catch((err) => fail(`synth failed: the TypeScript sources do not compile:\n${bundleErrors(err)}`, err));
  // The map first, so a bundle is never newer than its map.
  for (const f of [...result.outputFiles].sort((a, b) => (a.path.endsWith('.map') ? -1 : b.path.endsWith('.map') ? 1 : 0))) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  writeFileSync(`${stampFile}.${process.pid}.tmp`, current);
  renameSync(`${stampFile}.${process.pid}.tmp`, stampFile);
}
const { buildHomelab, main } = await import(pathToFileURL(bundle).href).catch((err) =>
  fail(err?.name === 'SynthError' ? `synth failed: ${err.message}` : `synth failed: a module threw while loading: ${err?.message ?? err} (run again with --debug for the stack trace)`, err),
);
process.exitCode = await main(buildHomelab, process.argv.slice(2), root);
