import { resolve } from 'node:path';
import { describeError } from './errors.js';
import { synthesize, summary, writeDist, type HomelabDefinition } from './synth.js';
import type { AppDefinition } from '../app/define.js';

export interface BuildHomelabOptions {
  readonly root: string;
  /** Apps declared in addition to the files under apps/ (benchmarks, tests). */
  readonly extraApps?: ReadonlyArray<{ readonly source: string; readonly definition: AppDefinition }>;
}

export type BuildHomelab = (opts: BuildHomelabOptions) => HomelabDefinition;

function parseArgs(argv: readonly string[]): { command: string; out?: string; root?: string; debug: boolean; rest: string[] } {
  const [command = 'synth', ...rest] = argv;
  const opt = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i === -1 ? undefined : rest[i + 1];
  };
  return { command, out: opt('--out'), root: opt('--root'), debug: rest.includes('--debug'), rest };
}

export async function main(build: BuildHomelab, argv = process.argv.slice(2), defaultRoot = process.cwd()): Promise<number> {
  const args = parseArgs(argv);
  const root = resolve(args.root ?? defaultRoot);
  const started = performance.now();
  try {
    switch (args.command) {
      case 'synth': {
        const out = resolve(root, args.out ?? 'dist');
        const result = synthesize(build({ root }));
        writeDist(out, result);
        console.log(summary(result, out, performance.now() - started));
        return 0;
      }
      default: {
        const handler = extraCommands.get(args.command);
        if (!handler) {
          console.error(`unknown command "${args.command}" (known: synth, ${[...extraCommands.keys()].join(', ')})`);
          return 2;
        }
        return await handler({ build, root, argv: args.rest });
      }
    }
  } catch (err) {
    console.error(describeError(err, { debug: args.debug }));
    return 1;
  }
}

export interface CommandContext {
  readonly build: BuildHomelab;
  readonly root: string;
  readonly argv: readonly string[];
}

/** Further commands (validate, diff) register here so main stays small. */
export const extraCommands = new Map<string, (ctx: CommandContext) => Promise<number>>();
