// External Secrets: syncs from AWS SSM (metrics: external-secrets controller).
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/external-secrets.ts';

export const externalSecretsMonitoring: ComponentMonitoring = {
  component: 'external-secrets',
  sources: [{
    component: 'external-secrets',
    metrics: ['externalsecret_sync_calls_total', 'externalsecret_sync_calls_error', 'externalsecret_status_condition', 'clustersecretstore_status_condition', 'secretstore_status_condition', 'externalsecret_reconcile_duration'],
    scrapeIntervalSeconds: 60,
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'external-secrets', file: FILE });
    group('external-secrets.rules')
      .alert({
        alert: 'ExternalSecretSyncFailure', severity: 'critical', for: '5m', expr: 'sum by (name, namespace) (increase(externalsecret_sync_calls_error[5m])) > 0',
        summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} fails to sync',
        description: 'The Secret keeps its last value, but a rotated or new SSM parameter does not arrive. A missing parameter or an IAM change is the usual cause.',
      })
      .alert({
        alert: 'ExternalSecretNotReady', severity: 'warning', for: '10m', expr: 'externalsecret_status_condition{condition="Ready", status="False"} == 1',
        summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} is not Ready',
        description: '`kubectl describe externalsecret` names the parameter or template that fails.',
      })
      .alert({
        alert: 'ClusterSecretStoreUnhealthy', severity: 'critical', for: '5m', expr: 'clustersecretstore_status_condition{condition="Ready", status="False"} == 1',
        summary: 'ClusterSecretStore {{ $labels.name }} is not Ready',
        description: 'No ExternalSecret can sync: the store cannot authenticate to AWS. Check the access key Secret in kube-system and its IAM user.',
      });
  },
};
