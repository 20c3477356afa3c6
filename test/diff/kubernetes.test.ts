import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { diffFileSets, diffTrees } from '../../lib/diff/diff.js';
import { hasChanges } from '../../lib/diff/model.js';
import { deployment, fileSet, k8s, namespace, writeTree } from './fixtures.js';

const app = (image: string, env: Array<{ name: string; value: string }>) => ({
  name: 'app',
  image,
  env,
  ports: [{ name: 'http', containerPort: 8080 }],
});
const sidecar = { name: 'proxy', image: 'envoy:1.30', ports: [{ name: 'admin', containerPort: 9901 }] };

describe('Kubernetes objects', () => {
  it('reports added, removed and changed objects per cluster, matched by identity', () => {
    const base = writeTree({
      [k8s('dev', 'namespaces/namespace_a.yaml')]: namespace('a', { tier: 'one' }),
      [k8s('dev', 'namespaces/namespace_b.yaml')]: namespace('b'),
      [k8s('live', 'namespaces/namespace_a.yaml')]: namespace('a', { tier: 'one' }),
    });
    const head = writeTree({
      [k8s('dev', 'namespaces/namespace_a.yaml')]: namespace('a', { tier: 'two' }),
      [k8s('dev', 'namespaces/namespace_c.yaml')]: namespace('c'),
      [k8s('live', 'namespaces/namespace_a.yaml')]: namespace('a', { tier: 'one' }),
    });
    const report = diffTrees(base, head);
    expect(report.clusters).toEqual([
      {
        cluster: 'dev',
        added: [{ cluster: 'dev', group: '', kind: 'Namespace', name: 'c', apiVersion: 'v1', file: 'namespaces/namespace_c.yaml' }],
        removed: [{ cluster: 'dev', group: '', kind: 'Namespace', name: 'b', apiVersion: 'v1', file: 'namespaces/namespace_b.yaml' }],
        changed: [
          {
            ref: { cluster: 'dev', group: '', kind: 'Namespace', name: 'a', apiVersion: 'v1', file: 'namespaces/namespace_a.yaml' },
            changes: [{ path: 'metadata.labels.tier', op: 'changed', old: 'one', new: 'two' }],
          },
        ],
        moved: [],
      },
    ]);
    expect(report.stacks).toEqual([]);
    expect(hasChanges(report)).toBe(true);
  });

  it('a renamed file in its folder is no change; a file in another folder (another Flux unit) is one', () => {
    const ns = namespace('a');
    const kz = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['namespace_a.yaml'] };
    const renamed = diffFileSets(fileSet({ [k8s('dev', 'old/namespace_a.yaml')]: ns }), fileSet({ [k8s('dev', 'old/namespace_a2.yaml')]: ns }));
    expect(hasChanges(renamed)).toBe(false);
    expect(renamed.clusters[0]!.moved).toEqual([{ ref: expect.objectContaining({ kind: 'Namespace', name: 'a' }), from: 'old/namespace_a.yaml', to: 'old/namespace_a2.yaml', betweenUnits: false }]);
    const report = diffFileSets(
      fileSet({ [k8s('dev', 'old/namespace_a.yaml')]: ns, [k8s('dev', 'old/kustomization.yaml')]: kz }),
      fileSet({ [k8s('dev', 'new/folder/namespace_a.yaml')]: ns, [k8s('dev', 'new/folder/kustomization.yaml')]: kz }),
    );
    // The kustomization.yaml files are not objects; the move between units is a change.
    expect(hasChanges(report)).toBe(true);
    expect(report.clusters[0]!.moved).toEqual([
      { ref: expect.objectContaining({ kind: 'Namespace', name: 'a' }), from: 'old/namespace_a.yaml', to: 'new/folder/namespace_a.yaml', betweenUnits: true },
    ]);
    expect(report.clusters[0]!.added.length + report.clusters[0]!.removed.length + report.clusters[0]!.changed.length).toBe(0);
  });

  it('matches containers, env and ports by name, not by index', () => {
    const base = fileSet({
      [k8s('dev', 'apps/deployment_web_web.yaml')]: deployment('web', 'web', {
        containers: [app('web:1.0', [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]), sidecar],
      }),
    });
    // Sidecar first now, env reordered and one value changed, one env added, one removed, image bumped.
    const head = fileSet({
      [k8s('dev', 'apps/deployment_web_web.yaml')]: deployment('web', 'web', {
        containers: [sidecar, app('web:1.1', [{ name: 'C', value: '3' }, { name: 'A', value: '9' }])],
      }),
    });
    const [change] = diffFileSets(base, head).clusters[0]!.changed;
    expect(change!.changes).toEqual([
      { path: 'spec.template.spec.containers[name=app].env[name=B]', op: 'removed', old: { name: 'B', value: '2' } },
      { path: 'spec.template.spec.containers[name=app].env[name=C]', op: 'added', new: { name: 'C', value: '3' } },
      { path: 'spec.template.spec.containers[name=app].env[name=A].value', op: 'changed', old: '1', new: '9' },
      { path: 'spec.template.spec.containers[name=app].image', op: 'changed', old: 'web:1.0', new: 'web:1.1' },
      { path: 'spec.template.spec.containers[*]', op: 'changed', old: 'order app, proxy', new: 'order proxy, app' },
    ]);
  });

  it('matches container ports by name and reports a changed port number', () => {
    const withPort = (port: number) =>
      fileSet({ [k8s('dev', 'd.yaml')]: deployment('web', 'web', { containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: port }, { name: 'metrics', containerPort: 9090 }] }] }) });
    const [change] = diffFileSets(withPort(8080), withPort(8081)).clusters[0]!.changed;
    expect(change!.changes).toEqual([{ path: 'spec.template.spec.containers[name=app].ports[name=http].containerPort', op: 'changed', old: 8080, new: 8081 }]);
  });

  it('reports scalar list items added and removed, and an apiVersion change of the same object', () => {
    const role = (apiVersion: string, verbs: string[]) => ({ apiVersion, kind: 'Role', metadata: { name: 'r', namespace: 'n' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs }] });
    const report = diffFileSets(fileSet({ [k8s('dev', 'r.yaml')]: role('rbac.authorization.k8s.io/v1beta1', ['get', 'list']) }), fileSet({ [k8s('dev', 'r.yaml')]: role('rbac.authorization.k8s.io/v1', ['get', 'watch']) }));
    expect(report.clusters[0]!.changed[0]!.changes).toEqual([
      { path: 'apiVersion', op: 'changed', old: 'rbac.authorization.k8s.io/v1beta1', new: 'rbac.authorization.k8s.io/v1' },
      { path: 'rules[0].verbs[]', op: 'removed', old: 'list' },
      { path: 'rules[0].verbs[]', op: 'added', new: 'watch' },
    ]);
  });

  it('reports nothing for identical trees', () => {
    const files = { [k8s('dev', 'namespaces/namespace_a.yaml')]: namespace('a') };
    const report = diffTrees(writeTree(files), writeTree(files));
    expect(report).toEqual({ version: 2, clusterOrder: ['dev'], risks: [], clusters: [], stacks: [], reports: [], otherFiles: [] });
  });

  it('rejects unreadable input with errors naming the file and field', () => {
    expect(() => diffFileSets(fileSet({ [k8s('dev', 'bad.yaml')]: 'a: [unclosed\n' }), new Map())).toThrow(/base\/kubernetes\/clusters\/dev\/bad\.yaml: invalid YAML/);
    expect(() => diffFileSets(fileSet({ [k8s('dev', 'x.yaml')]: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } }), new Map())).toThrow(
      /base\/kubernetes\/clusters\/dev\/x\.yaml \(metadata\.name\): not a Kubernetes object/,
    );
    let err: unknown;
    try {
      diffFileSets(new Map(), fileSet({ [k8s('dev', 'a/namespace_a.yaml')]: namespace('a'), [k8s('dev', 'b/namespace_a.yaml')]: namespace('a') }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SynthError);
    expect((err as Error).message).toBe('head/kubernetes/clusters/dev/b/namespace_a.yaml (metadata.name): object core/Namespace/a is also defined in head/kubernetes/clusters/dev/a/namespace_a.yaml');
    expect(() => diffTrees('/nonexistent/dist', '/nonexistent/dist')).toThrow(/\/nonexistent\/dist: output tree not found/);
  });
});
