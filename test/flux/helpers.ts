import { ApiObject, App } from 'cdk8s';
import { join } from 'node:path';
import type { CrdProviderTable } from '../../lib/flux/crd-providers.js';
import { ClusterSync } from '../../lib/flux/sync.js';
import { FluxTree } from '../../lib/flux/tree.js';
import { Unit } from '../../lib/k8s/unit.js';
import { Versions } from '../../lib/versions/versions.js';
import { crdProviders } from '../../clusters/crd-providers.js';
import { fluxRepository } from '../../model/contract.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const versions = (): Versions => Versions.load(join(ROOT, 'versions.env'));

/** A small cluster: a FluxTree, a namespaces unit and plain units standing in for releases. */
export function miniCluster(source: 'git' | 'oci' = 'oci', table: CrdProviderTable = crdProviders) {
  const app = new App({ outdir: 'unused' });
  const sync = new ClusterSync('test', source === 'git' ? { kind: 'git', branch: 'main' } : { kind: 'oci', semver: '>=1.0.0-0' }, fluxRepository);
  const tree = new FluxTree(app, 'flux', { sync, crdProviders: table });
  const namespaces = new Unit(app, 'namespaces', { path: 'platform/namespaces' });
  const unit = (id: string, path: string) => new Unit(app, id, { path });
  const ns = (name: string) => new ApiObject(namespaces, `ns-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const obj = (scope: Unit, id: string, apiVersion: string, kind: string, name: string, namespace?: string, spec?: object) =>
    new ApiObject(scope, id, { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...(spec ? { spec } : {}) });
  return { app, sync, tree, namespaces, unit, ns, obj };
}

/** The dependsOn list of unit `name` after finalize. */
export function depsOf(tree: FluxTree, name: string): readonly string[] {
  const u = tree.units.find((x) => x.name === name);
  if (!u) throw new Error(`no unit ${name}`);
  return u.dependsOn;
}
