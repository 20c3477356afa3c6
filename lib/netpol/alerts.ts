import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../generated/crds/monitoring.coreos.com.js';
import { ENFORCEMENT_DISABLED, ENFORCEMENT_LABEL, PROFILE_LABEL, ksmLabelName } from './labels.js';

/** The expression both escape-hatch alerts evaluate (needs the KSM allowlist below to ever match). */
export const ESCAPE_HATCH_EXPR = `kube_namespace_labels{${ksmLabelName(ENFORCEMENT_LABEL)}="${ENFORCEMENT_DISABLED}"} == 1`;

/**
 * The kube-state-metrics values fragment (kube-prometheus-stack chart) that exports the network-policy
 * namespace labels as `kube_namespace_labels{label_network_policy_homelab_enforcement=…}`; without it the
 * escape-hatch alerts can never fire (platform.md §2d). Merge it into the KPS HelmRelease values;
 * `extraResources` keeps other workstreams' allowlist entries (pods=…, deployments=…).
 */
export function kubeStateMetricsNamespaceLabels(extraResources: readonly string[] = []): { 'kube-state-metrics': { metricLabelsAllowlist: string[] } } {
  return { 'kube-state-metrics': { metricLabelsAllowlist: [...extraResources, `namespaces=[${ENFORCEMENT_LABEL},${PROFILE_LABEL}]`] } };
}

export interface EscapeHatchAlertsProps {
  /** Namespace of the PrometheusRule (Prometheus reads rules from every namespace). */
  readonly namespace: string;
  /** Base URL of the runbook, e.g. `https://github.com/<owner>/<repo>/blob/main/docs/runbooks/network-policy-escape-hatch.md`. */
  readonly runbookUrl: string;
}

/** PrometheusRule `network-policy-alerts`: enforcement disabled for 5m (warning) and for 24h (critical). */
export class EscapeHatchAlerts extends Construct {
  readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: EscapeHatchAlertsProps) {
    super(scope, id);
    const alert = (name: string, forDuration: string, severity: string, summary: string) => ({
      alert: name,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(ESCAPE_HATCH_EXPR),
      for: forDuration,
      labels: { severity },
      annotations: {
        summary,
        description: `Namespace {{ $labels.namespace }} carries ${ENFORCEMENT_LABEL}=${ENFORCEMENT_DISABLED}: every pod in it may send and receive any traffic.`,
        runbook_url: props.runbookUrl,
      },
    });
    this.rule = new PrometheusRule(this, 'Resource', {
      metadata: { name: 'network-policy-alerts', namespace: props.namespace, labels: { 'app.kubernetes.io/name': 'network-policy' } },
      spec: {
        groups: [
          {
            name: 'network-policy.rules',
            rules: [
              alert('NetworkPolicyEnforcementDisabled', '5m', 'warning', 'Network policy enforcement is disabled in {{ $labels.namespace }}'),
              alert('NetworkPolicyEnforcementDisabledLong', '24h', 'critical', 'Network policy enforcement has been disabled in {{ $labels.namespace }} for over 24h'),
            ],
          },
        ],
      },
    });
  }
}
