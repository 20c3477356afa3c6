import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { formatIssue, issueToSynthError, validateObject, type ValidationIssue } from '../../lib/validation/index.js';

const messages = (issues: ValidationIssue[]): string[] => issues.map(formatIssue);

const helmRelease = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'cilium', namespace: 'flux-system' },
  spec: { interval: '1h', chart: { spec: { chart: 'cilium', sourceRef: { kind: 'HelmRepository', name: 'cilium' } } }, ...spec },
  ...extra,
});

const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...spec,
  },
});

describe('validateObject: valid objects', () => {
  it('accepts a core Deployment and a Flux HelmRelease', () => {
    expect(validateObject(deployment({ replicas: 2 }))).toEqual([]);
    expect(validateObject(helmRelease({}))).toEqual([]);
  });

  it('accepts arbitrary content under x-kubernetes-preserve-unknown-fields (HelmRelease values)', () => {
    const values = { anything: { nested: [1, 'two', { deep: true }] }, hubble: { relay: { enabled: true } } };
    expect(validateObject(helmRelease({ values }))).toEqual([]);
  });

  it('accepts both forms of an int-or-string field and rejects other types (core and CRD)', () => {
    const svc = (targetPort: unknown) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { ports: [{ port: 80, targetPort }] },
    });
    expect(validateObject(svc(8080))).toEqual([]);
    expect(validateObject(svc('http'))).toEqual([]);
    expect(messages(validateObject(svc(true)))).toEqual(['Service apps/web: /spec/ports/0/targetPort: must be integer or string, got boolean']);

    const cnp = (type: unknown) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'icmp', namespace: 'apps' },
      spec: { endpointSelector: {}, egress: [{ icmps: [{ fields: [{ type }] }] }] },
    });
    expect(validateObject(cnp(8))).toEqual([]);
    expect(validateObject(cnp('EchoRequest'))).toEqual([]);
    expect(messages(validateObject(cnp(['8'])))).toEqual(['CiliumNetworkPolicy apps/icmp: /spec/egress/0/icmps/0/fields/0/type: must be integer or string, got array']);
  });

  it('ignores Go-only regexps instead of misreading them (Cilium description: ^\\PC*$)', () => {
    const cnp = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'dns', namespace: 'apps' },
      spec: { description: 'allow DNS to kube-dns', endpointSelector: {}, egress: [{ toEndpoints: [{}] }] },
    };
    expect(validateObject(cnp)).toEqual([]);
  });

  it('accepts a Quantity as a string or a number', () => {
    const resources = { requests: { cpu: 0.5, memory: '128Mi' }, limits: { memory: '256Mi' } };
    const d = deployment({});
    d.spec.template.spec.containers[0] = { ...d.spec.template.spec.containers[0]!, resources } as never;
    expect(validateObject(d)).toEqual([]);
  });
});

describe('validateObject: unknown fields are rejected', () => {
  it('at the top level of a CRD object', () => {
    expect(messages(validateObject(helmRelease({}, { specs: {} })))).toEqual(['HelmRelease flux-system/cilium: /specs: unknown field']);
  });

  it('nested in a CRD object, naming the object and JSON path', () => {
    const hr = helmRelease({ chart: { spec: { chart: 'cilium', verison: '1.18.2', sourceRef: { kind: 'HelmRepository', name: 'cilium' } } } });
    expect(messages(validateObject(hr))).toEqual(['HelmRelease flux-system/cilium: /spec/chart/spec/verison: unknown field']);
  });

  it('in the metadata of a CRD object (checked as ObjectMeta)', () => {
    const hr = { ...helmRelease({}), metadata: { name: 'cilium', namespace: 'flux-system', label: { a: 'b' }, annotations: { n: 1 } } };
    expect(messages(validateObject(hr))).toEqual([
      'HelmRelease flux-system/cilium: /metadata/label: unknown field',
      'HelmRelease flux-system/cilium: /metadata/annotations/n: must be string, got integer',
    ]);
  });

  it('at the top level and nested in a core object', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' }, spec2: {} };
    expect(messages(validateObject(ns))).toEqual(['Namespace apps: /spec2: unknown field']);
    const d = deployment({});
    d.spec.template.spec.containers[0] = { ...d.spec.template.spec.containers[0]!, imagePullPolicyy: 'Always' } as never;
    expect(messages(validateObject(d))).toEqual(['Deployment apps/web: /spec/template/spec/containers/0/imagePullPolicyy: unknown field']);
  });

  it('uses the real JSON field names of core kinds (not the cdk8s camelCase ones)', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    expect(validateObject(crd)).toEqual([]);
    const camel = structuredClone(crd) as { spec: { versions: Array<{ schema: { openAPIV3Schema: Record<string, unknown> } }> } };
    camel.spec.versions[0]!.schema.openAPIV3Schema = { type: 'object', xKubernetesPreserveUnknownFields: true };
    expect(messages(validateObject(camel))).toEqual([
      'CustomResourceDefinition widgets.example.com: /spec/versions/0/schema/openAPIV3Schema/xKubernetesPreserveUnknownFields: unknown field',
    ]);
  });
});

