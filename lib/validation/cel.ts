import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type { CelEnv } from '@bufbuild/cel';
import type { ValidationIssue } from './issue.js';

type CelModule = typeof import('@bufbuild/cel');
/** Loaded on first use (like ajv), so commands that never validate do not pay for it. */
let celModule: { cel: CelModule; strings: (typeof import('@bufbuild/cel/ext'))['strings'] } | undefined;
function loadCel(): NonNullable<typeof celModule> {
  const require = createRequire(import.meta.url);
  celModule ??= { cel: require('@bufbuild/cel') as CelModule, strings: (require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext')).strings };
  return celModule;
}

/**
 * CEL `x-kubernetes-validations` of CRD schemas, evaluated as the API server does on create: each rule
 * with `self` bound to the value at its schema node, transition rules (those reading `oldSelf`) skipped
 * (there is no old object), a rule that is false or fails to evaluate is an error with its message.
 * Evaluated with @bufbuild/cel plus the Kubernetes library functions our CRDs use (`isIP`).
 */

type Schema = {
  readonly default?: unknown;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly $ref?: string;
  readonly definitions?: Readonly<Record<string, Schema>>;
  readonly 'x-kubernetes-validations'?: ReadonlyArray<{ readonly rule: string; readonly message?: string; readonly fieldPath?: string }>;
};

type Program = (ctx: { self: unknown }) => unknown;

export class CelRules {
  private env?: CelEnv;
  private readonly programs = new Map<string, Program | Error>();
  /** Rules this implementation could not compile (reported, never silently passed). */
  readonly unsupported = new Set<string>();

  private program(rule: string): Program | Error {
    let p = this.programs.get(rule);
    if (!p) {
      const { cel, strings } = loadCel();
      this.env ??= cel.celEnv({ funcs: [...strings, cel.celFunc('isIP', [cel.CelScalar.STRING], cel.CelScalar.BOOL, (s: string) => isIP(s) !== 0)] });
      try {
        p = cel.plan(this.env, cel.parse(rule)) as unknown as Program;
      } catch (e) {
        p = e as Error;
      }
      this.programs.set(rule, p);
    }
    return p;
  }

  /** Issues of `value` against every rule in `schema` (a CRD object schema with its definitions). */
  check(schema: Schema, input: unknown, at: { object: string; file?: string }): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const resolve = (s: Schema): Schema => (s.$ref?.startsWith('#/definitions/') ? (schema.definitions?.[s.$ref.slice(14)] ?? s) : s);
    // The API server defaults before it validates; rules rely on it (a parentRef's group, say).
    const value = withDefaults(schema, structuredClone(input), resolve);
    const walk = (node: Schema, v: unknown, path: string): void => {
      node = resolve(node);
      if (v === undefined || v === null) return;
      for (const r of node['x-kubernetes-validations'] ?? []) {
        if (/\boldSelf\b/.test(r.rule)) continue;
        const where = `${path}${r.fieldPath ? r.fieldPath.replace(/\./g, '/') : ''}` || '/';
        const program = this.program(r.rule);
        if (program instanceof Error) {
          this.unsupported.add(r.rule);
          continue;
        }
        const result = program({ self: toCel(v, node) });
        if (loadCel().cel.isCelError(result as never)) {
          const message = String((result as { message?: unknown }).message ?? result);
          if (/overload|unknown function|no such function/i.test(message)) this.unsupported.add(r.rule);
          else issues.push({ ...at, path: where, message: `${r.message ?? `failed rule: ${r.rule}`} (rule could not be evaluated: ${message})` });
        } else if (result !== true) issues.push({ ...at, path: where, message: r.message ?? `failed rule: ${r.rule}` });
      }
      if (Array.isArray(v)) {
        if (node.items) v.forEach((item, i) => walk(node.items!, item, `${path}/${i}`));
      } else if (typeof v === 'object') {
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          const sub = node.properties?.[k] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
          if (sub) walk(sub, child, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      }
    };
    walk(schema, value, '');
    return issues;
  }
}

const isNumberType = (s: Schema | undefined): boolean => [s?.type].flat().includes('number');

/** JSON as CEL values: objects are maps, integers CEL ints (bigint) unless the schema says number. */
function toCel(v: unknown, schema?: Schema): unknown {
  if (Array.isArray(v)) return v.map((x) => toCel(x, schema?.items));
  if (v && typeof v === 'object') {
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toCel(x, schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined))]));
  }
  if (typeof v === 'number' && Number.isInteger(v) && !isNumberType(schema)) return BigInt(v);
  return v;
}

/** Structural defaulting: every absent property whose schema has a `default` gets it, at every depth. */
function withDefaults(schema: Schema, value: unknown, resolve: (s: Schema) => Schema): unknown {
  const node = resolve(schema);
  if (Array.isArray(value)) {
    if (node.items) value.forEach((v, i) => (value[i] = withDefaults(node.items!, v, resolve)));
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const [k, sub] of Object.entries(node.properties ?? {})) {
      if (o[k] === undefined && resolve(sub).default !== undefined) o[k] = structuredClone(resolve(sub).default);
      if (o[k] !== undefined) o[k] = withDefaults(sub, o[k], resolve);
    }
    if (typeof node.additionalProperties === 'object') {
      for (const k of Object.keys(o)) if (!node.properties?.[k]) o[k] = withDefaults(node.additionalProperties, o[k], resolve);
    }
  }
  return value;
}
