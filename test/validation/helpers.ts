import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHomelab } from '../../homelab.js';
import { synthesize, type SynthOutput } from '../../lib/cli/synth.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: SynthOutput | undefined;
/** A fresh in-memory synth of the whole homelab (shared by the tests of this folder). */
export function freshSynth(): SynthOutput {
  cached ??= synthesize(buildHomelab({ root: ROOT }));
  return cached;
}
