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

const current = stamp();
const fresh = existsSync(bundle) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === current;
if (!fresh) {
  mkdirSync(cacheDir, { recursive: true });
  // Unique temporary names, then renames: concurrent runs (tests) never read a half-written bundle.
  const tmp = `${bundle}.${process.pid}.tmp`;
  await build({
    stdin: {
      contents: "export { buildHomelab } from './homelab.ts'; export { main } from './lib/cli/main.ts'; import './lib/cli/commands.ts';",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Loaded lazily by `validate` and tests only.
    external: ['ajv'],
    // Bundled CommonJS dependencies expect these.
    banner: {
      js: "import { createRequire as __homelabRequire } from 'node:module'; const require = __homelabRequire(import.meta.url);",
    },
    outfile: tmp,
    logLevel: 'error',
    // apps/*.ts are discovered here (module `virtual:homelab-apps`): adding an app is adding its file.
    plugins: [homelabAppsEsbuild(root)],
  });
  renameSync(tmp, bundle);
  writeFileSync(`${stampFile}.${process.pid}.tmp`, current);
  renameSync(`${stampFile}.${process.pid}.tmp`, stampFile);
}
const { buildHomelab, main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(buildHomelab, process.argv.slice(2), root);
