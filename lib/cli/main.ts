import { resolve } from 'node:path';
import { describeError } from './errors.js';
import type { BuildHomelab } from './command.js';
import { COMMANDS } from './commands.js';

export type { BuildHomelab, BuildHomelabOptions, Command, CommandContext } from './command.js';

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
  try {
    const command = Object.hasOwn(COMMANDS, args.command) ? COMMANDS[args.command] : undefined;
    if (!command) {
      console.error(`unknown command "${args.command}" (known: ${Object.keys(COMMANDS).join(', ')})`);
      return 2;
    }
    return await command.run({ build, root, argv: args.rest, out: args.out });
  } catch (err) {
    console.error(describeError(err, { debug: args.debug, command: args.command }));
    return 1;
  }
}
