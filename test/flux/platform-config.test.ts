import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => ({ ...o, object: o.object as Record<string, any> }));
const kustomization = (cluster: string, name: string) => objects(cluster).find((o) => o.object.kind === 'Kustomization' && o.object.metadata.name === name)!.object;

describe('platform config units', () => {
  for (const cluster of ['dev', 'integration', 'live']) {
    it(`${cluster}: canary alerts fire on a failing check (5m, critical) and on a >20% failure rate (15m, warning)`, () => {
      const rule = objects(cluster).find((o) => o.object.kind === 'PrometheusRule' && o.object.metadata.name === 'canary-checker-alerts')!;
      expect(rule.file).toBe('config/monitoring-config/prometheusrule_monitoring_canary-checker-alerts.yaml');
      const rules = rule.object.spec.groups[0].rules as Array<Record<string, any>>;
      expect(rules.map((r) => [r.alert, r.for, r.labels.severity])).toEqual([
        ['CanaryCheckFailure', '5m', 'critical'],
        ['CanaryCheckHighFailureRate', '15m', 'warning'],
      ]);
      expect(rules[0]!.expr).toBe('canary_check == 1');
      expect(rules[1]!.expr).toMatch(/> 0\.2$/);
      expect(kustomization(cluster, 'monitoring-config').spec.dependsOn.map((d: { name: string }) => d.name)).toContain('kube-prometheus-stack-crds');
    });

    it(`${cluster}: the CNPG CA only gains the injection opt-in, after the operator created it, and is never pruned`, () => {
      const secret = objects(cluster).find((o) => o.object.kind === 'Secret' && o.object.metadata.name === 'cnpg-ca-secret')!.object;
      expect(secret.metadata.namespace).toBe('cnpg-system');
      expect(secret.metadata.annotations).toEqual({
        'cert-manager.io/allow-direct-injection': 'true',
        'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      });
      expect(secret.data).toBeUndefined();
      expect(secret.type).toBeUndefined();
      expect(kustomization(cluster, 'cnpg-pki').spec.dependsOn.map((d: { name: string }) => d.name)).toContain('cloudnative-pg');
      // The release's post-renderer points cert-manager at exactly this Secret.
      const release = objects(cluster).find((o) => o.object.kind === 'HelmRelease' && o.object.metadata.name === 'cloudnative-pg')!.object;
      expect(JSON.stringify(release.spec.postRenderers)).toContain('cnpg-system/cnpg-ca-secret');
    });
  }
});
