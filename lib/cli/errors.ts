import { SynthError, SynthErrors, messageOf, namesFile } from '../core/errors.js';
import { sourceFrames, projectLocation, userLocation } from '../core/stack.js';

/** A Node system error (ENOENT, EACCES, ENOSPC, EROFS, …). */
interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
}

function isSystemError(err: unknown): err is SystemError {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** One line for an error that is not a SynthError, naming the user's file where the stack points at one. */
function describeUnlocated(err: unknown): string {
  const stack = err instanceof Error ? err.stack : undefined;
  const at = userLocation(stack);
  const where = at ? `${at}: ` : '';
  const message = messageOf(err);
  if (isSystemError(err)) return `${err.path ? `${err.path}: ` : where}${err.syscall ?? 'I/O'} failed: ${err.code}${err.message.includes(err.code) ? '' : ` (${err.message})`}`;
  if (err instanceof Error && 'issues' in err) return `${where}invalid input: ${message}`;
  if (message !== (err as Error)?.message) return `${where}${message}`;
  return `${where}${message} (an unexpected error: run again with --debug for the stack trace)`;
}

/** The mapped stack of an error and of each of its causes, for `--debug`. */
function debugDetails(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof SynthErrors) {
      for (const inner of e.errors) lines.push(debugDetails(inner));
      continue;
    }
    lines.push(`${depth ? 'caused by ' : ''}${e.name}: ${e.message}`);
    for (const f of sourceFrames(e.stack)) lines.push(`    at ${projectLocation(f) ?? `${f.file}:${f.line}`}`);
  }
  return lines.join('\n');
}

/**
 * A SynthError as printed. One that names only a construct path also names the user's file its stack
 * points at (where the construct was declared, for errors thrown while declaring).
 */
function describeSynthError(err: SynthError): string {
  if (namesFile(err.where)) return err.message;
  const at = userLocation(err.stack, undefined, { compositionOnly: true });
  return at ? `${err.message} (at ${at})` : err.message;
}

/**
 * Formats any error of the pipeline for a human: where (file, construct, field) and what, never a stack
 * trace unless `debug` asks for one.
 */
export function describeError(err: unknown, opts: { debug?: boolean; command?: string } = {}): string {
  const failed = `${opts.command ?? 'synth'} failed`;
  let text: string;
  if (err instanceof SynthErrors) text = `${failed} with ${err.errors.length} errors:\n${err.errors.map((e) => `  - ${e instanceof SynthError ? describeSynthError(e) : describeUnlocated(e)}`).join('\n')}`;
  else if (err instanceof SynthError) text = `${failed}: ${describeSynthError(err)}`;
  else text = `${failed}: ${describeUnlocated(err)}`;
  return opts.debug ? `${text}\n\n${debugDetails(err)}` : text;
}
