import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CelRules } from './cel.js';
import { scheduleIssues } from './cron.js';
import { kubernetesFormats } from './formats.js';
import { describeObject, type ValidationIssue } from './issue.js';
import { metadataIssues } from './names.js';
import { ChartValues } from './values.js';

type AjvInstance = import('ajv').default;
type AjvClass = typeof import('ajv').default;

/** Where the generated schemas live, relative to the repository root (see scripts/schemas.mjs). */
export const SCHEMAS_DIR = 'lib/generated/kubernetes-schemas';
const CORE_SCHEMA = 'k8s.json';

/**
 * Finds the schema directory from this module's location: the sources (lib/validation/) and the CLI
 * bundle (.cache/) both sit below the repository root.
 */
export function defaultSchemaDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, SCHEMAS_DIR);
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    if (dirname(d) === d) throw new Error(`validation: no ${SCHEMAS_DIR}/index.json above ${from}; run \`npm run import\``);
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** One ajv error as a path and a short message that says what to fix. */
function describeError(e: ErrorObject, obj: unknown): { path: string; message: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: `${e.instancePath}/${escapePointer(String(p.additionalProperty))}`, message: 'unknown field' };
    case 'required':
      return { path: `${e.instancePath}/${escapePointer(String(p.missingProperty))}`, message: 'missing required field' };
    case 'type':
      return { path: e.instancePath, message: `must be ${[p.type].flat().join(' or ')}, got ${typeOf(valueAt(obj, e.instancePath))}` };
    case 'format':
      return { path: e.instancePath, message: `must be a valid ${String(p.format)}, got ${JSON.stringify(valueAt(obj, e.instancePath))}` };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(valueAt(obj, e.instancePath))}` };
    default:
      return { path: e.instancePath, message: e.message ?? e.keyword };
  }
}

/**
 * ajv errors as issues. A failed anyOf/oneOf reports every branch's errors too; those are folded into one
 * message on the anyOf/oneOf itself (CRDs use them for "set one of these fields").
 */
function describeErrors(errors: readonly ErrorObject[], obj: unknown): Array<{ path: string; message: string }> {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject): ErrorObject | undefined => combinators.find((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const out: Array<{ path: string; message: string }> = [];
  for (const e of errors) {
    if (branchOf(e)) continue;
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') {
      out.push(describeError(e, obj));
      continue;
    }
    const branches = errors.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`));
    const passing = (e.params as { passingSchemas?: unknown }).passingSchemas;
    if (branches.length && branches.every((b) => b.keyword === 'required' && b.instancePath === e.instancePath)) {
      const fields = [...new Set(branches.map((b) => String((b.params as { missingProperty: unknown }).missingProperty)))];
      out.push({ path: e.instancePath, message: `must set ${e.keyword === 'oneOf' ? 'exactly' : 'at least'} one of: ${fields.join(', ')}` });
    } else if (e.keyword === 'oneOf' && Array.isArray(passing)) {
      out.push({ path: e.instancePath, message: `matches more than one alternative of a oneOf (branches ${passing.join(', ')})` });
    } else {
      const details = [...new Set(branches.filter((b) => !branchOf(b) || branchOf(b) === e).map((b) => { const d = describeError(b, obj); return `${d.path || '/'}: ${d.message}`; }))];
      out.push({ path: e.instancePath, message: `matches none of the allowed alternatives (${details.join('; ')})` });
    }
  }
  return out;
}

/**
 * Validates Kubernetes objects against the generated strict schemas (core kinds and every CRD version).
 * ajv is loaded and each kind's schema compiled only when first needed, so importing this costs nothing.
 */
export class SchemaValidator {
  readonly schemaDir: string;
  private ajv?: AjvInstance;
  private indexCache?: Readonly<Record<string, string>>;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly crdSchemas = new Map<string, object>();
  /** CEL rules of the CRD schemas (`cel.unsupported`: rules this implementation could not evaluate). */
  readonly cel = new CelRules();
  /** HelmRelease values against their chart's schema (`values.coverage` for the report). */
  readonly values: ChartValues;

  constructor(schemaDir: string = defaultSchemaDir()) {
    this.schemaDir = schemaDir;
    this.values = new ChartValues(schemaDir);
  }

  /** `"<apiVersion>/<Kind>"` → schema location, for every kind that has a schema. */
  get index(): Readonly<Record<string, string>> {
    this.indexCache ??= JSON.parse(readFileSync(join(this.schemaDir, 'index.json'), 'utf8')) as Record<string, string>;
    return this.indexCache;
  }

