// Loki (single binary), Alloy (log shipping) and Grafana.
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/loki.ts';

export const lokiMonitoring: ComponentMonitoring = {
  component: 'loki',
  sources: [{
    component: 'loki',
    metrics: [
      ...histogram('loki_request_duration_seconds'), 'loki_ring_members', 'loki_distributor_bytes_received_total', 'loki_distributor_lines_received_total',
      'loki_discarded_samples_total', 'loki_compactor_running', 'loki_ingester_memory_streams', 'loki_build_info', 'loki_panic_total',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'loki', file: FILE });
    const requests = (f = '') => `sum by (namespace, job, route) (rate(loki_request_duration_seconds_count${f}[5m]))`;
    group('loki-records')
      .record({ record: 'loki:request_duration_seconds:p99', expr: 'histogram_quantile(0.99, sum by (le, namespace, job, route) (rate(loki_request_duration_seconds_bucket[5m])))' })
      .record({ record: 'loki:request_duration_seconds:p50', expr: 'histogram_quantile(0.5, sum by (le, namespace, job, route) (rate(loki_request_duration_seconds_bucket[5m])))' })
      .record({ record: 'loki:request_duration_seconds:avg', expr: 'sum by (namespace, job, route) (rate(loki_request_duration_seconds_sum[5m])) / sum by (namespace, job, route) (rate(loki_request_duration_seconds_count[5m]))' })
      .record({ record: 'loki:requests_total:rate5m', expr: requests() })
      .record({ record: 'loki:requests_errors:rate5m', expr: requests('{status_code=~"5.."}') })
      .record({ record: 'loki:requests_error_rate:ratio5m', expr: `${requests('{status_code=~"5.."}')} / ${requests()}` })
      .record({ record: 'loki:ingester_bytes_received:rate5m', expr: 'sum by (namespace, job) (rate(loki_distributor_bytes_received_total[5m]))' })
      .record({ record: 'loki:ingester_lines_received:rate5m', expr: 'sum by (namespace, job) (rate(loki_distributor_lines_received_total[5m]))' });
    group('loki-alerts')
      .alert({
        alert: 'LokiRequestErrors', severity: 'critical', for: '15m', expr: 'loki:requests_error_rate:ratio5m > 0.1',
        summary: 'More than 10% of Loki {{ $labels.route }} requests fail', description: 'Log queries or pushes fail: Grafana log panels and Alloy shipping are affected.',
      })
      .alert({
        alert: 'LokiRequestLatency', severity: 'warning', for: '15m', expr: 'loki:request_duration_seconds:p99{route!~"(?i).*tail.*"} > 1',
        summary: 'Loki {{ $labels.route }} takes {{ $value | humanizeDuration }} (p99)', description: 'Loki is slow; look at its CPU, memory and the size of recent queries.',
      })
      .alert({
        alert: 'LokiIngesterUnhealthy', severity: 'critical', for: '5m', expr: 'max(loki_ring_members{name="ingester", state="Unhealthy"}) > 0',
        summary: 'Loki has an unhealthy ingester in its ring', description: 'Pushes to that ingester fail. With one replica, restart the pod.',
      })
      .alert({
        alert: 'LokiDistributorSpanErrors', severity: 'warning', for: '15m',
        expr: 'sum(rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push", status_code=~"5.."}[5m])) / sum(rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push"}[5m])) > 0.1',
        summary: 'More than 10% of log pushes to Loki fail', description: 'Alloy retries, then drops: logs go missing.',
      })
      .alert({
        alert: 'LokiQueryFrontendQueriesSlowOrFailing', severity: 'warning', for: '15m', expr: 'loki:request_duration_seconds:p99{route=~"loki_api_v1_query.*"} > 10',
        summary: 'Loki queries take {{ $value | humanizeDuration }} (p99)', description: 'Dashboards with log panels time out. Narrow the queries or give Loki more memory.',
      })
      .alert({
        alert: 'LokiTooManyCompactorsRunning', severity: 'warning', for: '5m', expr: 'sum by (namespace) (loki_compactor_running) > 1',
        summary: 'More than one Loki compactor runs', description: 'Two compactors corrupt the index. Only one replica may run the compactor.',
      })
      .alert({
        alert: 'LokiCompactorNotRunning', severity: 'critical', for: '15m', expr: 'sum by (namespace) (loki_compactor_running) == 0',
        summary: 'No Loki compactor runs', description: 'Retention is not applied: the volume fills up.',
      })
      .alert({
        alert: 'LokiStreamLimitReached', severity: 'warning', for: '5m', expr: 'sum by (reason) (rate(loki_discarded_samples_total{reason=~"stream_limit|rate_limited|per_stream_rate_limit"}[5m])) > 0',
        summary: 'Loki discards log lines ({{ $labels.reason }})', description: 'Loki answers pushes with 429: logs are lost. Raise the limit or find the noisy stream.',
      });
  },
};

