#!/usr/bin/env node
// Regenerates the typed CRD bindings under lib/generated/crds/ with `cdk8s import` (offline).
//
// cdk8s writes TypeScript; each module is committed compiled, as an ES module (.js) with its declarations
// (.d.ts): the ~9 MB of TypeScript become ~4 MB of JavaScript that Node loads as it is (the CLI bundle, and
// vitest, which leaves them to Node: vitest.config.ts) instead of transforming it on every test run, and tsc
// reads the declarations only.
//
// Source of the CRDs, in order of preference:
//   1. ../shared/crds/*.yaml (descriptions already removed), when present;
//   2. the upstream URLs listed in scripts/crd-sources.json (needs internet): descriptions are removed
//      the same way, so both paths give identical bindings.
// `cdk8s import` silently ignores every positional spec after the first, so all files are listed under
// `imports:` of a throw-away cdk8s.yaml and imported in ONE run.
//
//   npm run import            regenerate lib/generated/crds/ (and the schema files, see scripts/schemas.mjs)
//   npm run import -- --check fail if the committed files differ from a fresh generation (used by CI)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { parseAllDocuments, stringify } from 'yaml';
import { generateSchemas, SCHEMAS_DIR } from './schemas.mjs';
import { generateValuesSchemas, VALUES_SCHEMAS_DIR } from './values-schemas.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedCrds = resolve(root, '..', 'shared', 'crds');
const importsDir = join(root, 'lib', 'generated', 'crds');
const schemasDir = join(root, SCHEMAS_DIR);
const valuesSchemasDir = join(root, VALUES_SCHEMAS_DIR);
// Chart values schemas come from the shared upstream schema set only (no download): without it the
// committed ones are kept and left unchecked.
const sharedValues = resolve(root, '..', 'shared', 'schemas', 'upstream', 'values');
const check = process.argv.includes('--check');
// The Talos machine-config schema of the pinned Talos release (lib/talos/schema.ts validates every document
// with it at synth). Only from the shared schema set: without it the committed one is kept and left unchecked.
const talosVersion = /^talos_version=(\S+)$/m.exec(readFileSync(join(root, 'versions.env'), 'utf8'))?.[1];
const sharedTalosSchema = resolve(root, '..', 'shared', 'schemas', 'talos', `config.schema.${talosVersion}.json`);
const talosSchemaFile = join(root, 'lib', 'generated', 'talos-schema', 'config.schema.json');

/** Removes every string-valued `description` annotation (a property named `description` is kept). */
export function stripDescriptions(node, parentKey) {
  if (Array.isArray(node)) return node.map((n) => stripDescriptions(n));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      // Inside `properties`, keys are field names, so a field called "description" survives.
      if (k === 'description' && typeof v === 'string' && parentKey !== 'properties') continue;
      out[k] = stripDescriptions(v, k);
    }
    return out;
  }
  return node;
}

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`import: ${url}: HTTP ${res.status}`);
  return res.text();
}

/**
 * Removes every `additionalProperties: false` the catalog's converter added (a CRD schema never holds a
 * boolean-false additionalProperties); additionalProperties holding a schema are kept.
 */
export function stripAdditionalPropertiesFalse(node) {
  if (Array.isArray(node)) return node.map(stripAdditionalPropertiesFalse);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'additionalProperties' && v === false) continue;
      out[k] = stripAdditionalPropertiesFalse(v);
    }
    return out;
  }
  return node;
}

/**
 * Wraps a kind's catalog JSON Schemas into a CRD: metadata.name `<plural>.<group>`, names, scope, versions
 * newest first (as listed), all served, only the newest the storage version. Printer columns and
 * subresources are not in the catalog, so they are absent.
 */
