import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { synthHomelab } from '../helpers.js';

// Every custom object the app and data-service constructs emit, checked against its upstream CRD schema
// with unknown fields rejected (a typo in a field name is an error, not a silently ignored key).
// Upstream CRDs live outside the repository (never copied in); HOMELAB_CRDS points elsewhere if needed.
const CRDS = process.env.HOMELAB_CRDS ?? '/work/shared/crds';
const FOLDERS = /^(apps\/[^/]+|config\/(database|dragonfly|garage|velero)-config|config\/(issuers|certificates|gateway))\//;

type Schema = Record<string, any>;
function closed(s: Schema): Schema {
  if (!s || typeof s !== 'object') return s;
  const out: Schema = { ...s };
  for (const k of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations', 'x-kubernetes-embedded-resource']) delete out[k];
  // Go regexp flags (`(?i)`) have no JavaScript equivalent; such patterns are left to the API server.
  if (typeof s.pattern === 'string' && s.pattern.includes('(?')) delete out.pattern;
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, closed(v as Schema)]));
    if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (s.items) out.items = closed(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = closed(s.additionalProperties);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) out[k] = s[k].map(closed);
  return out;
}

const crdFiles = new Map<string, Schema[]>();
/** The CRDs of one API group, parsed once (the files are large: one parse per kind cost seconds). */
function crdFile(group: string): Schema[] {
  if (!crdFiles.has(group)) crdFiles.set(group, parseAllDocuments(readFileSync(`${CRDS}/${group}.yaml`, 'utf8')).map((d) => d.toJS() as Schema));
  return crdFiles.get(group)!;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
const validators = new Map<string, ReturnType<Ajv['compile']>>();
function validatorFor(apiVersion: string, kind: string) {
  const key = `${apiVersion}/${kind}`;
  if (validators.has(key)) return validators.get(key);
  const [group, version] = apiVersion.split('/');
  const docs = crdFile(group!);
  const crd = docs.find((d) => d?.spec?.names?.kind === kind);
  const v = crd?.spec.versions.find((x: { name: string }) => x.name === version);
  if (!v) throw new Error(`no CRD schema for ${key}`);
  const schema = closed(v.schema.openAPIV3Schema);
  // Some CRDs (Istio's) leave the type fields out of their schema; the API server accepts them anyway.
  schema.properties.metadata = { type: 'object' };
  schema.properties.apiVersion ??= { type: 'string' };
  schema.properties.kind ??= { type: 'string' };
  const fn = ajv.compile(schema);
  validators.set(key, fn);
  return fn;
}

describe('app and data-service objects match their CRD schemas', () => {
  const out = synthHomelab();
  for (const cluster of out.clusters) {
    it(`${cluster.name}`, () => {
      let checked = 0;
      for (const o of cluster.objects) {
        if (!FOLDERS.test(o.file) || !o.object.apiVersion.includes('.')) continue;
        const validate = validatorFor(o.object.apiVersion, o.object.kind)!;
        const ok = validate(o.object);
        expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`), `${cluster.name}: ${o.file}`).toEqual([]);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }
});

describe('the schema check itself', () => {
  it('rejects an unknown field and a wrong type', () => {
    const validate = validatorFor('garage.rajsingh.info/v1beta1', 'GarageKey')!;
    const key = { apiVersion: 'garage.rajsingh.info/v1beta1', kind: 'GarageKey', metadata: { name: 'k' }, spec: { clusterRef: { name: 'garage' } } };
    expect(validate(key)).toBe(true);
    expect(validate({ ...key, spec: { ...key.spec, neverExpire: true } })).toBe(false);
    expect(validate({ ...key, spec: { ...key.spec, neverExpires: 'yes' } })).toBe(false);
  });
});
