// Generates the strict JSON Schemas that `lib/validation/` checks every emitted Kubernetes object against.
// Called by scripts/import.mjs (`npm run import`, `npm run import -- --check`); offline and deterministic.
//
// Output, under lib/generated/kubernetes-schemas/ (compact JSON, committed like the bindings):
//   k8s.json                          core Kubernetes types: { definitions: { "<openapi id>": schema } }
//   crd/<group>/<kind>_<version>.json one file per served version of every CRD
//   index.json                        "<apiVersion>/<Kind>" → "k8s.json#/definitions/<id>" | "crd/…json"
//
// Core kinds — why the cdk8s-plus-28 declarations: the project must validate with only its own files, and
// no npm package ships the Kubernetes OpenAPI document. `cdk8s-plus-28/lib/imports/k8s.d.ts` (Kubernetes
// 1.28, already a dependency) is generated from that document: every interface and property carries a
// `@schema <openapi id>[#<json field>]` tag, required fields have no `?`, maps are index signatures.
// Parsing it with the TypeScript compiler API (syntax only, no type checker) rebuilds the structure, and
// every object gets `additionalProperties: false`, so unknown fields are rejected. The alternative,
// kubernetes-models' validators, cannot reject unknown fields. What the declarations lose: `status`
// (never emitted by us), int32 vs double (Kubernetes APIs have no floats outside JSONSchemaProps, so a
// number is an integer except the fields in FLOAT_FIELDS), enums and patterns (not in the OpenAPI either),
// and fields added after Kubernetes 1.28 (reported as unknown). Only stable apiVersions are accepted.
//
// CRDs — kubeconform `-strict` semantics on each served version's openAPIV3Schema:
//   * `additionalProperties: false` on every schema with `properties` that has neither
//     `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true` (not inside
//     allOf/anyOf/oneOf/not: structural schemas declare every field in the enclosing schema, so adding it
//     there would reject the siblings);
//   * `x-kubernetes-int-or-string` → type integer|string; `nullable: true` → null allowed;
//   * CEL `x-kubernetes-validations` and the other x-kubernetes-* markers, descriptions, defaults,
//     examples and formats dropped (formats are not validated); patterns JavaScript cannot compile
//     or would read differently (Go RE2-only syntax: `(?i)`, `\PC`) are dropped;
//   * root: exactly apiVersion, kind, metadata and the declared fields (spec, status, …);
//     `metadata` is the core ObjectMeta (plus whatever the CRD itself declares for it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export const SCHEMAS_DIR = 'lib/generated/kubernetes-schemas';
const K8S_DTS = 'node_modules/cdk8s-plus-28/lib/imports/k8s.d.ts';
const K8S_JS = 'node_modules/cdk8s-plus-28/lib/imports/k8s.js';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const OBJECT_META_REF = `k8s.json#/definitions/${OBJECT_META}`;
const JSON_SCHEMA_PROPS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
/** The only floating-point fields of the core API (everything else numeric is int32/int64). */
const FLOAT_FIELDS = new Set([`${JSON_SCHEMA_PROPS}#maximum`, `${JSON_SCHEMA_PROPS}#minimum`, `${JSON_SCHEMA_PROPS}#multipleOf`]);
/**
 * Core API versions accepted: stable ones only. The clusters run a far newer Kubernetes (versions.env) on
 * which every alpha/beta version that 1.28 served is removed (flowcontrol v1beta2/v1beta3,
 * resource.k8s.io/v1alpha2, networking v1alpha1 ClusterCIDR) or off by default.
 */
const STABLE_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+$/;
/** Keys dropped from CRD schemas: prose, defaults and checks this validator does not apply. */
const DROPPED_KEYS = new Set(['description', 'default', 'example', 'format', 'externalDocs', 'title', 'nullable', '$schema']);

/** `@schema` tag of a declaration (`io.k8s.api.apps.v1.DeploymentSpec` or `…#replicas`). */
function schemaTag(node) {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text === 'schema' && typeof tag.comment === 'string') return tag.comment.trim();
  }
  return undefined;
}

