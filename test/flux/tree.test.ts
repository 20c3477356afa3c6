import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { SynthError, SynthErrors } from '../../lib/core/errors.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { Unit } from '../../lib/k8s/unit.js';
import { CRD_KINDS } from '../../lib/generated/crds/crd-kinds.js';
import { crdProviders } from '../../clusters/crd-providers.js';
import { depsOf, miniCluster } from './helpers.js';

describe('FluxTree: units become Flux Kustomizations', () => {
  it('derives dependsOn from CRD kinds, referenced stores and namespaces, plus explicit deps', () => {
    const { tree, unit, ns, obj } = miniCluster();
    ns('monitoring');
    unit('cilium', 'platform/cilium');
    unit('external-secrets', 'platform/external-secrets');
    unit('canary-checker', 'platform/canary-checker');
    const stores = unit('stores', 'config/external-secrets-stores');
    obj(stores, 'store', 'external-secrets.io/v1', 'ClusterSecretStore', 'aws-ssm');
    const app1 = unit('web', 'apps/web');
    obj(app1, 'es', 'external-secrets.io/v1', 'ExternalSecret', 'creds', 'monitoring', { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-ssm' } });
    obj(app1, 'canary', 'canaries.flanksource.com/v1', 'Canary', 'http-check', 'monitoring', { schedule: '@every 1m' });
    const policy = unit('netpol', 'config/network-policy');
    obj(policy, 'ccnp', 'cilium.io/v2', 'CiliumClusterwideNetworkPolicy', 'baseline');
    app1.dependOn(policy);
    tree.finalize();

    expect(depsOf(tree, 'web')).toEqual(['canary-checker', 'external-secrets', 'external-secrets-stores', 'namespaces', 'network-policy']);
    expect(depsOf(tree, 'external-secrets-stores')).toEqual(['external-secrets']);
    expect(depsOf(tree, 'network-policy')).toEqual(['cilium']);
    // a cluster-scoped object in a cluster-scoped-only unit needs no namespace unit
    expect(depsOf(tree, 'cilium')).toEqual([]);
    // the group Kustomizations order the groups
    expect(depsOf(tree, 'config')).toEqual(['platform']);
    expect(depsOf(tree, 'apps')).toEqual(['config']);
  });

  it('places each Kustomization in its group folder with the cluster-specific path and source', () => {
    const { app, tree, unit } = miniCluster('git');
    unit('cilium', 'platform/cilium');
    unit('netpol', 'config/network-policy');
    tree.finalize();
    const out = renderCluster('test', app);
    const ks = (file: string) => out.objects.find((o) => o.file === file)?.object as { spec: Record<string, unknown> } | undefined;
    expect(ks('platform/kustomization_flux-system_cilium.yaml')?.spec).toMatchObject({
      path: './dist/kubernetes/clusters/test/platform/cilium', interval: '3m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    });
    expect(ks('config/kustomization_flux-system_network-policy.yaml')?.spec.path).toBe('./dist/kubernetes/clusters/test/config/network-policy');
    expect(ks('kustomization_flux-system_platform.yaml')?.spec).toMatchObject({ path: './dist/kubernetes/clusters/test/platform', interval: '10m' });
    expect(ks('kustomization_flux-system_config.yaml')?.spec.dependsOn).toEqual([{ name: 'platform' }]);
    // root holds only the three group Kustomizations
    expect(out.files.get('kustomization.yaml')).toContain('kustomization_flux-system_apps.yaml');
    expect(out.objects.filter((o) => !o.file.includes('/')).map((o) => o.object.metadata.name).sort()).toEqual(['apps', 'config', 'platform']);
  });

  it('uses ./clusters/<cluster>/… inside the OCI artifact', () => {
    const { app, tree, unit } = miniCluster('oci');
    unit('cilium', 'platform/cilium');
    tree.finalize();
    const out = renderCluster('test', app);
    const cilium = out.objects.find((o) => o.object.kind === 'Kustomization' && o.object.metadata.name === 'cilium')!.object as unknown as { spec: { path: string; sourceRef: { kind: string } } };
    expect(cilium.spec.path).toBe('./clusters/test/platform/cilium');
    expect(cilium.spec.sourceRef.kind).toBe('OCIRepository');
  });

  it('rejects a dependency cycle, naming the units', () => {
    const { tree, unit } = miniCluster();
    const a = unit('a', 'config/a');
    const b = unit('b', 'config/b');
    const c = unit('c', 'apps/c');
    a.dependOn(b);
    b.dependOn(c);
    c.dependOn(a);
    expect(() => tree.finalize()).toThrow(/dependency cycle between Flux units: a -> b -> c -> a/);
  });

  it('rejects a cycle through a derived dependency', () => {
    const { tree, unit, obj } = miniCluster();
    const cilium = unit('cilium', 'platform/cilium');
    const pol = unit('netpol', 'config/network-policy');
    obj(pol, 'ccnp', 'cilium.io/v2', 'CiliumClusterwideNetworkPolicy', 'x');
    cilium.dependOn(pol);
    expect(() => tree.finalize()).toThrow(/cycle.*cilium -> network-policy -> cilium/);
  });

  it('rejects a dependency on a unit of another cluster (dangling target)', () => {
    const { tree, unit } = miniCluster();
    const other = new Unit(new App({ outdir: 'unused' }), 'elsewhere', { path: 'config/elsewhere' });
    const a = unit('a', 'config/a');
    a.dependOn(other);
    expect(() => tree.finalize()).toThrow(/^a \(dependOn\): depends on unit elsewhere \(path "config\/elsewhere"\), which is not a Flux unit of this cluster/);
  });

  it('rejects a custom kind whose providing release is missing from the cluster', () => {
    const { tree, unit, ns, obj } = miniCluster();
    ns('cache');
    const u = unit('cache', 'config/dragonfly');
    obj(u, 'df', 'dragonflydb.io/v1alpha1', 'Dragonfly', 'dragonfly', 'cache');
    let err: unknown;
    try {
      tree.finalize();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SynthError);
    expect((err as SynthError).where).toBe('cache/df');
    expect((err as Error).message).toMatch(/\(kind\): Dragonfly needs unit "dragonfly-operator"/);
  });

  it('rejects references to undeclared namespaces and stores, reporting every error together', () => {
    const { tree, unit, obj } = miniCluster();
    unit('external-secrets', 'platform/external-secrets');
    const u = unit('web', 'apps/web');
    obj(u, 'es', 'external-secrets.io/v1', 'ExternalSecret', 'creds', 'web', { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' } });
    let err: unknown;
    try {
      tree.finalize();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SynthErrors);
    const messages = (err as SynthErrors).errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/\(metadata\.namespace\): .*references Namespace "web", which no unit of this cluster declares/));
    expect(messages).toContainEqual(expect.stringMatching(/\(spec\.secretStoreRef\): .*references ClusterSecretStore "vault"/));
  });

  it('accepts namespaces that exist before Flux (flux-system)', () => {
    const { tree, unit, obj } = miniCluster();
    const u = unit('notif', 'config/flux-notifications');
    obj(u, 'p', 'notification.toolkit.fluxcd.io/v1beta3', 'Provider', 'discord', 'flux-system', { type: 'discord' });
    tree.finalize();
    expect(depsOf(tree, 'flux-notifications')).toEqual([]);
  });

  it('rejects a CRD group missing from the provider table', () => {
    const { tree, unit, obj } = miniCluster('oci', {});
    const u = unit('x', 'config/x');
    obj(u, 'c', 'cert-manager.io/v1', 'ClusterIssuer', 'ca');
    expect(() => tree.finalize()).toThrow(/API group "cert-manager.io" is missing from the CRD provider table/);
  });

  it('rejects two units with the same Flux name and paths outside the groups', () => {
    const dup = miniCluster();
    dup.unit('a', 'config/cilium');
    dup.unit('b', 'platform/cilium');
    expect(() => dup.tree.finalize()).toThrow(/Flux Kustomization name "cilium".*also used by unit/);
    const bad = miniCluster();
    bad.unit('a', 'misc/thing');
    expect(() => bad.tree.finalize()).toThrow(/unit path "misc\/thing" must start with one of platform\/, config\/, apps\//);
  });

  it('fails validation when a unit is added after the wiring ran', () => {
    const { app, tree, unit } = miniCluster();
    tree.finalize();
    unit('late', 'apps/late');
    expect(() => renderCluster('test', app)).toThrow(/unit late \(path "apps\/late"\) was added after the Flux wiring ran/);
  });

  it('a gate depends on every other unit', () => {
    const { tree, unit } = miniCluster();
    unit('cilium', 'platform/cilium');
    const gate = unit('gate', 'config/platform-validation');
    unit('web', 'apps/web');
    tree.gate(gate);
    tree.finalize();
    expect(depsOf(tree, 'platform-validation')).toEqual(['cilium', 'namespaces', 'web']);
  });

  it('makes a Certificate depend on cert-manager and on the unit declaring its ClusterIssuer', () => {
    const { tree, unit, ns, obj } = miniCluster();
    ns('istio-gateway');
    unit('cert-manager', 'platform/cert-manager');
    const issuers = unit('issuers', 'config/issuers');
    obj(issuers, 'ca', 'cert-manager.io/v1', 'ClusterIssuer', 'homelab-ca', undefined, { ca: { secretName: 'ca' } });
    const certs = unit('certs', 'config/certificates');
    obj(certs, 'c', 'cert-manager.io/v1', 'Certificate', 'internal', 'istio-gateway', { secretName: 'internal-tls', issuerRef: { kind: 'ClusterIssuer', name: 'homelab-ca' } });
    tree.finalize();
    expect(depsOf(tree, 'certificates')).toEqual(['cert-manager', 'issuers', 'namespaces']);
  });
});

describe('CRD provider table', () => {
  it('names a provider (or "present before Flux") for every API group we have bindings for', () => {
    const groups = new Set(Object.keys(CRD_KINDS).map((k) => k.split('/')[0]!));
    for (const g of groups) expect(crdProviders[g], g).not.toBeUndefined();
  });
});
