import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { homelabAppsVite } from './scripts/apps-plugin.mjs';

export default defineConfig({
  plugins: [homelabAppsVite(dirname(fileURLToPath(import.meta.url)))],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash.
    maxWorkers: 2,
  },
});