  /** Whether objects of this apiVersion/kind can be validated. */
  has(apiVersion: string, kind: string): boolean {
    return Object.hasOwn(this.index, `${apiVersion}/${kind}`);
  }

  private instance(): AjvInstance {
    if (!this.ajv) {
      const mod = createRequire(import.meta.url)('ajv') as AjvClass & { default?: AjvClass };
      const Ajv = mod.default ?? mod;
      // strict: false — the schemas are converted OpenAPI, not hand-written JSON Schema (x-kubernetes-*
      // keys stay for the CEL pass); formats are the API server's (./formats.ts); Go regexps are mostly
      // valid JavaScript without the u flag.
      const require = createRequire(import.meta.url);
      const { fullFormats } = require('ajv-formats/dist/formats') as { fullFormats: Record<string, import('ajv').Format> };
      this.ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, formats: kubernetesFormats(fullFormats), code: { optimize: false } });
      this.ajv.addSchema(JSON.parse(readFileSync(join(this.schemaDir, CORE_SCHEMA), 'utf8')) as object, CORE_SCHEMA);
    }
    return this.ajv;
  }

  private validatorFor(gvk: string): ValidateFunction {
    let fn = this.compiled.get(gvk);
    if (!fn) {
      const location = this.index[gvk]!;
      let schema: object;
      if (location.includes('#')) schema = { allOf: [{ $ref: location }], required: ['apiVersion', 'kind', 'metadata'] };
      else {
        schema = JSON.parse(readFileSync(join(this.schemaDir, location), 'utf8')) as object;
        this.crdSchemas.set(gvk, schema);
      }
      fn = this.instance().compile(schema);
      this.compiled.set(gvk, fn);
    }
    return fn;
  }

  /** Every issue of one object (none when it is valid). */
  validate(obj: unknown, file?: string): ValidationIssue[] {
    const object = describeObject(obj);
    const at = file === undefined ? {} : { file };
    const o = obj as { apiVersion?: unknown; kind?: unknown } | null;
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      return [{ object, ...at, path: '/', message: 'not a Kubernetes object: apiVersion and kind must be strings' }];
    }
    const gvk = `${o.apiVersion}/${o.kind}`;
    if (!this.has(o.apiVersion, o.kind)) {
      const others = Object.keys(this.index).filter((k) => k.endsWith(`/${o.kind}`)).map((k) => k.slice(0, -o.kind!.toString().length - 1));
      const hint = others.length ? ` (schemas exist for ${o.kind} in ${others.join(', ')})` : ' (no kind of that name: CRDs come from `npm run import`, core kinds are the stable ones of Kubernetes 1.36)';
      return [{ object, ...at, path: '/apiVersion', message: `unknown apiVersion/kind ${gvk}: no schema${hint}` }];
    }
    const fn = this.validatorFor(gvk);
    const where = { object, ...at };
    const typed = o as { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown };
    // Names, label and annotation syntax and cron schedules: what the API server checks beyond the schema.
    const issues: ValidationIssue[] = [...metadataIssues(typed, where), ...scheduleIssues(typed, where)];
    if (fn(obj)) {
      // CEL rules assume a value of the declared shape: evaluated once the schema holds, as the server does.
      const crd = this.crdSchemas.get(gvk);
      if (crd) issues.push(...this.cel.check(crd, obj, where));
      issues.push(...this.values.check(typed, where));
      return issues;
    }
    const seen = new Set<string>();
    for (const { path, message } of describeErrors(fn.errors ?? [], obj)) {
      const key = `${path}\0${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push({ object, ...at, path: path || '/', message });
    }
    return issues;
  }
}

let shared: SchemaValidator | undefined;

/** The validator over the repository's generated schemas (created on first use). */
export function defaultValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}

/** Issues of one object against its schema; an apiVersion/kind without a schema is itself an issue. */
export function validateObject(obj: unknown, opts: { file?: string; validator?: SchemaValidator } = {}): ValidationIssue[] {
  return (opts.validator ?? defaultValidator()).validate(obj, opts.file);
}

/** Issues of many objects, in order. */
export function validateObjects(
  items: Iterable<{ readonly object: unknown; readonly file?: string }>,
  opts: { validator?: SchemaValidator } = {},
): ValidationIssue[] {
  const v = opts.validator ?? defaultValidator();
  const issues: ValidationIssue[] = [];
  for (const { object, file } of items) issues.push(...v.validate(object, file));
  return issues;
}
