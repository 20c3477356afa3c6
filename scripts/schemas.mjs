// Generates the strict JSON Schemas that `lib/validation/` checks every emitted Kubernetes object against.
// Called by scripts/import.mjs (`npm run import`, `npm run import -- --check`); offline and deterministic.
//
// Output, under lib/generated/kubernetes-schemas/ (compact JSON, committed like the bindings):
//   k8s.json                          core Kubernetes types: { definitions: { "<model>": schema } }
//   crd/<group>/<kind>_<version>.json one file per CRD kind at its pinned version
//   index.json                        "<apiVersion>/<Kind>" → "k8s.json#/definitions/<model>" | "crd/…json"
//   values/<chart>/…, values/index.json  the charts' own values.schema.json and the version each is for
//
// Sources (../shared/schemas/upstream, see its index.json for the repository, tag and commit of each):
//   * core kinds: Kubernetes 1.36 (core.json, from the official client's release-1.36 models: every field,
//     type and required field; unknown fields rejected), plus scripts/kubernetes-overlay.json: the enums,
//     int-or-string and quantity types the upstream JSON lacks (the file says where they come from).
//     Stable apiVersions only.
//   * CRD kinds: each at the release versions.env pins, with `format`s and CEL `x-kubernetes-validations`
//     kept (the API server enforces both; lib/validation applies them). CRDs the upstream set lacks
//     (istio, snapshot-controller) are converted from ../shared/crds as before.
//   * chart values: the charts' values.schema.json at their pins.
//
// CRD conversion — kubeconform `-strict` semantics on each openAPIV3Schema:
//   * `additionalProperties: false` on every schema with `properties` that has neither
//     `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true` (not inside
//     allOf/anyOf/oneOf/not: structural schemas declare every field in the enclosing schema, so adding it
//     there would reject the siblings);
//   * `x-kubernetes-int-or-string` → type integer|string; `nullable: true` → null allowed;
//   * the other x-kubernetes-* markers, descriptions, defaults and examples dropped; patterns JavaScript
//     cannot compile or would read differently (Go RE2-only syntax: `(?i)`, `\PC`) are dropped;
//   * root: exactly apiVersion, kind, metadata and the declared fields (spec, status, …).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const SCHEMAS_DIR = 'lib/generated/kubernetes-schemas';
const OBJECT_META = 'V1ObjectMeta';
export const OBJECT_META_REF = `k8s.json#/definitions/${OBJECT_META}`;
/** Core API versions accepted: stable ones only (alpha and beta APIs are off by default on 1.36). */
const STABLE_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+$/;
/** Keys dropped from CRD schemas: prose, defaults and checks this validator does not apply. */
const DROPPED_KEYS = new Set(['description', 'default', 'example', 'format', 'externalDocs', 'title', 'nullable', '$schema']);

function sortKeys(obj) {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Whether a CRD (Go RE2) pattern means the same in JavaScript: it must compile, and must not use Unicode
 * classes (`\PC`), which without the u flag silently become literal letters.
 */
function isValidRegExp(pattern) {
  if (/\\[pP]/.test(pattern)) return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const mapValues = (obj, fn) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));

/**
 * One CRD (sub)schema converted to strict JSON Schema. `inCombinator`: the schema is a branch of
 * allOf/anyOf/oneOf/not, whose properties the enclosing schema declares too, so it stays open.
 */
