import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthHomelab } from '../helpers.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared in-memory synth of the whole homelab (see `synthHomelab` in test/helpers.ts). */
export const freshSynth = synthHomelab;
