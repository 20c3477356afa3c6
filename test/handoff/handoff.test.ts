// The hand-off between the Terraform and the Kubernetes side: facts and values built once, read by both.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const stack = (name: string) => out.stacks.find((s) => s.name === name)!.config as Record<string, any>;
const object = (cluster: string, kind: string, name: string) =>
  out.clusters.find((c) => c.name === cluster)!.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name)!.object as Record<string, any>;

describe('Terraform ↔ Kubernetes hand-off', () => {
  for (const cluster of ['dev', 'integration', 'live']) {
    it(`${cluster}: the bootstrap cilium install carries exactly the values Flux's HelmRelease adopts`, () => {
      const release = Object.values(stack(cluster).resource.helm_release).find((r: any) => r.chart === 'cilium') as any;
      const helmRelease = object(cluster, 'HelmRelease', 'cilium');
      expect(parse(release.values[0])).toEqual(helmRelease.spec.values);
      expect(release.version).toBe(helmRelease.spec.chart.spec.version);
      expect(release.namespace).toBe(helmRelease.spec.targetNamespace);
      // Adoption needs the Helm release record where Terraform put it.
      expect(helmRelease.spec.storageNamespace).toBe(release.namespace);
    });

    it(`${cluster}: the FluxInstance syncs the path and source the cluster's Kustomizations are generated for`, () => {
      const instance = Object.values(stack(cluster).resource.helm_release).find((r: any) => r.chart === 'flux-instance') as any;
      const values = parse(instance.values[0]).instance;
      const platform = object(cluster, 'Kustomization', 'platform');
      expect(values.sync.kind).toBe(platform.spec.sourceRef.kind);
      expect(platform.spec.path.startsWith(`${values.sync.path}/`)).toBe(true);
    });
  }
});