export function strictSchema(s, inCombinator = false, keep = {}) {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const out = {};
  const sub = (v, combinator = false) => strictSchema(v, combinator, keep);
  for (const [k, v] of Object.entries(s)) {
    const kept = (keep.validations && (k === 'x-kubernetes-validations' || k === 'default')) || (keep.formats && k === 'format');
    if (!kept && (k.startsWith('x-kubernetes-') || DROPPED_KEYS.has(k))) continue;
    switch (k) {
      case 'properties':
      case 'patternProperties':
      case 'definitions':
        out[k] = mapValues(v, (p) => sub(p));
        break;
      case 'items':
        out[k] = Array.isArray(v) ? v.map((i) => sub(i)) : sub(v);
        break;
      case 'additionalProperties':
      case 'additionalItems':
        out[k] = typeof v === 'object' ? sub(v) : v;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[k] = v.map((b) => sub(b, true));
        break;
      case 'not':
        out[k] = sub(v, true);
        break;
      case 'x-kubernetes-validations':
        // Only what the validator evaluates: the rule, its message and (for the path) fieldPath.
        out[k] = v.map((r) => Object.fromEntries(Object.entries(r).filter(([rk]) => ['rule', 'message', 'messageExpression', 'fieldPath', 'reason'].includes(rk))));
        break;
      case 'pattern':
        if (isValidRegExp(v)) out[k] = v;
        break;
      default:
        out[k] = v;
    }
  }
  if (s['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    const branches = out.anyOf?.map((b) => JSON.stringify(b)).sort();
    if (branches?.length === 2 && branches[0] === '{"type":"integer"}' && branches[1] === '{"type":"string"}') delete out.anyOf;
  }
  if (s.nullable === true) {
    if (out.type !== undefined) out.type = [...new Set([...[out.type].flat(), 'null'])];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (!inCombinator && out.properties && !('additionalProperties' in s) && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** The strict schema of one CRD version's object: fixed root fields, metadata checked as ObjectMeta. */
export function crdObjectSchema(openAPIV3Schema) {
  const root = strictSchema(openAPIV3Schema ?? {});
  const declared = root.properties ?? {};
  const declaredMeta = declared.metadata;
  const metadata = declaredMeta?.properties
    ? { allOf: [{ $ref: OBJECT_META_REF }, strictSchema((openAPIV3Schema.properties ?? {}).metadata, true)] }
    : { $ref: OBJECT_META_REF };
  const properties = { ...declared, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata };
  if (openAPIV3Schema?.['x-kubernetes-preserve-unknown-fields'] === true || !root.properties) {
    // A schema-less root (preserve-unknown-fields) still only takes the usual top-level fields.
    properties.spec ??= {};
    properties.status ??= {};
  }
  const required = [...new Set([...(root.required ?? []), 'apiVersion', 'kind', 'metadata'])];
  return { ...root, type: 'object', properties, required, additionalProperties: false };
}

/** `{ "<apiVersion>/<Kind>": { file, schema } }` for every served version of every CRD in the files. */
export function crdSchemas(crdPaths) {
  const out = {};
  for (const p of crdPaths) {
    for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names } = crd.spec;
      for (const v of crd.spec.versions) {
        if (v.served === false) continue;
        const schema = crdObjectSchema(v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema);
        out[`${group}/${v.name}/${names.kind}`] = { file: `crd/${group}/${names.kind.toLowerCase()}_${v.name}.json`, schema };
      }
    }
  }
  return out;
}

/**
 * Core kinds of Kubernetes 1.36 from `../shared/schemas/upstream/core.json` (the official client's
 * release-1.36 models: fields, types, required fields, unknown fields rejected), plus the enums of
 * scripts/kubernetes-overlay.json: the enums, int-or-string and quantity types the upstream JSON lacks
 * (that file records where they come from).
 */
export function upstreamCoreSchemas(upstreamDir, root) {
  const core = JSON.parse(readFileSync(join(upstreamDir, 'core.json'), 'utf8'));
  const overlay = JSON.parse(readFileSync(join(root, 'scripts', 'kubernetes-overlay.json'), 'utf8'));
  const definitions = structuredClone(core.definitions);
  /** The property `Model.field` (`[]`: its items, `{}`: its map values). */
  const at = (field) => {
    const [model, raw] = field.split('.');
    const name = raw.replace(/(\[\]|\{\})$/, '');
    const parent = definitions[model]?.properties;
    if (!parent?.[name]) throw new Error(`schemas: kubernetes-overlay.json names ${field}, which core.json does not have`);
    if (raw.endsWith('[]')) return { parent: parent[name], key: 'items' };
    if (raw.endsWith('{}')) return { parent: parent[name], key: 'additionalProperties' };
    return { parent, key: name };
  };
  for (const [field, values] of Object.entries(overlay.enums)) {
    const { parent, key } = at(field);
    if (parent[key]?.type !== 'string') throw new Error(`schemas: kubernetes-overlay.json: ${field} is not a string`);
    parent[key] = { ...parent[key], enum: values };
  }
  for (const field of overlay.intOrString) {
    const { parent, key } = at(field);
    parent[key] = { type: ['integer', 'string'] };
  }
  for (const field of overlay.quantity) {
    const { parent, key } = at(field);
    parent[key] = { type: ['number', 'string'] };
  }
  const kinds = {};
  for (const [gvk, { model }] of Object.entries(core.kinds)) {
    const apiVersion = gvk.slice(0, gvk.lastIndexOf('/'));
    if (!definitions[model]) throw new Error(`schemas: core.json kind ${gvk} has no model ${model}`);
    if (STABLE_VERSION.test(apiVersion)) kinds[gvk] = model;
  }
  return { definitions: sortKeys(definitions), kinds };
}

/**
 * Every CRD kind at the version versions.env pins, from `../shared/schemas/upstream/crd/` (see its
 * index.json for the release each came from), kept with what the API server enforces: `format`s and the
 * CEL `x-kubernetes-validations` rules (evaluated by lib/validation/cel.ts).
 */
export function upstreamCrdSchemas(upstreamDir) {
  const index = JSON.parse(readFileSync(join(upstreamDir, 'index.json'), 'utf8'));
  const out = {};
  for (const [gvk, entry] of Object.entries(index.crd)) {
    const raw = JSON.parse(readFileSync(join(upstreamDir, entry.file), 'utf8'));
    const schema = strictSchema(raw, false, { formats: true, validations: true });
    schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])];
    out[gvk] = { file: entry.file, schema };
  }
  return out;
}

