import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileCached } from '../validation/compile-cache.js';

/** Where `npm run import` writes the bundled chart values schemas (scripts/values-schemas.mjs). */
const VALUES_SCHEMAS_DIR = 'lib/generated/values-schemas';

const compiled = new Map<string, ValidateFunction>();

function schemaFile(chart: string): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const candidate = join(d, VALUES_SCHEMAS_DIR, `${chart}.json`);
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error(`no ${VALUES_SCHEMAS_DIR}/${chart}.json above this module; run \`npm run import\``);
  }
}

/** The chart's own values schema, compiled once per process (and its compiled form cached across runs). */
function validator(chart: string): ValidateFunction {
  const cached = compiled.get(chart);
  if (cached) return cached;
  // Compiled once per machine, not per synth (lib/validation/compile-cache.ts).
  const fn = compileCached(readFileSync(schemaFile(chart), 'utf8'), { allErrors: true, strict: false, validateFormats: false });
  compiled.set(chart, fn);
  return fn;
}

export interface ValuesIssue {
  /** Dotted path into the values (`controllers.sonarr.containers.app.probs`). */
  readonly path: string;
  readonly message: string;
}

/**
 * Checks chart values against the chart's upstream `values.schema.json` (app-template: unknown keys are
 * rejected there, so a misspelt field in an escape hatch is an error instead of a silently ignored key).
 * Returns the most specific issues (a failed oneOf reports its deepest branch errors, not the wrapper).
 */
export function checkChartValues(chart: 'app-template', values: unknown): ValuesIssue[] {
  const validate = validator(chart);
  if (validate(values)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const deepest = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const pick = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if' && e.instancePath.split('/').length === deepest);
  const seen = new Set<string>();
  const out: ValuesIssue[] = [];
  for (const e of pick.length ? pick : errors) {
    const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const message =
      e.keyword === 'additionalProperties'
        ? `unknown key "${String((e.params as { additionalProperty: string }).additionalProperty)}"`
        : e.keyword === 'required'
          ? `missing "${String((e.params as { missingProperty: string }).missingProperty)}"`
          : (e.message ?? e.keyword);
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}