async function catalogCrd(group, kind) {
  const names = { kind: kind.kind, listKind: kind.listKind, plural: kind.plural, singular: kind.singular };
  if (kind.shortNames) names.shortNames = kind.shortNames;
  const versions = [];
  for (const [i, v] of kind.versions.entries()) {
    const schema = stripDescriptions(stripAdditionalPropertiesFalse(JSON.parse(await fetchText(v.url))));
    versions.push({ name: v.name, served: true, storage: i === 0, schema: { openAPIV3Schema: schema } });
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${group}` },
    spec: { group, names, scope: kind.scope, versions },
  };
}

async function loadCrdFiles(workDir) {
  const files = [];
  if (existsSync(sharedCrds)) {
    for (const f of readdirSync(sharedCrds).filter((f) => f.endsWith('.yaml')).sort()) {
      files.push({ group: f.replace(/\.yaml$/, ''), text: readFileSync(join(sharedCrds, f), 'utf8') });
    }
  } else {
    // scripts/crd-sources.json: per API group either `upstream` (CRD YAML URLs at a release tag) or
    // `catalog` (pinned datreeio/CRDs-catalog JSON Schemas, wrapped into a CRD as SOURCES.md describes).
    const sources = JSON.parse(readFileSync(join(root, 'scripts', 'crd-sources.json'), 'utf8'));
    for (const [group, source] of Object.entries(sources)) {
      const docs = [];
      for (const url of source.upstream ?? []) {
        for (const d of parseAllDocuments(await fetchText(url))) {
          const js = d.toJS();
          if (js?.kind === 'CustomResourceDefinition') docs.push(stringify(stripDescriptions(js)));
        }
      }
      for (const kind of source.catalog ?? []) docs.push(stringify(await catalogCrd(group, kind)));
      files.push({ group, text: docs.join('---\n') });
    }
  }
  const paths = [];
  for (const { group, text } of files) {
    const p = join(workDir, `${group}.yaml`);
    writeFileSync(p, text);
    paths.push(p);
  }
  return paths;
}

/** Scope of every CRD kind/version, so the writer knows which kinds are cluster-scoped. */
function crdKindsModule(crdPaths) {
  const rows = [];
  for (const p of crdPaths) {
    for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        if (v.served === false) continue;
        rows.push(`  '${crd.spec.group}/${v.name}/${crd.spec.names.kind}': '${crd.spec.scope}',`);
      }
    }
  }
  rows.sort();
  return [
    '/** Served CRD kinds (`group/version/Kind`) and their scope. */',
    'export const CRD_KINDS: Readonly<Record<string, \'Namespaced\' | \'Cluster\'>> = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

function generateBindings(workDir, crdPaths) {
  const config = ['language: typescript', 'app: "true"', 'imports:', ...crdPaths.map((p) => `  - ${p}`)].join('\n');
  writeFileSync(join(workDir, 'cdk8s.yaml'), `${config}\n`);
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['import', '--no-check-upgrade', '--output', 'imports'], {
      cwd: workDir,
      stdio: 'pipe',
    });
  } catch (err) {
    // Only show cdk8s' chatter when it failed.
    process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    throw err;
  }
  const out = {};
  for (const f of readdirSync(join(workDir, 'imports')).sort()) out[f] = readFileSync(join(workDir, 'imports', f), 'utf8');
  return out;
}

const BINDINGS_HEADER = '// Generated by scripts/import.mjs from the CRDs (compiled from TypeScript); do not edit.\n';

/**
 * `name.ts` → `name.js` (ES module, types removed by esbuild as the CLI bundle does) and `name.d.ts` (the
 * declarations, by TypeScript's isolated declaration emit: every export of the bindings is explicitly typed).
 */
function compileBindings(modules) {
  const out = {};
  for (const [name, source] of Object.entries(modules)) {
    const base = name.replace(/\.ts$/, '');
    const js = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: name, logLevel: 'silent' }).code;
    const dts = ts.transpileDeclaration(source, { fileName: name, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, strict: true } });
    if (dts.diagnostics?.length) {
      const why = dts.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ');
      throw new Error(`import: ${name}: no declarations without type inference: ${why}`);
    }
    const body = (text) => text.replace(/^\/\/ generated by cdk8s\n/, '');
    out[`${base}.js`] = BINDINGS_HEADER + body(js);
    out[`${base}.d.ts`] = BINDINGS_HEADER + body(dts.outputText);
  }
  return out;
}

/** The upstream schema as one line of JSON, tagged with the Talos release it belongs to. */
function talosSchemaModule(text, version) {
  const { $schema, $id, ...schema } = JSON.parse(text);
  return `${JSON.stringify({ $comment: `Talos ${version} machine configuration (${$id}); generated by npm run import`, ...schema })}\n`;
}

const work = mkdtempSync(join(tmpdir(), 'homelab-import-'));
try {
  const crdPaths = await loadCrdFiles(work);
  const generated = compileBindings({ ...generateBindings(work, crdPaths), 'crd-kinds.ts': crdKindsModule(crdPaths) });
  const schemaFiles = generateSchemas(crdPaths, root); // { relativePath: content }
  const valuesSchemas = existsSync(sharedValues) ? generateValuesSchemas(sharedValues) : undefined;
  if (!valuesSchemas) console.warn(`import: ${sharedValues} not found; ${VALUES_SCHEMAS_DIR} kept as committed`);
  const talosSchema = existsSync(sharedTalosSchema) ? talosSchemaModule(readFileSync(sharedTalosSchema, 'utf8'), talosVersion) : undefined;
  if (!talosSchema) console.warn(`import: ${sharedTalosSchema} not found; ${talosSchemaFile} kept as committed`);
  const targets = [
    ...Object.entries(generated).map(([f, c]) => [join(importsDir, f), c]),
    ...Object.entries(schemaFiles).map(([f, c]) => [join(root, f), c]),
    ...Object.entries(valuesSchemas ?? {}).map(([f, c]) => [join(valuesSchemasDir, f), c]),
    ...(talosSchema ? [[talosSchemaFile, talosSchema]] : []),
  ];
  if (check) {
    const stale = targets.filter(([p, c]) => !existsSync(p) || readFileSync(p, 'utf8') !== c).map(([p]) => p);
    const expected = new Set(targets.map(([p]) => p));
    const extra = [importsDir, schemasDir, ...(valuesSchemas ? [valuesSchemasDir] : [])].flatMap((d) =>
      existsSync(d) ? readdirSync(d, { recursive: true }).map((f) => join(d, String(f))).filter((p) => !expected.has(p) && !statSync(p).isDirectory()) : [],
    );
    if (stale.length || extra.length) {
      console.error('import --check: committed bindings/schemas differ from a fresh generation:');
      for (const p of [...stale, ...extra]) console.error(`  ${p.replace(`${root}/`, '')}`);
      console.error('Run `npm run import` and commit the result.');
      process.exit(1);
    }
    console.log(`import --check: ${targets.length} generated files are up to date`);
  } else {
    rmSync(importsDir, { recursive: true, force: true });
    rmSync(schemasDir, { recursive: true, force: true });
    if (valuesSchemas) rmSync(valuesSchemasDir, { recursive: true, force: true });
    for (const [p, c] of targets) {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, c);
    }
    console.log(`import: wrote ${targets.length} files`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
