// Platform config owned by no single release: the canary alerts (monitoring-config) and the CNPG webhook
// CA hand-off to cert-manager (cnpg-pki). Reference: platform.md §4–§6.
import { KubeSecret } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../lib/generated/crds/monitoring.coreos.com.js';
import type { Unit } from '../lib/k8s/unit.js';

/** Alerts on canary-checker results: one failing check (5m, critical) and a flapping one (>20% over 15m). */
export function addCanaryAlerts(unit: Unit): void {
  const failed = 'rate(canary_check_failed_count[15m])';
  const passed = 'rate(canary_check_success_count[15m])';
  new PrometheusRule(unit, 'canary-alerts', {
    metadata: { name: 'canary-checker-alerts', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'canary-checker' } },
    spec: {
      groups: [
        {
          name: 'canary-checker.rules',
          rules: [
            {
              alert: 'CanaryCheckFailure',
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString('canary_check == 1'),
              for: '5m',
              labels: { severity: 'critical' },
              annotations: { summary: 'Canary {{ $labels.name }} is failing', description: 'The health check {{ $labels.name }} in {{ $labels.namespace }} has failed for 5 minutes.' },
            },
            {
              alert: 'CanaryCheckHighFailureRate',
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(`sum by (namespace, name) (${failed}) / (sum by (namespace, name) (${failed}) + sum by (namespace, name) (${passed})) > 0.2`),
              for: '15m',
              labels: { severity: 'warning' },
              annotations: { summary: 'Canary {{ $labels.name }} fails intermittently', description: 'More than 20% of the runs of {{ $labels.name }} failed over 15 minutes.' },
            },
          ],
        },
      ],
    },
  });
}

/**
 * The CloudNativePG operator generates its webhook CA in `cnpg-system/cnpg-ca-secret`; the cloudnative-pg
 * release's post-renderer asks cert-manager to inject it into the validating webhook, which cert-manager
 * only does for a Secret that opts in. Flux adds just that annotation (server-side merge, never pruned), so
 * the operator keeps owning the Secret's content.
 */
export function addCnpgPki(unit: Unit): void {
  new KubeSecret(unit, 'cnpg-ca', {
    metadata: {
      name: 'cnpg-ca-secret',
      namespace: 'cnpg-system',
      annotations: {
        'cert-manager.io/allow-direct-injection': 'true',
        'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      },
    },
  });
}
