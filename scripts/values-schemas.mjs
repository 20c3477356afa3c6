// Bundles the chart values schemas apps are checked against into lib/generated/values-schemas/, one
// self-contained JSON Schema per chart: the chart's values.schema.json with every file it references
// (`schemas/*.json`) under `$defs`, references rewritten to point there. Called by scripts/import.mjs
// (`npm run import`, `--check`); offline, deterministic. Input: ../shared/schemas/upstream/values/<chart>/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VALUES_SCHEMAS_DIR = 'lib/generated/values-schemas';
/** Charts whose values the synth validates (app-template: every app's workload and escape hatch). */
export const VALUES_SCHEMA_CHARTS = ['app-template'];

function rewrite(node, file) {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const [target, pointer = ''] = v.split('#');
        const targetFile = target ? target.replace(/^schemas\//, '') : file;
        out[k] = targetFile === null ? `#${pointer}` : `#/$defs/${targetFile}${pointer}`;
      } else if (k !== '$id' && k !== '$schema') {
        out[k] = rewrite(v, file);
      }
    }
    return out;
  }
  return node;
}

/** `{ "<chart>.json": text }` for every chart, from `valuesRoot` (…/schemas/upstream/values). */
export function generateValuesSchemas(valuesRoot) {
  const out = {};
  for (const chart of VALUES_SCHEMA_CHARTS) {
    const dir = join(valuesRoot, chart);
    const root = JSON.parse(readFileSync(join(dir, 'values.schema.json'), 'utf8'));
    const defs = {};
    const sub = join(dir, 'schemas');
    if (existsSync(sub)) {
      for (const f of readdirSync(sub).filter((x) => x.endsWith('.json')).sort()) defs[f] = rewrite(JSON.parse(readFileSync(join(sub, f), 'utf8')), f);
    }
    const bundled = { $schema: 'http://json-schema.org/draft-07/schema#', ...rewrite(root, null), $defs: defs };
    out[`${chart}.json`] = `${JSON.stringify(bundled)}\n`;
  }
  return out;
}
