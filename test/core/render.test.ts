import { ApiObject, App } from 'cdk8s';
import { KubeConfigMap, KubeNamespace, KubePriorityClass } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { describe, expect, it } from 'vitest';
import { SynthError, SynthErrors } from '../../lib/core/errors.js';
import { fileNameFor } from '../../lib/core/manifest.js';
import { renderCluster, GENERATED_HEADER } from '../../lib/k8s/render.js';
import { Unit } from '../../lib/k8s/unit.js';
import { parse } from 'yaml';

function app(): App {
  return new App({ outdir: 'unused' });
}

describe('renderCluster', () => {
  it('writes one file per object named from kind, namespace and name, plus a kustomization per folder', () => {
    const a = app();
    const unit = new Unit(a, 'u', { path: 'config/demo' });
    new KubeNamespace(unit, 'ns', { metadata: { name: 'demo' } });
    new KubeConfigMap(unit, 'cm', { metadata: { name: 'settings', namespace: 'demo' }, data: { a: '1' } });
    const out = renderCluster('dev', a);
    expect([...out.files.keys()].sort()).toEqual([
      'config/demo/configmap_demo_settings.yaml',
      'config/demo/kustomization.yaml',
      'config/demo/namespace_demo.yaml',
    ]);
    const kz = parse(out.files.get('config/demo/kustomization.yaml')!);
    expect(kz).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['configmap_demo_settings.yaml', 'namespace_demo.yaml'],
    });
    const cm = out.files.get('config/demo/configmap_demo_settings.yaml')!;
    expect(cm.split('\n')[0]).toBe(GENERATED_HEADER);
    expect(cm.split('\n')[1]).toBe('apiVersion: v1');
    expect(parse(cm)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { a: '1' } });
  });

  it('names files so that the parts cannot run into each other', () => {
    expect(fileNameFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b-c', namespace: 'a' } })).toBe('configmap_a_b-c.yaml');
    expect(fileNameFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a-b' } })).toBe('configmap_a-b_c.yaml');
    expect(fileNameFor({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'platform' } })).toBe('priorityclass_platform.yaml');
  });

  it('rejects two objects with the same identity, naming both constructs', () => {
    const a = app();
    const one = new Unit(a, 'one', { path: 'one' });
    const two = new Unit(a, 'two', { path: 'two' });
    new KubeConfigMap(one, 'cm', { metadata: { name: 'x', namespace: 'demo' } });
    new KubeConfigMap(two, 'cm', { metadata: { name: 'x', namespace: 'demo' } });
    expect(() => renderCluster('dev', a)).toThrowError(/two\/cm.*core\/ConfigMap\/demo\/x is also defined by one\/cm/);
  });

  it('rejects two objects that would be written to the same file (same kind, other API group)', () => {
    const a = app();
    const unit = new Unit(a, 'u', { path: 'u' });
    new ApiObject(unit, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'demo' } });
    new ApiObject(unit, 'b', { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'demo' } });
    expect(() => renderCluster('dev', a)).toThrowError(/u\/b.*file u\/configmap_demo_x.yaml collides with u\/a/);
  });

  it('rejects a namespace on a cluster-scoped kind and a namespaced kind without one, reporting both', () => {
    const a = app();
    const unit = new Unit(a, 'u', { path: 'u' });
    new KubePriorityClass(unit, 'pc', { metadata: { name: 'platform', namespace: 'oops' }, value: 1 });
    new KubeConfigMap(unit, 'cm', { metadata: { name: 'orphan' } });
    let caught: unknown;
    try {
      renderCluster('dev', a);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SynthErrors);
    const messages = (caught as SynthErrors).errors.map((e) => e.message);
    expect(messages).toEqual([
      'u/pc (metadata.namespace): PriorityClass is cluster-scoped and must not carry a namespace ("oops")',
      'u/cm (metadata.namespace): ConfigMap "orphan" is namespaced but has no namespace',
    ]);
  });

  it('treats CRD kinds by their declared scope', () => {
    const a = app();
    const unit = new Unit(a, 'u', { path: 'u' });
    new ApiObject(unit, 'ccnp', { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'p', namespace: 'x' } });
    expect(() => renderCluster('dev', a)).toThrowError(SynthError);
  });

  it('reports construct validations with the construct path', () => {
    const a = app();
    const unit = new Unit(a, 'u', { path: 'u' });
    unit.node.addValidation({ validate: () => ['something is wrong'] });
    expect(() => renderCluster('dev', a)).toThrowError('u: something is wrong');
  });

  it('refuses unit paths that escape the cluster folder', () => {
    expect(() => new Unit(app(), 'bad', { path: '../x' })).toThrowError(/unit path/);
    expect(() => new Unit(app(), 'bad', { path: '/abs' })).toThrowError(/unit path/);
  });
});
