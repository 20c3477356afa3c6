import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_KINDS } from '../../lib/generated/crds/crd-kinds.js';
import { SCHEMAS_DIR } from '../../lib/validation/index.js';
import { crdObjectSchema, OBJECT_META_REF, strictSchema, upstreamCoreSchemas } from '../../scripts/schemas.mjs';
import { ROOT } from './helpers.js';

const committed = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, SCHEMAS_DIR, file), 'utf8')) as Record<string, unknown>;

describe('strictSchema (CRD openAPIV3Schema → strict JSON Schema, kubeconform -strict semantics)', () => {
  it('closes every object that declares properties, at every depth', () => {
    const out = strictSchema({
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } } }, list: { type: 'array', items: { type: 'object', properties: { c: { type: 'integer' } } } } },
    });
    expect(out).toEqual({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: false },
        list: { type: 'array', items: { type: 'object', properties: { c: { type: 'integer' } }, additionalProperties: false } },
      },
      additionalProperties: false,
    });
  });

  it('leaves open: preserve-unknown-fields, explicit additionalProperties, property-less objects, combinator branches', () => {
    expect(strictSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
    expect(strictSchema({ type: 'object', additionalProperties: { type: 'object', properties: { x: {} } } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'object', properties: { x: {} }, additionalProperties: false },
    });
    expect(strictSchema({ type: 'object' })).toEqual({ type: 'object' });
    const withBranches = strictSchema({ type: 'object', properties: { a: {}, b: {} }, oneOf: [{ properties: { a: {} }, required: ['a'] }, { required: ['b'] }] });
    expect(withBranches.oneOf).toEqual([{ properties: { a: {} }, required: ['a'] }, { required: ['b'] }]);
    expect(withBranches.additionalProperties).toBe(false);
  });

  it('turns int-or-string into integer|string and nullable into an allowed null', () => {
    expect(strictSchema({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+%?$' })).toEqual({
      type: ['integer', 'string'],
      pattern: '^[0-9]+%?$',
    });
    expect(strictSchema({ type: 'string', nullable: true, enum: ['a', 'b'] })).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
  });

  it('drops CEL rules, markers, defaults, formats and patterns JavaScript cannot compile', () => {
    expect(
      strictSchema({
        type: 'string',
        format: 'date-time',
        default: 'x',
        example: 'y',
        'x-kubernetes-validations': [{ rule: 'self.size() > 1' }],
        'x-kubernetes-list-type': 'atomic',
        pattern: '(?P<name>x)',
      }),
    ).toEqual({ type: 'string' });
  });

  it('keeps a field named "description" (a property, not an annotation)', () => {
    expect(strictSchema({ type: 'object', properties: { description: { type: 'string' } } }).properties).toEqual({ description: { type: 'string' } });
  });
});

describe('crdObjectSchema (the object root)', () => {
  it('allows exactly apiVersion, kind, metadata and the declared fields, with metadata as ObjectMeta', () => {
    const out = crdObjectSchema({ type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } } });
    expect(Object.keys(out.properties as object).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect((out.properties as Record<string, unknown>).metadata).toEqual({ $ref: OBJECT_META_REF });
    expect(out.additionalProperties).toBe(false);
    expect(out.required).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('keeps constraints a CRD puts on metadata on top of ObjectMeta', () => {
    const out = crdObjectSchema({ type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } } } });
    expect((out.properties as Record<string, unknown>).metadata).toEqual({
      allOf: [{ $ref: OBJECT_META_REF }, { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } }],
    });
  });

  it('gives a schema-less (preserve-unknown-fields) root only spec and status besides the usual fields', () => {
    const out = crdObjectSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(Object.keys(out.properties as object).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(out.additionalProperties).toBe(false);
  });
});

describe('generated schema files', () => {
  const index = committed('index.json') as Record<string, string>;

  it('cover every served CRD kind and version of lib/generated/crds', () => {
    const missing = Object.keys(CRD_KINDS).filter((gvk) => !(gvk in index));
    expect(missing).toEqual([]);
    expect(index['garage.rajsingh.info/v1beta2/GarageCluster']).toBe('crd/garage.rajsingh.info/garagecluster_v1beta2.json');
  });

  it('cover the core kinds the homelab emits', () => {
    const core = [
      'v1/Namespace', 'v1/ConfigMap', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount', 'v1/PersistentVolumeClaim', 'v1/Endpoints',
      'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'batch/v1/Job', 'batch/v1/CronJob',
      'scheduling.k8s.io/v1/PriorityClass', 'node.k8s.io/v1/RuntimeClass', 'storage.k8s.io/v1/StorageClass',
      'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy',
      'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'apiextensions.k8s.io/v1/CustomResourceDefinition',
      'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
    ];
    expect(core.filter((gvk) => !index[gvk]?.startsWith('k8s.json#/definitions/'))).toEqual([]);
  });

  it('core definitions are Kubernetes 1.36 from ../shared/schemas/upstream, with the enums (regenerated in memory)', () => {
    const { definitions } = upstreamCoreSchemas(join(ROOT, '..', 'shared', 'schemas', 'upstream'), ROOT);
    expect(committed('k8s.json')).toEqual({ definitions });
    const port = definitions['V1ServicePort']!;
    expect(port).toMatchObject({ additionalProperties: false, required: ['port'] });
    expect((port.properties as Record<string, { enum?: unknown }>).protocol!.enum).toEqual(['SCTP', 'TCP', 'UDP']);
  });

  it('a CRD schema is closed where the CRD declares fields and open under preserve-unknown-fields', () => {
    const hr = committed('crd/helm.toolkit.fluxcd.io/helmrelease_v2.json') as { properties: Record<string, { properties: Record<string, unknown> } & Record<string, unknown>> };
    expect(hr.properties.spec!.additionalProperties).toBe(false);
    expect(hr.properties.spec!.properties.values).toEqual({});
    // Prose is dropped; what the API server enforces stays: CEL rules and formats.
    expect(JSON.stringify(hr)).not.toMatch(/"description":"|x-kubernetes-(?!validations)/);
    expect(JSON.stringify(hr)).toContain('"x-kubernetes-validations":[{"message":"either chart or chartRef must be set"');
  });
});
