import { readFileSync } from 'node:fs';
import { z } from '../core/zod.js';
import { SynthError, throwIfAny } from '../core/errors.js';
import { callerLocation } from '../core/stack.js';

const DATASOURCES = ['helm', 'docker', 'github-releases', 'github-tags', 'terraform-provider'] as const;

/** The `# renovate:` annotation above a version, fields in the fixed order Renovate's regex expects. */
const annotationSchema = z.object({
  datasource: z.enum(DATASOURCES),
  depName: z.string().min(1),
  packageName: z.string().min(1).optional(),
  extractVersion: z.string().min(1).optional(),
  registryUrl: z.url().optional(),
  versioning: z.string().min(1).optional(),
});
const ANNOTATION_ORDER = ['datasource', 'depName', 'packageName', 'extractVersion', 'registryUrl', 'versioning'];

const KEY = /^[a-z][a-z0-9_]*$/;
const VALUE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export type RenovateAnnotation = z.infer<typeof annotationSchema>;

export interface VersionEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
  readonly renovate: RenovateAnnotation;
}

/** Parses the fields after `# renovate:`; adds problems to `errors` and returns null when invalid. */
function parseAnnotation(text: string, where: string, errors: SynthError[]): RenovateAnnotation | null {
  const report = (message: string, field?: string) => errors.push(new SynthError(where, message, field));
  const pairs = text.trim().split(/\s+/).map((f) => {
    const eq = f.indexOf('=');
    return eq <= 0 ? [f, undefined] : [f.slice(0, eq), f.slice(eq + 1)];
  });
  const bad = pairs.find(([, v]) => v === undefined);
  if (bad) {
    report(`malformed renovate annotation field "${bad[0]}" (expected name=value)`);
    return null;
  }
  const order = pairs.map(([k]) => ANNOTATION_ORDER.indexOf(k!));
  if (order.some((o, i) => o === -1 || (i > 0 && o <= order[i - 1]!))) {
    report(`renovate annotation fields must be a subset of, in this order: ${ANNOTATION_ORDER.join(' ')} (got: ${pairs.map(([k]) => k).join(' ')})`);
    return null;
  }
  const parsed = annotationSchema.strict().safeParse(Object.fromEntries(pairs));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    report(`invalid renovate annotation: ${issue.message}`, issue.path.join('.'));
    return null;
  }
  return parsed.data;
}

/** Levenshtein distance, for "did you mean" on a mistyped key. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** Parsed `versions.env`: every version the homelab uses, each with its Renovate annotation. */
export class Versions {
  /** Parses the text of a versions file; `file` is the name used in error messages. */
  static parse(text: string, file = 'versions.env'): Versions {
    const errors: SynthError[] = [];
    const entries = new Map<string, VersionEntry>();
    const lines = text.split('\n');
    // The annotation seen on the previous line; `null` when it was invalid (already reported).
    let pending: { annotation: RenovateAnnotation | null; line: number } | undefined;
    const notAbove = (line: number) => new SynthError(`${file}:${line}`, 'renovate annotation is not directly above a key=value line');
    lines.forEach((raw, index) => {
      const lineNo = index + 1;
      const where = `${file}:${lineNo}`;
      const line = raw.trimEnd();
      if (pending && (line === '' || line.startsWith('#'))) {
        errors.push(notAbove(pending.line));
        pending = undefined;
      }
      if (line.startsWith('# renovate:')) {
        pending = { annotation: parseAnnotation(line.slice('# renovate:'.length), where, errors), line: lineNo };
        return;
      }
      if (line === '' || line.startsWith('#')) return;
      const annotation = pending?.annotation;
      const hadAnnotation = pending !== undefined;
      pending = undefined;
      const eq = line.indexOf('=');
      const key = eq === -1 ? line : line.slice(0, eq);
      const value = eq === -1 ? '' : line.slice(eq + 1);
      if (eq === -1 || !KEY.test(key) || !VALUE.test(value)) {
        errors.push(new SynthError(where, `malformed line "${line}" (expected lower_snake_case key=unquoted value)`));
      } else if (entries.has(key)) {
        errors.push(new SynthError(where, `duplicate key "${key}" (first defined on line ${entries.get(key)!.line})`, key));
      } else if (!hadAnnotation) {
        errors.push(new SynthError(where, `"${key}" has no "# renovate: datasource=… depName=…" annotation on the line directly above`, key));
      } else if (annotation) {
        entries.set(key, { key, value, line: lineNo, renovate: annotation });
      }
    });
    if (pending) errors.push(notAbove(pending.line));
    throwIfAny(errors);
    return new Versions(file, entries);
  }

  static load(path: string, displayName = 'versions.env'): Versions {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why = code === 'ENOENT' ? 'not found: every version lives in this file at the repository root' : `cannot be read (${code ?? (err as Error).message})`;
      throw new SynthError(displayName, why, undefined, { cause: err });
    }
    return Versions.parse(text, displayName);
  }

  private constructor(
    readonly file: string,
    private readonly entries: ReadonlyMap<string, VersionEntry>,
    private readonly requester?: string,
  ) {}

  /** The same versions, naming `requester` (an app file) as the file that asked when a key is unknown. */
  for(requester: string): Versions {
    return new Versions(this.file, this.entries, requester);
  }

  /**
   * The version for `key`. An unknown key is an error naming the file that asked (`requester`, else the
   * caller's file from the stack) and this versions file.
   */
  get(key: string, requester = this.requester): string {
    return this.entry(key, requester).value;
  }

  /** The full entry (value, line, annotation) for `key`. */
  entry(key: string, requester = this.requester): VersionEntry {
    const e = this.entries.get(key);
    if (!e) {
      const near = [...this.entries.keys()].filter((k) => k.split('_')[0] === key.split('_')[0] || editDistance(k, key) <= 2);
      const where = requester ?? callerLocation('lib/versions/versions.ts');
      throw new SynthError(where, `unknown version key "${key}" in ${this.file}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; add it there with its renovate annotation`, key);
    }
    return e;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}
