import { Construct } from 'constructs';
import { PrometheusRules } from '../observability/rules.js';
import { ENFORCEMENT_DISABLED, ENFORCEMENT_LABEL, PROFILE_LABEL, ksmLabelName } from './labels.js';

/** The expression both escape-hatch alerts evaluate (needs the KSM allowlist below to ever match). */
export const ESCAPE_HATCH_EXPR = `kube_namespace_labels{${ksmLabelName(ENFORCEMENT_LABEL)}="${ENFORCEMENT_DISABLED}"} == 1`;

/**
 * The namespace labels kube-state-metrics must export for the escape-hatch alerts to fire (the reference's
 * silent gap, platform.md §2d). The kube-prometheus-stack values and its metric catalog both read this,
 * so the lint proves the alerts' matcher can match.
 */
export const NETWORK_POLICY_NAMESPACE_LABELS: readonly string[] = [ENFORCEMENT_LABEL, PROFILE_LABEL];

export interface EscapeHatchAlertsProps {
  /** Namespace of the PrometheusRule (Prometheus reads rules from every namespace). */
  readonly namespace: string;
}

/** PrometheusRule `network-policy-alerts`: enforcement disabled for 5m (warning) and for 24h (critical). */
export class EscapeHatchAlerts extends Construct {
  readonly rules: PrometheusRules;

  constructor(scope: Construct, id: string, props: EscapeHatchAlertsProps) {
    super(scope, id);
    this.rules = new PrometheusRules(this, 'Resource', { name: 'network-policy-alerts', namespace: props.namespace, component: 'network-policy', file: 'lib/netpol/alerts.ts' });
    const description = `Namespace {{ $labels.namespace }} carries ${ENFORCEMENT_LABEL}=${ENFORCEMENT_DISABLED}: every pod in it may send and receive any traffic.`;
    const group = this.rules.group('network-policy.rules');
    group.alert({
      alert: 'NetworkPolicyEnforcementDisabled', expr: ESCAPE_HATCH_EXPR, for: '5m', severity: 'warning',
      summary: 'Network policy enforcement is disabled in {{ $labels.namespace }}', description, runbook: 'network-policy-escape-hatch.md',
    });
    group.alert({
      alert: 'NetworkPolicyEnforcementDisabledLong', expr: ESCAPE_HATCH_EXPR, for: '24h', severity: 'critical',
      summary: 'Network policy enforcement has been disabled in {{ $labels.namespace }} for over 24h', description, runbook: 'network-policy-escape-hatch.md',
    });
  }
}