/** Core Kubernetes definitions and kinds from cdk8s-plus-28's generated declarations. */
export function coreSchemas(root) {
  const dtsPath = join(root, K8S_DTS);
  const source = ts.createSourceFile(dtsPath, readFileSync(dtsPath, 'utf8'), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map(); // TS name → declaration
  const enums = new Map(); // TS name → values
  const classes = new Map(); // TS class name → openapi id
  for (const st of source.statements) {
    if (ts.isInterfaceDeclaration(st)) interfaces.set(st.name.text, st);
    else if (ts.isEnumDeclaration(st)) enums.set(st.name.text, st.members.map((m) => m.initializer.text));
    else if (ts.isClassDeclaration(st) && st.name && st.heritageClauses?.some((h) => h.getText(source).includes('ApiObject'))) {
      classes.set(st.name.text, schemaTag(st));
    }
  }
  const idOf = (name) => {
    const decl = interfaces.get(name);
    const id = decl && schemaTag(decl);
    if (!id) throw new Error(`schemas: interface ${name} in ${K8S_DTS} has no @schema tag`);
    return id;
  };

  const convert = (type, field) => {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: FLOAT_FIELDS.has(field) ? 'number' : 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
        return {};
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: convert(type.elementType, field) };
      case ts.SyntaxKind.TypeLiteral: {
        const index = type.members.find(ts.isIndexSignatureDeclaration);
        if (!index || type.members.length !== 1) throw new Error(`schemas: ${field}: unsupported inline type`);
        return { type: 'object', additionalProperties: convert(index.type, field) };
      }
      case ts.SyntaxKind.TypeReference: {
        const name = type.typeName.getText(source);
        if (name === 'Date') return { type: 'string' };
        if (name === 'IntOrString') return { type: ['integer', 'string'] };
        if (name === 'Quantity') return { type: ['number', 'string'] }; // `cpu: 0.5` is a valid quantity
        if (enums.has(name)) return { type: 'string', enum: enums.get(name) };
        return { $ref: `#/definitions/${idOf(name)}` };
      }
      default:
        throw new Error(`schemas: ${field}: unsupported type ${ts.SyntaxKind[type.kind]}`);
    }
  };

  const kindIds = new Set([...classes.values()]);
  const definitions = {};
  for (const [name, decl] of interfaces) {
    const id = schemaTag(decl);
    if (!id) continue;
    if (definitions[id]) throw new Error(`schemas: two interfaces declare @schema ${id}`);
    const properties = {};
    const required = [];
    if (kindIds.has(id)) {
      // Props of a kind omit apiVersion/kind (the class sets them); nested uses (volumeClaimTemplates) may carry them.
      properties.apiVersion = { type: 'string' };
      properties.kind = { type: 'string' };
    }
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type) throw new Error(`schemas: ${name}: unsupported member`);
      const tag = schemaTag(m);
      const field = tag?.includes('#') ? tag.slice(tag.indexOf('#') + 1) : m.name.getText(source);
      properties[field] = convert(m.type, `${id}#${field}`);
      if (!m.questionToken) required.push(field);
    }
    const schema = { type: 'object' };
    if (Object.keys(properties).length) {
      schema.properties = properties;
      schema.additionalProperties = false;
    }
    if (required.length) schema.required = required;
    definitions[id] = schema;
  }

  // apiVersion/kind of every class, from the GVK assignments of k8s.js.
  const js = readFileSync(join(root, K8S_JS), 'utf8');
  const kinds = {};
  let found = 0;
  for (const [, cls, apiVersion, kind] of js.matchAll(/^(Kube\w+)\.GVK = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)',\s*\};/gm)) {
    const id = classes.get(cls);
    if (!id || !definitions[id]) throw new Error(`schemas: class ${cls} has no schema definition`);
    found++;
    if (STABLE_VERSION.test(apiVersion)) kinds[`${apiVersion}/${kind}`] = id;
  }
  if (found !== classes.size) throw new Error(`schemas: found ${found} GVKs in ${K8S_JS} for ${classes.size} classes`);
  return { definitions: sortKeys(definitions), kinds };
}

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
export function strictSchema(s, inCombinator = false) {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || DROPPED_KEYS.has(k)) continue;
    switch (k) {
      case 'properties':
      case 'patternProperties':
      case 'definitions':
        out[k] = mapValues(v, (p) => strictSchema(p));
        break;
      case 'items':
        out[k] = Array.isArray(v) ? v.map((i) => strictSchema(i)) : strictSchema(v);
        break;
      case 'additionalProperties':
      case 'additionalItems':
        out[k] = typeof v === 'object' ? strictSchema(v) : v;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[k] = v.map((b) => strictSchema(b, true));
        break;
      case 'not':
        out[k] = strictSchema(v, true);
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

/** Every generated schema file: `{ "<path relative to the repo root>": "<content>" }`. */
export function generateSchemas(crdPaths, root) {
  const core = coreSchemas(root);
  const crds = crdSchemas(crdPaths);
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
  return sortKeys(files);
}
