import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { renderCluster, type RenderedCluster } from '../../lib/k8s/render.js';
import { Versions } from '../../lib/versions/versions.js';
import { CLUSTER_NAMES } from '../model.js';
import { composeCluster } from '../../clusters/compose.js';
import { clusterContext, clusters } from '../model.js';
import { addPlatformReleases, dcgmExporter, nvidiaDevicePlugin, platformReleaseCatalog } from '../../clusters/platform-releases.js';
import { versions } from './helpers.js';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, any> };
const rendered = new Map<string, RenderedCluster>(CLUSTER_NAMES.map((name) => [name, renderCluster(name, composeCluster(clusterContext(clusters[name], versions())))]));
// Platform objects only: apps' HelmReleases (folders apps/<name>) are checked by test/app, cluster releases
// outside the catalog (external-dns) by their own tests.
const CLUSTER_RELEASES = ['platform/external-dns/'];
const objects = (cluster: string, kind: string): Obj[] =>
  rendered
    .get(cluster)!
    .objects.filter((o) => !o.file.startsWith('apps/') && !CLUSTER_RELEASES.some((p) => o.file.startsWith(p)))
    .map((o) => o.object as unknown as Obj)
    .filter((o) => o.kind === kind);
const find = (cluster: string, kind: string, name: string): Obj => {
  const o = objects(cluster, kind).find((x) => x.metadata.name === name);
  if (!o) throw new Error(`${cluster}: no ${kind} ${name}`);
  return o;
};

