import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { homelabAppsVite } from './scripts/apps-plugin.mjs';

export default defineConfig({
  plugins: [homelabAppsVite(dirname(fileURLToPath(import.meta.url)))],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash.
    maxWorkers: 2,
    // A worker runs its test files one after another in one module graph: the construct library, the CRD
    // bindings and the homelab synth (test/helpers.ts `synthHomelab`) are loaded and built once per worker,
    // not once per file (≈1 s of import and ≈1 s of synth per file otherwise). The price: a test must not
    // change module state it imported (the shared synth is frozen) and must restore what it spies on.
    isolate: false,
    // The synths the tests run allocate many short-lived objects: a larger young generation halves the
    // scavenges (≈20 % less CPU in the bad-input corpus).
    execArgv: ['--max-semi-space-size=64'],
    // The generated CRD bindings (~4 MB of JavaScript, scripts/import.mjs) are loaded by Node itself, as
    // node_modules are: no transform, no source map, one instance per worker shared with the bad-input loader.
    server: { deps: { external: [/\/lib\/generated\/crds\/[^/]+\.js$/] } },
  },
});
