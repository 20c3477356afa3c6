import { z } from '../core/zod.js';
import { appGroupSchema, homelabAppSchema } from './props.js';

// The reference part of docs/apps.md, generated from the zod schemas the synth validates with, so the docs
// a user reads are the schema (every field, its type, its default, its description). `npm run docs`
// rewrites the marked section; a test fails when it is stale.

export const DOCS_BEGIN = '<!-- BEGIN GENERATED: app props reference (npm run docs) -->';
export const DOCS_END = '<!-- END GENERATED -->';

type Json = { [k: string]: unknown };

function typeOf(s: Json): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) return [...new Set(alts.map(typeOf))].join(' | ');
  if (s.type === 'array') return `${typeOf((s.items ?? {}) as Json)}[]`;
  if (s.type === 'object') return s.properties ? 'object' : s.additionalProperties && typeof s.additionalProperties === 'object' ? `map of ${typeOf(s.additionalProperties as Json)}` : 'object';
  if (s.type === 'integer') return 'integer';
  return String(s.type ?? 'any');
}

/** Description without its `@default` note, and the default (from the note or the schema). */
function describe(s: Json): { text: string; def: string } {
  const raw = String(s.description ?? '');
  const i = raw.indexOf('@default');
  const text = (i >= 0 ? raw.slice(0, i) : raw).trim();
  const note = i >= 0 ? raw.slice(i + '@default'.length).trim() : '';
  const def = note || (s.default !== undefined ? JSON.stringify(s.default) : '');
  return { text, def };
}

const esc = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Rows `path | type | default | description` for every field, objects expanded depth-first. */
function rows(schema: Json, prefix: string, out: string[][], required: ReadonlySet<string>): void {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const req = new Set((schema.required ?? []) as string[]);
  for (const [key, s] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const { text, def } = describe(s);
    const needed = req.has(key) && s.default === undefined && !def;
    out.push([`\`${path}\``, esc(typeOf(s)), needed ? '**required**' : esc(def || '—'), esc(text)]);
    for (const sub of objectsIn(s)) rows(sub.schema, sub.suffix ? `${path}${sub.suffix}` : path, out, required);
  }
}

/** The object schemas reachable from a field (array items `[]`, union members, maps `.<key>`). */
function objectsIn(s: Json): Array<{ schema: Json; suffix: string }> {
  if (s.type === 'object' && s.properties) return [{ schema: s, suffix: '' }];
  if (s.type === 'array' && s.items) return objectsIn(s.items as Json).map((x) => ({ ...x, suffix: `[]${x.suffix}` }));
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) return alts.flatMap((a) => objectsIn(a));
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return objectsIn(s.additionalProperties as Json).map((x) => ({ ...x, suffix: `.<key>${x.suffix}` }));
  return [];
}

function table(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const out: string[][] = [];
  rows(json, '', out, new Set());
  // Union members that share a path (the kinds of `volumes[]`) list each field once.
  const seen = new Set<string>();
  const unique = out.filter((r) => (seen.has(r[0]!) ? false : (seen.add(r[0]!), true)));
  return ['| field | type | default | what it does |', '|---|---|---|---|', ...unique.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The generated section of docs/apps.md (between the markers). */
export function appPropsReference(): string {
  return [
    DOCS_BEGIN,
    '',
    '### App props (`defineApp({ props })`)',
    '',
    table(homelabAppSchema),
    '',
    '### Group props (`defineGroup({ props })`)',
    '',
    table(appGroupSchema),
    '',
    DOCS_END,
  ].join('\n');
}

/** `doc` with its generated section replaced (appended when the markers are missing). */
export function withReference(doc: string): string {
  const start = doc.indexOf(DOCS_BEGIN);
  const end = doc.indexOf(DOCS_END);
  if (start < 0 || end < 0) return `${doc.trimEnd()}\n\n${appPropsReference()}\n`;
  return `${doc.slice(0, start)}${appPropsReference()}${doc.slice(end + DOCS_END.length)}`;
}
