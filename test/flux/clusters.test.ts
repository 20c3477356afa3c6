import { createObservability } from '../../clusters/observability.js';
import { describe, expect, it } from 'vitest';
import { App } from 'cdk8s';
import { SynthError } from '../../lib/core/errors.js';
import { SsmExternalSecret } from '../../lib/flux/ssm-secret.js';
import { ClusterSync } from '../../lib/flux/sync.js';
import { HelmRepositories, HelmRepository, repositoryName } from '../../lib/flux/helm-repository.js';
import { HelmRelease } from '../../lib/flux/helm-release.js';
import { GitRepositorySource, OciRepositorySource } from '../../lib/flux/sources.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { CLUSTER_NAMES, clusters } from '../model.js';
import { Unit } from '../../lib/k8s/unit.js';
import { addPlatform, fluxTree } from '../../clusters/flux.js';
import { clusterSync, fluxRepository, ssm } from '../../model/contract.js';
import { synthHomelab } from '../helpers.js';
import { versions } from './helpers.js';

const out = synthHomelab();
type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, any>; [k: string]: any };
const objects = (cluster: string, kind?: string): Obj[] =>
  out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as unknown as Obj).filter((o) => !kind || o.kind === kind);
const find = (cluster: string, kind: string, name: string): Obj => objects(cluster, kind).find((o) => o.metadata.name === name)!;
const report = (cluster: string, file: string): string => out.files.get(`reports/${cluster}/${file}`)!;

