import { Construct } from 'constructs';
import { PrometheusRules } from '../observability/rules.js';

export interface PxeServerAlertsProps {
  /** Namespace of the PXE server's Deployment (the rules live beside it). */
  readonly namespace: string;
  /** Name of the PXE server's Deployment. */
  readonly deployment: string;
}

/**
 * PrometheusRule `booter-alerts`: the PXE server has no ready replica. Measured from kube-state-metrics, which
 * exists on every cluster, rather than from a blackbox probe of the image factory (the reference's alert
 * read a `blackbox` job nothing ran). A node that network-boots while this fires gets no iPXE script.
 */
export class PxeServerAlerts extends Construct {
  constructor(scope: Construct, id: string, props: PxeServerAlertsProps) {
    super(scope, id);
    const selector = `namespace="${props.namespace}", deployment="${props.deployment}"`;
    new PrometheusRules(this, 'Resource', { name: 'booter-alerts', namespace: props.namespace, component: 'booter', file: 'lib/pxe/alerts.ts' })
      .group('booter.rules')
      .alert({
        alert: 'BooterUnavailable', severity: 'warning', for: '10m',
        expr: `kube_deployment_status_replicas_available{${selector}} < 1 and kube_deployment_spec_replicas{${selector}} > 0`,
        summary: 'The PXE server (booter) has had no ready replica for 10 minutes',
        description: 'Nodes that network-boot now get no iPXE script over TFTP/HTTP and stay in their firmware. Running nodes are unaffected; a rebuild or a reinstall is blocked.',
        runbook: 'booter.md',
      });
  }
}