describe('platform release catalog', () => {
  it('has the 36 releases of platform.md §4, uniquely named, dependencies listed before dependents', () => {
    expect(platformReleaseCatalog).toHaveLength(36);
    expect(new Set(platformReleaseCatalog.map((r) => r.name)).size).toBe(36);
    platformReleaseCatalog.forEach((r, i) => {
      for (const d of r.dependsOn) expect(platformReleaseCatalog.indexOf(d), `${r.name} -> ${d.name}`).toBeLessThan(i);
    });
  });

  it('deploys GPU releases only where the cluster model has the gpu feature', () => {
    expect(objects('live', 'HelmRelease').map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['nvidia-device-plugin', 'dcgm-exporter']));
    expect(objects('live', 'HelmRelease')).toHaveLength(36);
    for (const c of ['dev', 'integration']) {
      expect(objects(c, 'HelmRelease')).toHaveLength(34);
      expect(objects(c, 'HelmRelease').map((o) => o.metadata.name)).not.toContain('nvidia-device-plugin');
    }
  });

  it('traces every HelmRelease chart version to its renovate-annotated versions.env key', () => {
    const v = versions();
    for (const cluster of CLUSTER_NAMES) {
      for (const hr of objects(cluster, 'HelmRelease')) {
        const spec = platformReleaseCatalog.find((r) => r.name === hr.metadata.name)!;
        const entry = v.entry(spec.versionKey);
        expect(hr.spec.chart.spec.version, `${cluster}/${hr.metadata.name}`).toBe(entry.value);
        expect(hr.spec.chart.spec.chart).toBe(spec.chart);
        // Renovate must track the same chart: depName (helm) or the OCI packageName ends with the chart name
        const tracked = entry.renovate.datasource === 'helm' ? entry.renovate.depName : entry.renovate.packageName ?? '';
        if (spec.versionKey !== 'istio_version') expect(tracked.endsWith(spec.chart), `${spec.versionKey} tracks ${tracked}`).toBe(true);
        if (entry.renovate.datasource === 'helm') expect(entry.renovate.registryUrl).toBe(spec.repository);
        else expect(`oci://${entry.renovate.packageName}`).toBe(`${spec.repository}/${spec.chart}`);
      }
    }
  });

  it('applies the house defaults to every release, each installing from the one shared HelmRepository of its chart repository', () => {
    const repositories = objects('live', 'HelmRepository');
    // One object per repository URL, in its own unit every release unit waits for.
    expect(new Set(repositories.map((r) => r.spec.url)).size).toBe(repositories.length);
    for (const hr of objects('live', 'HelmRelease')) {
      expect(hr.metadata.namespace).toBe('flux-system');
      expect(hr.spec).toMatchObject({
        interval: '10m', maxHistory: 3, releaseName: hr.metadata.name,
        install: { createNamespace: false, strategy: { name: 'RetryOnFailure' }, timeout: '10m' },
        upgrade: { crds: 'CreateReplace', strategy: { name: 'RetryOnFailure' }, timeout: '10m' },
        uninstall: { keepHistory: false },
        chart: { spec: { interval: '10m', sourceRef: { kind: 'HelmRepository', namespace: 'flux-system' } } },
      });
      const repo = find('live', 'HelmRepository', hr.spec.chart.spec.sourceRef.name);
      expect(repo.spec.url).toBe(platformReleaseCatalog.find((r) => r.name === hr.metadata.name)!.repository);
      expect(repo.spec.type === 'oci').toBe(repo.spec.url.startsWith('oci://'));
      expect(find('live', 'Kustomization', hr.metadata.name).spec.dependsOn).toContainEqual({ name: 'helm-repositories' });
      expect(hr.spec.targetNamespace).toBe(platformReleaseCatalog.find((r) => r.name === hr.metadata.name)!.namespace);
    }
  });

  it('mirrors release dependencies in the HelmRelease and its Kustomization, which health-checks it', () => {
    for (const spec of platformReleaseCatalog) {
      const hr = find('live', 'HelmRelease', spec.name);
      const ks = find('live', 'Kustomization', spec.name);
      const deps = spec.dependsOn.map((d) => d.name).sort();
      expect((hr.spec.dependsOn ?? []).map((d: { name: string }) => d.name)).toEqual(deps);
      const ksDeps = (ks.spec.dependsOn ?? []).map((d: { name: string }) => d.name);
      expect(ksDeps).toEqual(expect.arrayContaining([...deps, 'helm-repositories', 'namespaces']));
      expect(ks.spec.healthChecks).toEqual([{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: spec.name, namespace: 'flux-system' }]);
      expect(ks.spec.path).toBe(`./clusters/live/platform/${spec.name}`);
    }
    expect(find('live', 'Kustomization', 'istio-ztunnel').spec.dependsOn.map((d: { name: string }) => d.name)).toEqual(['helm-repositories', 'istio-base', 'istio-cni', 'istiod', 'namespaces']);
  });

  it('builds cilium values from the cluster model', () => {
    for (const name of CLUSTER_NAMES) {
      const values = find(name, 'HelmRelease', 'cilium').spec.values;
      const c = clusters[name];
      expect(values).toMatchObject({
        cluster: { name, id: c.network.id },
        kubeProxyReplacement: true,
        k8sServiceHost: '127.0.0.1',
        k8sServicePort: 7445,
        routingMode: 'native',
        ipv4NativeRoutingCIDR: c.network.podSubnet,
        bgpControlPlane: { enabled: true },
        l2announcements: { enabled: true },
        operator: { replicas: Math.min(2, c.replicas) },
      });
    }
    expect(find('dev', 'HelmRelease', 'cilium').spec.values.operator.replicas).toBe(1);
    expect(find('live', 'HelmRelease', 'cilium').spec.values.ipv4NativeRoutingCIDR).toBe('172.18.0.0/16');
  });

  it('exports the network-policy namespace labels from kube-state-metrics and sizes Prometheus per cluster', () => {
    const live = find('live', 'HelmRelease', 'kube-prometheus-stack').spec.values;
    expect(live['kube-state-metrics'].metricLabelsAllowlist).toContain('namespaces=[network-policy.homelab/enforcement,network-policy.homelab/profile]');
    expect(live.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('100Gi');
    expect(live.prometheus.prometheusSpec.retentionSize).toBe('90GB');
    const dev = find('dev', 'HelmRelease', 'kube-prometheus-stack').spec.values;
    expect(dev.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('2Gi');
    expect(dev.prometheus.prometheusSpec.retentionSize).toBe('1GB');
  });

  it('rejects a release whose dependency needs a feature the cluster lacks', () => {
    const catalog = [dcgmExporter]; // depends on nvidia-device-plugin, which is not in this catalog
    expect(() => addPlatformReleases(new App({ outdir: 'unused' }), clusters.live, versions(), catalog)).toThrow(
      /platform-releases\.ts \(dcgm-exporter\) \(dependsOn\): depends on release "nvidia-device-plugin", but it is not earlier in the catalog/,
    );
    const gpuless = { ...clusters.live, features: { ...clusters.live.features, gpu: false } };
    const withDep = [{ ...dcgmExporter, feature: undefined }];
    expect(() => addPlatformReleases(new App({ outdir: 'unused' }), gpuless, versions(), [nvidiaDevicePlugin, ...withDep])).toThrow(
      /needs the "gpu" feature, which cluster live lacks/,
    );
  });

  it('rejects a version key missing from versions.env, naming the file and key', () => {
    const v = Versions.parse('# renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io/\ncilium_version=1.20.1\n');
    expect(() => addPlatformReleases(new App({ outdir: 'unused' }), clusters.dev, v)).toThrow(SynthError);
    expect(() => addPlatformReleases(new App({ outdir: 'unused' }), clusters.dev, v)).toThrow(/clusters\/platform-releases\.ts \(cert-manager\) \(cert_manager_version\): unknown version key "cert_manager_version" in versions\.env/);
  });
});
