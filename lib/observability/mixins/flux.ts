// Flux: reconciliation state of every Flux object (flux-operator's flux_resource_info) and the controllers.
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/flux.ts';

export const fluxMonitoring: ComponentMonitoring = {
  component: 'flux',
  sources: [
    {
      component: 'flux-operator',
      metrics: ['flux_resource_info', 'flux_instance_info'],
      labels: { flux_resource_info: ['kind', 'name', 'exported_namespace', 'ready', 'suspended', 'reason', 'revision', 'url', 'ref', 'source_name', 'path', 'chart_name', 'chart_version', 'uid'] },
    },
    {
      component: 'flux controllers',
      metrics: [...histogram('gotk_reconcile_duration_seconds'), 'controller_runtime_reconcile_total', 'controller_runtime_reconcile_errors_total', 'workqueue_depth'],
    },
  ],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'flux', file: FILE });
    const failing = (kind: string) => `flux_resource_info{kind="${kind}", ready="False", suspended="false"} == 1`;
    group('flux.rules')
      .alert({
        alert: 'FluxHelmReleaseFailing', severity: 'warning', for: '30m', expr: failing('HelmRelease'),
        summary: 'HelmRelease {{ $labels.exported_namespace }}/{{ $labels.name }} has not been Ready for 30 minutes ({{ $labels.reason }})',
        description: 'The release is stuck; Flux retries, but the cluster is not at the desired state. `flux get hr -A` and the HelmRelease events say why.',
      })
      .alert({
        alert: 'FluxKustomizationFailing', severity: 'warning', for: '30m', expr: failing('Kustomization'),
        summary: 'Kustomization {{ $labels.exported_namespace }}/{{ $labels.name }} has not been Ready for 30 minutes ({{ $labels.reason }})',
        description: 'Everything that depends on this Kustomization waits too. A failed health check or a dependency not ready is the usual cause.',
      })
      .alert({
        alert: 'FluxSourceFailing', severity: 'warning', for: '30m', expr: 'flux_resource_info{kind=~"GitRepository|OCIRepository|HelmRepository|HelmChart", ready="False", suspended="false"} == 1',
        summary: '{{ $labels.kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} cannot be fetched',
        description: 'Flux cannot fetch this source: new revisions do not arrive. Check the registry, credentials and the URL.',
      });
  },
};
