/**
 * A synth-time error that names where it happened (a file and line, or a construct path) and, where it
 * applies, the offending field. Every user-facing failure of the pipeline is one of these, so the CLI can
 * print them uniformly and exit non-zero before anything is written.
 */
export class SynthError extends Error {
  constructor(
    /** File (with line, e.g. `versions.env:12`) or construct path where the problem is. */
    readonly where: string,
    message: string,
    /** The field at fault, when there is one (e.g. `spec.dependsOn[0]`). */
    readonly field?: string,
  ) {
    super(`${where}${field ? ` (${field})` : ''}: ${message}`);
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
