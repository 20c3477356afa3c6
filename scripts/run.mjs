#!/usr/bin/env node
// Runs a homelab command (synth, validate, diff) from the TypeScript sources.
// The sources are bundled with esbuild (dependencies stay external) into .cache/homelab.mjs — about
// 0.1 s, far cheaper than type-stripping each module at run time — then imported in this process.
// Type checking is `npm run typecheck`'s job, not the synth's.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { homelabAppsEsbuild } from './apps-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One bundle per process: concurrent runs (tests) never read each other's half-written file.
const outfile = join(root, '.cache', `homelab-${process.pid}.mjs`);
mkdirSync(dirname(outfile), { recursive: true });
await build({
  stdin: {
    contents: "import { buildHomelab } from './homelab.ts'; import { main } from './lib/cli/main.ts'; import './lib/cli/commands.ts'; export { buildHomelab, main };",
    resolveDir: root,
    loader: 'ts',
    sourcefile: 'entry.ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outfile,
  logLevel: 'error',
  plugins: [homelabAppsEsbuild(root)],
});
let loaded;
try {
  loaded = await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outfile, { force: true });
}
const { buildHomelab, main } = loaded;
process.exitCode = await main(buildHomelab, process.argv.slice(2), root);