/**
 * The charts' own `values.schema.json` (with the files they reference) from
 * `../shared/schemas/upstream/values/`, and which chart version each belongs to.
 */
export function upstreamValuesSchemas(upstreamDir) {
  const index = JSON.parse(readFileSync(join(upstreamDir, 'index.json'), 'utf8'));
  const files = {};
  const charts = {};
  for (const [chart, entry] of Object.entries(index.values)) {
    const dir = join(upstreamDir, 'values', chart);
    const all = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort();
    // values.defaults.json: Helm validates the chart defaults merged with the release's values.
    let remote = 0;
    for (const f of all) {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      files[`values/${chart}/${f}`] = f === 'values.defaults.json' ? json : openRemoteRefs(json, () => remote++);
    }
    charts[chart] = {
      schema: `values/${chart}/values.schema.json`,
      defaults: `values/${chart}/values.defaults.json`,
      // Files the schema references relatively (app-template's schemas/*.json).
      files: all.filter((f) => f !== 'values.schema.json' && f !== 'values.defaults.json'),
      version: entry.pinned.split('=')[1],
      // Remote $refs (e.g. to a Kubernetes JSON schema mirror) are not available offline: left open.
      ...(remote ? { openRemoteRefs: remote } : {}),
    };
  }
  return { files, charts: sortKeys(charts) };
}

/** Replaces each `$ref` to another host (not a file of the chart) by an open schema, counting them. */
function openRemoteRefs(node, count) {
  if (Array.isArray(node)) return node.map((n) => openRemoteRefs(n, count));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && /^https?:\/\//.test(node.$ref)) {
    count();
    return {};
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, openRemoteRefs(v, count)]));
}

/** Every generated schema file: `{ "<path relative to the repo root>": "<content>" }`. */
export function generateSchemas(crdPaths, root, upstreamDir = join(root, '..', 'shared', 'schemas', 'upstream')) {
  if (!existsSync(join(upstreamDir, 'core.json'))) throw new Error(`schemas: ${upstreamDir} is missing (the upstream schemas at our pins, ../shared/schemas/upstream)`);
  const core = upstreamCoreSchemas(upstreamDir, root);
  const upstream = upstreamCrdSchemas(upstreamDir);
  // CRDs the upstream set does not carry (istio, snapshot-controller) come from ../shared/crds.
  const crds = { ...Object.fromEntries(Object.entries(crdSchemas(crdPaths)).filter(([gvk]) => !upstream[gvk])), ...upstream };
  const values = upstreamValuesSchemas(upstreamDir);
  const files = {};
  const index = {};
  for (const [gvk, id] of Object.entries(core.kinds)) index[gvk] = `k8s.json#/definitions/${id}`;
  files[`${SCHEMAS_DIR}/k8s.json`] = `${JSON.stringify({ definitions: core.definitions })}\n`;
  for (const [gvk, { file, schema }] of Object.entries(crds)) {
    if (index[gvk]) throw new Error(`schemas: ${gvk} is both a core kind and a CRD kind`);
    index[gvk] = file;
    files[`${SCHEMAS_DIR}/${file}`] = `${JSON.stringify(schema)}\n`;
  }
  files[`${SCHEMAS_DIR}/index.json`] = `${JSON.stringify(sortKeys(index), null, 1)}\n`;
  for (const [file, schema] of Object.entries(values.files)) files[`${SCHEMAS_DIR}/${file}`] = `${JSON.stringify(schema)}\n`;
  files[`${SCHEMAS_DIR}/values/index.json`] = `${JSON.stringify(values.charts, null, 1)}\n`;
  return sortKeys(files);
}
