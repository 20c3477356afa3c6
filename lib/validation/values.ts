import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { ValidationIssue } from './issue.js';

/**
 * HelmRelease values against the chart's own values.schema.json, as `helm install` checks them: the
 * chart's defaults merged with the release's values (Helm's coalescing: maps merge, a null removes a
 * key). Schemas and defaults are generated into `values/` from ../shared/schemas/upstream at our pins;
 * a release whose chart has no schema, or whose version differs from the schema's, is not checked and is
 * listed in the validation report instead.
 */
interface ChartEntry {
  readonly schema: string;
  readonly defaults: string;
  /** Further schema files, relative to the schema's folder. */
  readonly files: readonly string[];
  readonly version: string;
}

export interface ValuesCoverage {
  /** `chart@version` → releases checked against its schema. */
  readonly validated: Map<string, string[]>;
  /** chart → releases of charts that ship no values.schema.json. */
  readonly withoutSchema: Map<string, string[]>;
  /** `chart@version (schema for x)` → releases whose chart version has no schema here. */
  readonly otherVersion: Map<string, string[]>;
}

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/** Helm's coalesceValues: `over` wins, maps merge recursively, null deletes. */
export function coalesce(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = coalesce(base[k], v);
  }
  return out;
}

export class ChartValues {
  private index?: Record<string, ChartEntry>;
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly coverage: ValuesCoverage = { validated: new Map(), withoutSchema: new Map(), otherVersion: new Map() };

  constructor(private readonly schemaDir: string) {}

  private entry(chart: string): ChartEntry | undefined {
    this.index ??= JSON.parse(readFileSync(join(this.schemaDir, 'values', 'index.json'), 'utf8')) as Record<string, ChartEntry>;
    return Object.hasOwn(this.index, chart) ? this.index[chart] : undefined;
  }

  private validator(chart: string, entry: ChartEntry): ValidateFunction {
    let fn = this.compiled.get(chart);
    if (!fn) {
      const read = (f: string) => JSON.parse(readFileSync(join(this.schemaDir, f), 'utf8')) as Values;
      const main = read(entry.schema);
      const require = createRequire(import.meta.url);
      const draft2020 = String(main.$schema ?? '').includes('2020-12');
      const mod = require(draft2020 ? 'ajv/dist/2020' : 'ajv') as { default: new (o: object) => import('ajv').default };
      const ajv = new mod.default({ allErrors: true, strict: false, validateFormats: false, code: { optimize: false } });
      // Files the main schema references relatively (app-template: schemas/*.json) under ids beside its $id.
      const base = typeof main.$id === 'string' ? main.$id : `file:///values/${chart}/values.schema.json`;
      const dir = entry.schema.slice(0, entry.schema.lastIndexOf('/') + 1);
      for (const f of entry.files) {
        const s = read(`${dir}${f}`);
        ajv.addSchema(s, typeof s.$id === 'string' ? s.$id : new URL(f, base).href);
      }
      fn = ajv.compile({ ...main, $id: base });
      this.compiled.set(chart, fn);
    }
    return fn;
  }

  /** Issues of one HelmRelease's values (none for other kinds or unchecked charts). */
  check(obj: { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown }, at: { object: string; file?: string }): ValidationIssue[] {
    if (obj.kind !== 'HelmRelease' || !obj.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return [];
    const spec = (obj.spec ?? {}) as { chart?: { spec?: { chart?: string; version?: string } }; values?: unknown };
    const chart = spec.chart?.spec?.chart;
    if (!chart) return [];
    const version = spec.chart?.spec?.version ?? '';
    const release = at.object;
    const note = (m: Map<string, string[]>, key: string) => (m.get(key) ?? m.set(key, []).get(key)!).push(release);
    const entry = this.entry(chart);
    if (!entry) {
      note(this.coverage.withoutSchema, chart);
      return [];
    }
    if (entry.version.replace(/^v/, '') !== version.replace(/^v/, '')) {
      note(this.coverage.otherVersion, `${chart}@${version} (schema for ${entry.version})`);
      return [];
    }
    note(this.coverage.validated, `${chart}@${version}`);
    const defaults = JSON.parse(readFileSync(join(this.schemaDir, entry.defaults), 'utf8')) as unknown;
    const merged = coalesce(defaults, spec.values ?? {});
    const fn = this.validator(chart, entry);
    if (fn(merged)) return [];
    return (fn.errors ?? []).slice(0, 20).map((e) => ({
      ...at,
      path: `/spec/values${e.instancePath}`,
      message: `chart ${chart} ${version} values.schema.json: ${e.keyword === 'additionalProperties' ? `unknown value "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"` : (e.message ?? e.keyword)}`,
    }));
  }
}
