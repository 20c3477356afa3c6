import type { AppDefinition } from '../app/define.js';
import type { HomelabDefinition } from './synth.js';

export interface BuildHomelabOptions {
  readonly root: string;
  /** Apps declared in addition to the files under apps/ (benchmarks, tests). */
  readonly extraApps?: ReadonlyArray<{ readonly source: string; readonly definition: AppDefinition }>;
}

/** What the CLI runs: builds the homelab definition (homelab.ts passes its `buildHomelab`). */
export type BuildHomelab = (opts: BuildHomelabOptions) => HomelabDefinition;

export interface CommandContext {
  readonly build: BuildHomelab;
  readonly root: string;
  /** The arguments after the command name. */
  readonly argv: readonly string[];
  /** `--out <dir>`, when given. */
  readonly out?: string;
}

/** One entry of the command table (lib/cli/commands.ts). */
export interface Command {
  /** One line for the usage message. */
  readonly summary: string;
  run(ctx: CommandContext): Promise<number>;
}
