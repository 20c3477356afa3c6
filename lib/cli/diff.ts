// `npm run diff`: the semantic diff of the synthesized output against the committed dist/, a git ref's
// dist/, or between two given output directories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SynthError, SynthErrors } from '../core/errors.js';
import { diffFileSets, diffOutputTrees, diffTrees, formatMarkdown, formatTerminal, hasChanges, loadTree, readFiles, readGitTree, type DiffOptions, type DiffReport } from '../diff/index.js';
import type { CommandContext } from './command.js';
import { synthesize, writeDist, type HomelabDefinition } from './synth.js';
import { recoverInterruptedWrite } from '../core/writer.js';

export const DIFF_USAGE = `usage: npm run diff -- [--base <git-ref> | <base-dir> <head-dir>] [--format terminal|markdown|json] [--exit-code] [--color|--no-color]
  (no arguments)        synthesize and compare with the dist/ in the working copy
  --base <ref>          synthesize and compare with the dist/ of a git ref (e.g. origin/main)
  <base-dir> <head-dir> compare two output trees, no synth
  --format              terminal (default), markdown (pull-request comment) or json (the DiffReport)
  --exit-code           exit 1 when anything differs (for CI)
exit codes: 0 no differences (or differences without --exit-code), 1 differences (with --exit-code), 2 error`;

/** Exit codes of \`npm run diff\` (like \`git diff --exit-code\` and \`terraform plan -detailed-exitcode\`). */
export const DIFF_EXIT = { same: 0, differences: 1, error: 2 } as const;

export interface DiffArgs {
  readonly base?: string;
  readonly dirs: readonly string[];
  readonly format: 'terminal' | 'markdown' | 'json';
  readonly exitCode: boolean;
  readonly color?: boolean;
}

/** Parses the diff command's arguments; a wrong one is a SynthError naming the flag. */
export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  let base: string | undefined;
  let format: DiffArgs['format'] = 'terminal';
  let exitCode = false;
  let color: boolean | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new SynthError('npm run diff', `${a} needs a value\n${DIFF_USAGE}`, a);
      return v;
    };
    if (a === '--base') base = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'terminal' && f !== 'markdown' && f !== 'json') throw new SynthError('npm run diff', `unknown format "${f}" (terminal, markdown or json)`, '--format');
      format = f;
    } else if (a === '--exit-code') exitCode = true;
    else if (a === '--color') color = true;
    else if (a === '--no-color') color = false;
    else if (a === '--root' || a === '--out') i++; // handled by the CLI entry
    else if (a.startsWith('--')) throw new SynthError('npm run diff', `unknown option ${a}\n${DIFF_USAGE}`, a);
    else dirs.push(a);
  }
  if (dirs.length !== 0 && dirs.length !== 2) throw new SynthError('npm run diff', `give two directories (base and head) or none\n${DIFF_USAGE}`, dirs[0]);
  if (dirs.length === 2 && base) throw new SynthError('npm run diff', '--base compares against a fresh synth; it does not combine with two directories', '--base');
  return { base, dirs, format, exitCode, color };
}

/** The promotion roles of the homelab's clusters (docs/promotion.md), from its definition (the cluster model). */
function rolesOf(definition: HomelabDefinition): DiffOptions {
  return definition.promotion ? { liveCluster: definition.promotion.production, validatingCluster: definition.promotion.validating } : {};
}

/** Computes the diff the arguments ask for (synthesizing in memory unless two directories are given). */
export function runDiff(ctx: CommandContext, args: DiffArgs): { report: DiffReport; baseLabel: string; options: DiffOptions } {
  if (args.dirs.length === 2) {
    const [a, b] = args.dirs.map((d) => resolve(ctx.root, d)) as [string, string];
    // Two trees, no build: the clusters' promotion roles are unknown, so sections are ordered by name.
    const options: DiffOptions = {};
    return { report: diffFileSets(readFiles(a), readFiles(b), { base: args.dirs[0], head: args.dirs[1] }, options), baseLabel: args.dirs[0]!, options };
  }
  const baseLabel = args.base ? `${args.base}:dist` : 'dist';
  if (!args.base) recoverInterruptedWrite(resolve(ctx.root, 'dist'));
  const baseFiles = args.base ? readGitTree(ctx.root, args.base) : readFiles(resolve(ctx.root, 'dist'));
  // The synth output is exactly what `writeDist` would write; comparing it in memory spares the temp tree.
  const definition = ctx.build({ root: ctx.root });
  const options = rolesOf(definition);
  const head = synthesize(definition);
  return { report: diffFileSets(baseFiles, head.files, { base: baseLabel, head: 'synth' }, options), baseLabel, options };
}

export async function diffCommand(ctx: CommandContext): Promise<number> {
  // Errors exit 2, so CI can tell "differences" (1 with --exit-code) from "could not diff".
  try {
    const args = parseDiffArgs(ctx.argv);
    const { report, baseLabel } = runDiff(ctx, args);
    const color = args.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    const text =
      args.format === 'markdown'
        ? formatMarkdown(report, { baseLabel })
        : args.format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : formatTerminal(report, { color });
    process.stdout.write(text);
    return args.exitCode && hasChanges(report) ? DIFF_EXIT.differences : DIFF_EXIT.same;
  } catch (err) {
    const known = err instanceof SynthError || err instanceof SynthErrors;
    console.error(`diff failed: ${known || !(err instanceof Error) ? String((err as Error).message ?? err) : (err.stack ?? err.message)}`);
    return DIFF_EXIT.error;
  }
}

// Timed by `npm run bench` (one JSON row per line, like its bench-extra rows): the whole homelab diffed
// against its own committed dist/ from disk (what `npm run diff` does after the synth), and the worst case
// where every object is parsed and compared.
export async function benchDiff(ctx: CommandContext): Promise<number> {
  const out = synthesize(ctx.build({ root: ctx.root }));
  const tmp = mkdtempSync(join(tmpdir(), 'homelab-bench-diff-'));
  try {
    writeDist(join(tmp, 'dist'), out);
    let started = performance.now();
    diffTrees(resolve(ctx.root, 'dist'), join(tmp, 'dist'));
    const ms = performance.now() - started;
    started = performance.now();
    const full = diffOutputTrees(loadTree(out.files), loadTree(out.files));
    const fullMs = performance.now() - started;
    console.log(JSON.stringify(['diffTrees(dist, fresh synth) of the homelab', `${ms.toFixed(0)} ms`, '≤ 2000 ms']));
    console.log(JSON.stringify([`diff, every file parsed (${out.files.size} files)`, `${fullMs.toFixed(0)} ms`, '≤ 2000 ms']));
    return hasChanges(full) ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