export const alloyMonitoring: ComponentMonitoring = {
  component: 'alloy',
  sources: [{ component: 'alloy', metrics: ['loki_write_dropped_entries_total', 'loki_write_sent_entries_total', ...histogram('loki_write_request_duration_seconds'), 'loki_write_stream_lag_seconds', 'alloy_build_info'] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'alloy', file: FILE, runbook: 'loki.md' });
    group('alloy')
      .alert({
        alert: 'AlloyDroppedEntries', severity: 'critical', for: '1m', expr: 'sum by (pod) (rate(loki_write_dropped_entries_total[5m])) > 0',
        summary: 'Alloy on {{ $labels.pod }} drops log entries', description: 'Logs of this node are lost for good: Loki refuses them or is unreachable.',
      })
      .alert({
        alert: 'AlloyRequestErrors', severity: 'warning', for: '5m', expr: 'sum by (pod) (rate(loki_write_request_duration_seconds_count{status_code=~"5.."}[5m])) > 0',
        summary: 'Alloy on {{ $labels.pod }} gets server errors from Loki', description: 'Alloy retries; if it persists it drops (AlloyDroppedEntries).',
      })
      .alert({
        alert: 'AlloyStreamLagging', severity: 'warning', for: '15m', expr: 'max by (pod) (loki_write_stream_lag_seconds) > 60',
        summary: 'Alloy on {{ $labels.pod }} is {{ $value | humanizeDuration }} behind', description: 'Recent logs are not searchable yet; Loki is slow to accept pushes.',
      });
  },
};

export const grafanaMonitoring: ComponentMonitoring = {
  component: 'grafana',
  sources: [{ component: 'grafana', metrics: ['grafana_datasource_request_total', ...histogram('grafana_http_request_duration_seconds'), 'grafana_plugin_build_info', 'grafana_build_info', 'grafana_stat_totals_dashboard'] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'grafana', file: FILE, runbook: 'loki.md' });
    group('grafana')
      .alert({
        alert: 'GrafanaDatasourceUnhealthy', severity: 'warning', for: '10m', expr: 'sum by (datasource) (rate(grafana_datasource_request_total{code=~"5.."}[5m])) > 0',
        summary: 'Grafana data source {{ $labels.datasource }} returns errors', description: 'Panels on that data source show errors. Check Prometheus, Loki or Alertmanager behind it.',
      })
      .alert({
        alert: 'GrafanaHighErrorRate', severity: 'warning', for: '10m',
        expr: 'sum(rate(grafana_http_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum(rate(grafana_http_request_duration_seconds_count[5m])) > 0.05',
        summary: 'More than 5% of Grafana requests fail', description: 'Grafana itself errors; its log says why.',
      })
      .alert({
        alert: 'GrafanaDashboardsMissing', severity: 'warning', for: '15m', expr: 'max(grafana_stat_totals_dashboard) < 1',
        summary: 'Grafana has no dashboards loaded', description: 'The dashboard sidecar did not load the ConfigMaps labelled grafana_dashboard: check the sidecar container log.',
      });
  },
};