describe('validateObject: wrong types, enums, missing fields, unknown kinds', () => {
  it('reports a wrong type in core and CRD objects', () => {
    expect(messages(validateObject(deployment({ replicas: '3' })))).toEqual(['Deployment apps/web: /spec/replicas: must be integer, got string']);
    expect(messages(validateObject(deployment({ replicas: 1.5 })))).toEqual(['Deployment apps/web: /spec/replicas: must be integer, got number']);
    const ks = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
      spec: { interval: '10m', prune: 'yes', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    };
    expect(messages(validateObject(ks))).toEqual(['Kustomization flux-system/apps: /spec/prune: must be boolean, got string']);
  });

  it('folds a failed anyOf of required fields into one message (CiliumNetworkPolicy without rules)', () => {
    const cnp = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'none', namespace: 'apps' }, spec: { endpointSelector: {} } };
    expect(messages(validateObject(cnp))).toEqual(['CiliumNetworkPolicy apps/none: /spec: must set at least one of: ingress, ingressDeny, egress, egressDeny']);
  });

  it('reports a value outside a CRD enum', () => {
    const hr = helmRelease({ chart: { spec: { chart: 'cilium', sourceRef: { kind: 'HelmRepo', name: 'cilium' } } } });
    expect(messages(validateObject(hr))).toEqual([
      'HelmRelease flux-system/cilium: /spec/chart/spec/sourceRef/kind: must be one of "HelmRepository", "GitRepository", "Bucket", got "HelmRepo"',
    ]);
  });

  it('reports missing required fields (core, CRD, and the object root)', () => {
    const d = deployment({});
    delete (d.spec as { selector?: unknown }).selector;
    expect(messages(validateObject(d))).toEqual(['Deployment apps/web: /spec/selector: missing required field']);
    const hr = helmRelease({});
    delete (hr.spec as { interval?: unknown }).interval;
    expect(messages(validateObject(hr))).toEqual(['HelmRelease flux-system/cilium: /spec/interval: missing required field']);
    expect(messages(validateObject({ apiVersion: 'v1', kind: 'ConfigMap' }))).toEqual(['ConfigMap <no name>: /metadata: missing required field']);
  });

  it('treats an unknown apiVersion/kind as an error, hinting at the known versions', () => {
    expect(messages(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'a' } }))).toEqual([
      'Widget a/w: /apiVersion: unknown apiVersion/kind example.com/v1/Widget: no schema (no kind of that name: CRDs come from `npm run import`, core kinds are the stable ones of Kubernetes 1.36)',
    ]);
    const old = { ...helmRelease({}), apiVersion: 'helm.toolkit.fluxcd.io/v2beta1' };
    expect(messages(validateObject(old))).toEqual([
      'HelmRelease flux-system/cilium: /apiVersion: unknown apiVersion/kind helm.toolkit.fluxcd.io/v2beta1/HelmRelease: no schema (schemas exist for HelmRelease in helm.toolkit.fluxcd.io/v2)',
    ]);
  });

  it('accepts only stable core apiVersions (alpha and beta APIs are off on the clusters)', () => {
    const claim = { apiVersion: 'resource.k8s.io/v1alpha2', kind: 'ResourceClaim', metadata: { name: 'gpu', namespace: 'ai' } };
    expect(messages(validateObject(claim))).toEqual([
      'ResourceClaim ai/gpu: /apiVersion: unknown apiVersion/kind resource.k8s.io/v1alpha2/ResourceClaim: no schema (schemas exist for ResourceClaim in resource.k8s.io/v1)',
    ]);
  });

  it('does not accept unserved CRD versions (garage v1alpha1 GarageKey)', () => {
    const key = { apiVersion: 'garage.rajsingh.info/v1alpha1', kind: 'GarageKey', metadata: { name: 'k', namespace: 'garage' } };
    expect(validateObject(key)[0]?.message).toMatch(/^unknown apiVersion\/kind garage\.rajsingh\.info\/v1alpha1\/GarageKey/);
  });

  it('rejects what is not a Kubernetes object', () => {
    expect(messages(validateObject('hello'))).toEqual(['<string>: /: not a Kubernetes object: apiVersion and kind must be strings']);
    expect(messages(validateObject({ kind: 'Namespace', metadata: { name: 'x' } }))).toEqual(['Namespace x: /: not a Kubernetes object: apiVersion and kind must be strings']);
  });

  it('names the file when known, and converts to a SynthError naming file and field', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' }, spec2: {} };
    const [issue] = validateObject(ns, { file: 'dev/namespaces/namespace_apps.yaml' });
    expect(formatIssue(issue!)).toBe('dev/namespaces/namespace_apps.yaml: Namespace apps: /spec2: unknown field');
    const err = issueToSynthError(issue!);
    expect(err).toBeInstanceOf(SynthError);
    expect(err.field).toBe('/spec2');
    expect(err.message).toBe('dev/namespaces/namespace_apps.yaml: Namespace apps (/spec2): unknown field');
  });
});