describe('cluster entry points', () => {
  it('root folder of each cluster holds exactly the platform, config and apps Kustomizations', () => {
    for (const c of CLUSTER_NAMES) {
      const root = out.files.get(`kubernetes/clusters/${c}/kustomization.yaml`)!;
      expect(root).toMatch(/resources:\n {2}- kustomization_flux-system_apps\.yaml\n {2}- kustomization_flux-system_config\.yaml\n {2}- kustomization_flux-system_platform\.yaml\n$/);
      expect(find(c, 'Kustomization', 'apps').spec.dependsOn).toEqual([{ name: 'config' }]);
    }
  });

  it('dev follows git main under dist/, integration and live the OCI artifact by semver (contract 2)', () => {
    expect(find('dev', 'Kustomization', 'platform').spec).toMatchObject({ path: './dist/kubernetes/clusters/dev/platform', sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
    expect(find('integration', 'Kustomization', 'platform').spec).toMatchObject({ path: './clusters/integration/platform', sourceRef: { kind: 'OCIRepository', name: 'flux-system' } });
    expect(clusterSync(clusters.dev).instanceSync).toEqual({ kind: 'GitRepository', url: 'https://github.com/ionfury/homelab', ref: 'refs/heads/main', path: './dist/kubernetes/clusters/dev', interval: '1m' });
    expect(clusterSync(clusters.live).instanceSync).toMatchObject({ kind: 'OCIRepository', url: 'oci://ghcr.io/ionfury/homelab/kubernetes', path: './clusters/live' });
    const ref = (c: 'integration' | 'live') => JSON.parse(clusterSync(clusters[c]).instancePatches[0]!.patch)[0].value;
    expect(ref('integration')).toEqual({ semver: '>=2.0.0-0', semverFilter: '^2\\.[0-9]+\\.0-rc$' });
    expect(ref('live')).toEqual({ semver: '>=2.0.0' });
    expect(clusterSync(clusters.dev).instancePatches).toEqual([]);
  });

  it('rejects an invalid semver range or branch in the cluster model', () => {
    expect(() => new ClusterSync('x', { kind: 'oci', semver: '${SEMVER}' }, fluxRepository)).toThrow(/cluster x \(flux\.semver\): invalid semver range/);
    expect(() => new ClusterSync('x', { kind: 'git', branch: 'main branch' }, fluxRepository)).toThrow(/\(flux\.branch\)/);
  });

  it('writes no Flux substitution and no secret values', () => {
    for (const [file, content] of out.files) {
      if (!file.startsWith('kubernetes/')) continue;
      expect(content.includes('${'), file).toBe(false);
      // Secrets only as value-less shells that an in-cluster operator fills (secret-generator, replicator) or
      // owns (the CNPG CA, annotated for cert-manager injection).
      if (/^kind: Secret$/m.test(content)) {
        expect(/secret-generator\.v1\.mittwald\.de\/autogenerate|replicator\.v1\.mittwald\.de\/replicate-from|cert-manager\.io\/allow-direct-injection/.test(content), file).toBe(true);
        expect(/^data:\n\s/m.test(content), file).toBe(false);
      }
    }
  });
});

describe('dependency graph reports', () => {
  it('follow the report contract, with no dangling or cyclic edge', () => {
    for (const c of CLUSTER_NAMES) {
      const graph = JSON.parse(report(c, 'dependencies.json')) as { version: number; cluster: string; units: Record<string, { path: string; dependsOn: string[] }> };
      expect(graph.version).toBe(1);
      expect(graph.cluster).toBe(c);
      const ks = objects(c, 'Kustomization');
      expect(Object.keys(graph.units).sort()).toEqual(ks.map((k) => k.metadata.name).sort());
      for (const [name, u] of Object.entries(graph.units)) {
        expect(u.dependsOn).toEqual([...u.dependsOn].sort());
        for (const d of u.dependsOn) expect(graph.units[d], `${c}: ${name} -> ${d}`).toBeDefined();
        expect((find(c, 'Kustomization', name).spec.dependsOn ?? []).map((d: { name: string }) => d.name)).toEqual(u.dependsOn);
      }
      // acyclic: a topological order exists
      const done = new Set<string>();
      let progress = true;
      while (progress) {
        progress = false;
        for (const [name, u] of Object.entries(graph.units)) {
          if (!done.has(name) && u.dependsOn.every((d) => done.has(d))) { done.add(name); progress = true; }
        }
      }
      expect(done.size).toBe(Object.keys(graph.units).length);
      const mmd = report(c, 'dependencies.mmd');
      expect(mmd.startsWith('graph LR\n')).toBe(true);
      expect(mmd).toContain('u_cilium --> u_cert_manager');
    }
    expect(JSON.parse(report('live', 'dependencies.json')).units['tuppr-config']).toEqual({ path: 'config/tuppr-config', dependsOn: ['tuppr'] });
    expect(JSON.parse(report('live', 'dependencies.json')).units['flux-notifications'].dependsOn).toEqual(['external-secrets', 'external-secrets-stores']);
  });
});

describe('notifications and promotion signal', () => {
  it('alerts Discord on reconciliation failures of every Flux kind, webhook from SSM', () => {
    for (const c of CLUSTER_NAMES) {
      expect(find(c, 'Provider', 'discord').spec).toEqual({ type: 'discord', secretRef: { name: 'discord-webhook' } });
      const alert = find(c, 'Alert', 'reconciliation-failure').spec;
      expect(alert.eventSeverity).toBe('error');
      expect(alert.providerRef).toEqual({ name: 'discord' });
      expect(alert.eventSources.map((s: { kind: string }) => s.kind).sort()).toEqual(['GitRepository', 'HelmChart', 'HelmRelease', 'HelmRepository', 'Kustomization', 'OCIRepository']);
      expect(alert.eventSources.every((s: { name: string }) => s.name === '*')).toBe(true);
      const es = find(c, 'ExternalSecret', 'discord-webhook');
      expect(es.metadata.namespace).toBe('flux-system');
      expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-ssm' });
      expect(es.spec.data).toEqual([{ secretKey: 'address', remoteRef: { key: '/homelab/kubernetes/shared/flux-discord-webhook' } }]);
    }
  });

  it('dispatches promotion only from integration, when the validation unit is ready', () => {
    const alert = find('integration', 'Alert', 'promotion-validated').spec;
    expect(alert).toMatchObject({ eventSeverity: 'info', providerRef: { name: 'github-dispatch' }, eventSources: [{ kind: 'Kustomization', name: 'platform-validation' }] });
    expect(find('integration', 'Provider', 'github-dispatch').spec).toEqual({ type: 'githubdispatch', address: 'https://github.com/ionfury/homelab', secretRef: { name: 'github-dispatch-token' } });
    expect(find('integration', 'ExternalSecret', 'github-dispatch-token').spec.data[0].remoteRef.key).toBe('/homelab/kubernetes/integration/flux-github-dispatch-token');
    for (const c of ['dev', 'live']) expect(find(c, 'Alert', 'promotion-validated')).toBeUndefined();
    const gate = find('integration', 'Kustomization', 'platform-validation').spec;
    const all = objects('integration', 'Kustomization').map((k) => k.metadata.name).filter((n) => !['platform', 'config', 'apps', 'platform-validation'].includes(n));
    expect(gate.dependsOn.map((d: { name: string }) => d.name)).toEqual(all.sort());
    expect(gate.healthChecks).toEqual([{ apiVersion: 'canaries.flanksource.com/v1', kind: 'Canary', name: 'platform-validation', namespace: 'monitoring' }]);
    expect(gate.healthCheckExprs[0]).toMatchObject({ kind: 'Canary' });
    expect(gate.healthCheckExprs[0].current).toContain("status.status == 'Passed'");
  });

  it('rejects an ExternalSecret key outside the cluster and shared SSM prefixes', () => {
    const unit = new Unit(new App({ outdir: 'unused' }), 'u', { path: 'config/u' });
    expect(() => new SsmExternalSecret(unit, 'bad', { name: 'x', namespace: 'flux-system', allowedPrefixes: ssm.readablePrefixes('dev'), data: { a: { key: '/homelab/kubernetes/live/token' } } })).toThrow(
      /^u\/bad \(spec\.data\.remoteRef\.key\): SSM key "\/homelab\/kubernetes\/live\/token" for "a" must start with \/homelab\/kubernetes\/dev\/ or \/homelab\/kubernetes\/shared\//,
    );
  });
});

describe('upgrades and scheduling', () => {
  it('declares Tuppr upgrades from versions.env with maintenance windows and health checks', () => {
    const talos = find('live', 'TalosUpgrade', 'talos');
    expect(talos.metadata.namespace).toBeUndefined();
    expect(talos.spec.talos.version).toBe('v1.13.9');
    expect(talos.spec.maintenance.windows).toEqual([{ start: '0 2 * * 6', duration: '4h', timezone: 'America/New_York' }]);
    expect(talos.spec.healthChecks.map((h: { kind: string }) => h.kind)).toEqual(['Node', 'Volume', 'Cluster', 'GarageCluster', 'Dragonfly']);
    const k8s = find('live', 'KubernetesUpgrade', 'kubernetes');
    expect(k8s.spec.kubernetes.version).toBe('v1.36.4');
    expect(k8s.spec.maintenance.windows[0].start).toBe('0 2 * * 0');
  });

  it('has three PriorityClasses, none named system-*, exactly one global default (application)', () => {
    const pcs = objects('dev', 'PriorityClass');
    expect(pcs.map((p) => [p.metadata.name, p.value]).sort()).toEqual([['application', 800000], ['infrastructure-critical', 1000000], ['platform', 900000]]);
    expect(pcs.filter((p) => p.globalDefault).map((p) => p.metadata.name)).toEqual(['application']);
    expect(pcs.some((p) => p.metadata.name.startsWith('system-'))).toBe(false);
  });
});

describe('Flux construct guards', () => {
  it('rejects a non-https/oci chart repository and a non-semver chart version', () => {
    const unit = new Unit(new App({ outdir: 'unused' }), 'u', { path: 'platform/u' });
    expect(() => new HelmRepository(unit, 'r', { name: 'r', url: 'http://charts.example' })).toThrow(/^u\/r \(spec\.url\): chart repository URL must start with https:\/\/ or oci:\/\//);
    const repo = new HelmRepository(unit, 'ok', { name: 'ok', url: 'oci://ghcr.io/x' });
    expect(() => new HelmRelease(unit, 'hr', { name: 'hr', targetNamespace: 'x', chart: 'c', version: 'latest', repository: repo })).toThrow(SynthError);
    expect(() => new HelmRelease(unit, 'hr2', { name: 'hr', targetNamespace: 'x', chart: 'c', version: 'latest', repository: repo })).toThrow(/\(spec\.chart\.spec\.version\): chart version "latest"/);
  });

  it('shares one HelmRepository per URL in the cluster, named after the URL; a bad URL names the release asking', () => {
    const app = new App({ outdir: 'unused' });
    const repositories = HelmRepositories.ofCluster(app);
    expect(HelmRepositories.ofCluster(new Unit(app, 'deep', { path: 'apps/deep' }))).toBe(repositories);
    const a = repositories.for('oci://ghcr.io/bjw-s-labs/helm', 'apps/one.ts');
    expect(repositories.for('oci://ghcr.io/bjw-s-labs/helm', 'apps/two.ts')).toBe(a);
    expect([a.name, a.isOci]).toEqual(['ghcr-io-bjw-s-labs-helm', true]);
    expect(repositoryName('https://prometheus-community.github.io/helm-charts')).toBe('prometheus-community-github-io-helm-charts');
    expect(repositories.path).toBe('platform/helm-repositories');
    expect(() => repositories.for('http://charts.example', 'apps/three.ts')).toThrow(/^apps\/three\.ts \(spec\.url\): chart repository URL must start with https:\/\/ or oci:\/\//);
    // Two URLs that would share a name (case and punctuation only) are an error, not one object silently serving both.
    expect(() => repositories.for('oci://GHCR.io/bjw-s-labs/helm', 'apps/four.ts')).toThrow(/^apps\/four\.ts \(spec\.url\): chart repository "oci:\/\/GHCR\.io\/bjw-s-labs\/helm" gets the name "ghcr-io-bjw-s-labs-helm" already taken by "oci:\/\/ghcr\.io\/bjw-s-labs\/helm"/);
  });
});

describe('cluster differences come from the model', () => {
  it('LoadBalancer pool, BGP and L2 announcements use the cluster\'s addresses and ASN, and depend on cilium', () => {
    for (const c of CLUSTER_NAMES) {
      const net = clusters[c].network;
      expect(find(c, 'CiliumLoadBalancerIPPool', 'default').spec.blocks).toEqual([{ start: net.ipPool.start, stop: net.ipPool.stop }]);
      const bgp = find(c, 'CiliumBGPClusterConfig', 'default').spec.bgpInstances[0];
      expect(bgp.localASN).toBe(net.bgpAsn);
      expect(bgp.peers).toEqual([{ name: 'router', peerASN: 64512, peerAddress: '192.168.10.1', peerConfigRef: { name: 'router' } }]);
      expect(find(c, 'CiliumL2AnnouncementPolicy', 'default').spec).toMatchObject({ loadBalancerIPs: true, interfaces: ['bond0'] });
      expect(JSON.parse(report(c, 'dependencies.json')).units['cilium-config'].dependsOn).toEqual(['cilium']);
    }
    expect(find('live', 'CiliumLoadBalancerIPPool', 'default').spec.blocks[0]).toEqual({ start: '192.168.10.21', stop: '192.168.10.29' });
  });
});

describe('release prerequisites in config units', () => {
  it('GPU releases wait for the nvidia RuntimeClass, which exists only on GPU clusters', () => {
    const graph = JSON.parse(report('live', 'dependencies.json')).units;
    expect(graph['nvidia-device-plugin'].dependsOn).toEqual(['cilium', 'gpu-config', 'helm-repositories', 'namespaces']);
    expect(graph['dcgm-exporter'].dependsOn).toContain('gpu-config');
    expect(find('live', 'RuntimeClass', 'nvidia')).toMatchObject({ handler: 'nvidia', scheduling: { nodeSelector: { 'nvidia.com/gpu.present': 'true' } } });
    for (const c of ['dev', 'integration']) {
      expect(find(c, 'RuntimeClass', 'nvidia')).toBeUndefined();
      expect(JSON.parse(report(c, 'dependencies.json')).units['gpu-config']).toBeUndefined();
    }
  });

  it('kromgo runs the versions.env image and waits for its ConfigMap', () => {
    const hr = find('dev', 'HelmRelease', 'kromgo').spec;
    expect(hr.values.controllers.kromgo.containers.app.image).toEqual({ repository: 'ghcr.io/kashalls/kromgo', tag: versions().get('kromgo_version') });
    expect(hr.values.persistence.config).toMatchObject({ type: 'configMap', name: 'kromgo-config' });
    expect(find('dev', 'ConfigMap', 'kromgo-config').metadata.namespace).toBe('kromgo');
    expect(JSON.parse(report('dev', 'dependencies.json')).units.kromgo.dependsOn).toEqual(['helm-repositories', 'kromgo-config', 'kube-prometheus-stack', 'namespaces']);
  });
});

describe('additional Flux sources', () => {
  it('renders a GitRepository on a branch and an OCIRepository on a semver range, rejecting bad URLs', () => {
    const app = new App({ outdir: 'unused' });
    const unit = new Unit(app, 'u', { path: 'config/u' });
    new GitRepositorySource(unit, 'git', { name: 'other', url: 'https://github.com/x/y', branch: 'main' });
    new OciRepositorySource(unit, 'oci', { name: 'manifests', url: 'oci://ghcr.io/x/y', semver: '>=1.0.0' });
    const objs = renderCluster('t', app).objects.map((o) => o.object as unknown as Obj);
    expect(objs.find((o) => o.kind === 'GitRepository')!.spec).toEqual({ interval: '1m', url: 'https://github.com/x/y', ref: { branch: 'main' } });
    expect(objs.find((o) => o.kind === 'OCIRepository')!.spec).toEqual({ interval: '1m', url: 'oci://ghcr.io/x/y', ref: { semver: '>=1.0.0' } });
    expect(() => new OciRepositorySource(unit, 'bad', { name: 'b', url: 'ghcr.io/x', semver: '*' })).toThrow(/^u\/bad \(spec\.url\): OCI URL must start with oci:\/\//);
    expect(() => new GitRepositorySource(unit, 'badgit', { name: 'b', url: 'git@github.com:x/y', branch: 'main' })).toThrow(/\(spec\.url\)/);
  });
});

describe('platform units for other workstreams', () => {
  it('hands out release units by name, and names the known ones when asked for a missing one', () => {
    const app = new App({ outdir: 'unused' });
    createObservability(app, clusters.dev, process.cwd());
    const platform = addPlatform(app, fluxTree(app, clusters.dev), clusters.dev, versions());
    expect(platform.release('cloudnative-pg').path).toBe('platform/cloudnative-pg');
    expect(() => platform.release('nvidia-device-plugin')).toThrow(/^cluster dev \(release\): no platform release "nvidia-device-plugin" \(known: alloy, canary-checker/);
  });
});
