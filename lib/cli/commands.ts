// The command table: every command the CLI (`node scripts/run.mjs <command>`) knows, in one place.
import { benchInProcess, benchScale } from './bench.js';
import { checkAppCommand } from './check-app.js';
import { checkTerraform } from './check-terraform.js';
import type { Command } from './command.js';
import { cdk8sCommand, cdktfCommand } from './compat.js';
import { benchDiff, diffCommand } from './diff.js';
import { docsCommand } from './docs.js';
import { synthCommand } from './synth.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: { summary: 'synthesize the homelab into dist/ (or --out <dir>)', run: synthCommand },
  validate: { summary: 'check every object of dist/ against its schema and build every Flux path with kustomize', run: validateCommand },
  'check-app': { summary: 'check one app (check-app <name>): its objects, schema, kustomize build and reachability', run: checkAppCommand },
  'check-terraform': { summary: 'check the Terraform JSON of every stack against its provider schemas', run: checkTerraform },
  docs: { summary: 'regenerate the props reference of docs/apps.md from the app schema', run: docsCommand },
  diff: { summary: 'semantic diff of a fresh synth against the committed dist/ (or a git ref)', run: diffCommand },
  cdk8s: { summary: 'for `npx cdk8s synth`: one multi-document file per cluster in cdk8s.out/', run: cdk8sCommand },
  cdktf: { summary: 'for `npx cdktf synth`: the stacks in cdktf.out/', run: cdktfCommand },
  // Used by scripts/bench.mjs only.
  'bench-inprocess': { summary: 'benchmark: in-process synth against its floor', run: benchInProcess },
  'bench-scale': { summary: 'benchmark: the homelab plus --apps N synthetic apps', run: benchScale },
  'bench-diff': { summary: 'benchmark: the diff of the homelab against its own dist/', run: benchDiff },
};
