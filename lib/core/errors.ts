/**
 * A synth-time error that names where it happened (a file and line, or a construct path) and, where it
 * applies, the offending field. Every user-facing failure of the pipeline is one of these, so the CLI can
 * print them uniformly and exit non-zero before anything is written.
 */
export class SynthError extends Error {
  constructor(
    /** File (with line, e.g. `versions.env:12`) or construct path where the problem is. */
    readonly where: string,
    /** What is wrong (the message without where and field). */
    readonly reason: string,
    /** The field at fault, when there is one (e.g. `spec.dependsOn[0]`). */
    readonly field?: string,
    /** The underlying error (printed with `--debug`). */
    options?: { cause?: unknown },
  ) {
    super(`${where}${field ? ` (${field})` : ''}: ${reason}`, options);
    this.name = 'SynthError';
  }
}

/** Several errors found in one pass, reported together (like aws-cdk's validation). */
export class SynthErrors extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => `  - ${e.message}`).join('\n'));
    this.name = 'SynthErrors';
  }
}

/** Throws one error, or all of them together, or nothing. */
export function throwIfAny(errors: readonly Error[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new SynthErrors(errors);
}

/** Whether an error already says where it happened (so an outer context must not re-attribute it). */
export function isLocated(err: unknown): err is SynthError | SynthErrors {
  return err instanceof SynthError || err instanceof SynthErrors;
}

const CONSTRUCT_COLLISION = /^There is already a Construct with name '([^']*)' in \S+(?: \[([^\]]*)\])?/;

/** The message of anything thrown (`throw 'text'` included); a construct-id collision in words a user can act on. */
export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : `non-Error value thrown: ${String(err)}`;
  const collision = CONSTRUCT_COLLISION.exec(message);
  if (collision) {
    return `"${collision[1]}" is declared twice under ${collision[2] || 'the root'} (two constructs with one id: a duplicate name, or a name that collides with a platform one)`;
  }
  return message;
}

/** A schema issue (zod's shape) as the user needs it: where in the input, and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

interface SchemaIssue {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly errors?: ReadonlyArray<readonly SchemaIssue[]>;
}

/**
 * Schema issues with every failed union replaced by the issues of the branch that came closest (fewest
 * issues), so a typo in one field of a volume says which field and what is allowed instead of zod's
 * "Invalid input" for the whole union.
 */
export function inputIssues(issues: readonly SchemaIssue[], base: readonly PropertyKey[] = []): InputIssue[] {
  return issues.flatMap((i) => {
    const path = [...base, ...i.path];
    if (i.code === 'invalid_union' && i.errors?.length) {
      const closest = [...i.errors].sort((a, b) => a.length - b.length)[0]!;
      if (closest.length) return inputIssues(closest, path);
    }
    return [{ path: path.map(String).join('.'), message: i.message }];
  });
}

/** Whether a SynthError's `where` names a file (`apps/x.ts`, `versions.env:3`) rather than a construct path. */
export function namesFile(where: string): boolean {
  return /^[\w.@/-]+\.(ts|mjs|js|env|json|ya?ml)\b/.test(where);
}

/**
 * The files whose declarations are being evaluated right now, innermost last (a dynamic scope kept by
 * {@link within}). A helper in lib/ that fails on behalf of an app (a bad port, an IP used as FQDN) names
 * the app's file even when the app file is not on the stack (its props were data, consumed later).
 */
const declaring: string[] = [];

/** The innermost file being declared, if any. */
export function currentDeclaration(): string | undefined {
  return declaring[declaring.length - 1];
}

/**
 * Runs `fn`; an error that does not say where it happened (a TypeError in an app file, a construct-id
 * collision, a throwing helper) becomes a SynthError at `where`, so the user learns which file to fix.
 */
export function within<T>(where: string, fn: () => T, describe: (message: string) => string = (m) => m, field?: string): T {
  declaring.push(where);
  try {
    return fn();
  } catch (err) {
    // A construct path alone does not tell the user which file to open: add it.
    if (err instanceof SynthError && !namesFile(err.where)) throw new SynthError(where, describe(`${err.where}: ${err.reason}`), err.field, { cause: err });
    if (isLocated(err)) throw err;
    throw new SynthError(where, describe(messageOf(err)), field, { cause: err });
  } finally {
    declaring.pop();
  }
}
