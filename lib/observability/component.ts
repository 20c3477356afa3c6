import type { Construct } from 'constructs';
import type { MetricSource } from './catalog.js';
import type { DeclaredAlert } from './system.js';

/** Facts a component's rules may depend on. */
export interface ComponentRulesContext {
  /** Namespace the PrometheusRule objects go to (Prometheus reads rules from every namespace). */
  readonly namespace: string;
}

/**
 * The observability of one deployed component (a platform release, or a part of one such as
 * kube-state-metrics): the metrics it exports and the rules watching it. Kept beside the release in the
 * platform catalog, so deploying a component brings its catalog and its alerts, and only then.
 */
export interface ComponentMonitoring {
  /** Component name used in reports (alerts.md groups alerts by it). */
  readonly component: string;
  readonly sources: readonly MetricSource[];
  /** Alerts the component's chart ships itself (e.g. kube-prometheus-stack's default rules) that routing uses. */
  readonly shippedAlerts?: readonly DeclaredAlert[];
  /** Declares the component's PrometheusRules under `scope`. */
  readonly rules?: (scope: Construct, ctx: ComponentRulesContext) => void;
}
