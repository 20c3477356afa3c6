import type { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { CanarySpec } from '../lib/generated/crds/canaries.flanksource.com.js';
import type { HealthCheckExpr } from '../lib/flux/kustomization.js';

export const VALIDATION_CANARY = { name: 'platform-validation', namespace: 'monitoring' } as const;

/**
 * canary-checker's platform validation: in-cluster HTTP checks of the observability stack every minute.
 * The validation unit's Kustomization waits for it (see `canaryHealthExpr`), which is what gates promotion.
 */
export function addPlatformValidationCanary(scope: Construct): void {
  const check = (name: string, url: string) => ({ name, url, responseCodes: [200], thresholdMillis: 5000 });
  // Plain ApiObject: the generated Canary binding adds ~290 kB to the synth bundle. The spec is still typed
  // by the binding's interface (a type-only import costs nothing at run time).
  const spec: CanarySpec = {
      schedule: '@every 1m',
      http: [
        check('prometheus-ready', 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090/-/ready'),
        check('alertmanager-ready', 'http://kube-prometheus-stack-alertmanager.monitoring.svc.cluster.local:9093/-/ready'),
        check('grafana-health', 'http://grafana.monitoring.svc.cluster.local/api/health'),
        check('loki-ready', 'http://grafana-loki-single-binary.monitoring.svc.cluster.local:3100/ready'),
      ],
  };
  new ApiObject(scope, 'platform-validation', {
    apiVersion: 'canaries.flanksource.com/v1',
    kind: 'Canary',
    metadata: { name: VALIDATION_CANARY.name, namespace: VALIDATION_CANARY.namespace },
    spec,
  });
}

/** Canaries have no Ready condition: `status.status` is Passed, Failed or Invalid. */
export const canaryHealthExpr: HealthCheckExpr = {
  apiVersion: 'canaries.flanksource.com/v1',
  kind: 'Canary',
  current: "status.status == 'Passed'",
  failed: "status.status == 'Failed' || status.status == 'Invalid'",
};
