import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHomelab } from '../homelab.js';
import { synthesize, type SynthOutput } from '../lib/cli/synth.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

let cached: SynthOutput | undefined;
/** A fresh in-memory synth of the built-in homelab (built once per test file). */
export function synthHomelab(): SynthOutput {
  cached ??= synthesize(buildHomelab({ root: repoRoot }));
  return cached;
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

/** Whether kubectl is usable. In CI its absence is a failure, never a silent skip. */
export function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('kubectl is required in CI (CI=true) but is not on PATH');
    return false;
  }
}
