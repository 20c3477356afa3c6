import { SynthError } from '../core/errors.js';

/** One way an emitted object breaks its schema (or the kustomize build of its folder). */
export interface ValidationIssue {
  /** The object, as `Kind namespace/name` (`Kind name` when cluster-scoped); a folder for kustomize issues. */
  readonly object: string;
  /** File the object was read from, when known. */
  readonly file?: string;
  /** JSON pointer of the offending field (`/spec/chart/spec/version`), `/` for the object itself. */
  readonly path: string;
  readonly message: string;
}

/** `Kind namespace/name`, or what there is of it, for an object that may be malformed. */
export function describeObject(obj: unknown): string {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return `<${Array.isArray(obj) ? 'array' : obj === null ? 'null' : typeof obj}>`;
  const o = obj as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const kind = typeof o.kind === 'string' ? o.kind : '<no kind>';
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '<no name>';
  const ns = typeof o.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
  return `${kind} ${ns}${name}`;
}

/** `file: Kind ns/name: /json/path: message` (the file part only when known). */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.file ? `${issue.file}: ` : ''}${issue.object}: ${issue.path}: ${issue.message}`;
}

/** The issue as the pipeline's usual error: where = file (or object), field = JSON path. */
export function issueToSynthError(issue: ValidationIssue): SynthError {
  return new SynthError(issue.file ? `${issue.file}: ${issue.object}` : issue.object, issue.message, issue.path);
}
