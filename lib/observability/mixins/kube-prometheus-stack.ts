// kube-prometheus-stack: Prometheus, Alertmanager, the operator, kube-state-metrics, node-exporter and the
// kubelet/cAdvisor/apiserver targets it scrapes. The chart's own rules (`defaultRules`) stay on; these are
// the additions and the two replacements (physical disks only; OOM kills as such).
import type { ComponentMonitoring } from '../component.js';
import { histogram, type MetricSource } from '../catalog.js';
import type { DeclaredAlert } from '../system.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/kube-prometheus-stack.ts';

/** Default rules of the chart replaced by ours (same signal, fitted to this hardware). */
export const REPLACED_DEFAULT_RULES = ['NodeDiskIOSaturation', 'KubeClientCertificateExpiration'] as const;

/** kube-state-metrics label allowlist: which Kubernetes labels become `label_*` on `kube_<kind>_labels`. */
export interface KsmLabelAllowlist {
  readonly [resource: string]: readonly string[];
}

function ksmLabel(label: string): string {
  return `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The chart value `metricLabelsAllowlist` for an allowlist. */
export function ksmAllowlistValue(allow: KsmLabelAllowlist): string[] {
  return Object.entries(allow).map(([resource, labels]) => `${resource}=[${labels.join(',')}]`);
}

/**
 * kube-state-metrics: `kube_<kind>_labels` carries exactly the allow-listed labels (`*` = all), so a
 * matcher on any other `label_*` can never match — the reference's escape-hatch alerts read such a label.
 */
export function kubeStateMetrics(allow: KsmLabelAllowlist): MetricSource {
  const labelMetrics: Record<string, string[]> = {};
  const resources: Record<string, string> = { namespaces: 'namespace', pods: 'pod', deployments: 'deployment', persistentvolumeclaims: 'persistentvolumeclaim', nodes: 'node', statefulsets: 'statefulset', daemonsets: 'daemonset' };
  for (const [resource, singular] of Object.entries(resources)) {
    const allowed = allow[resource] ?? [];
    if (allowed.includes('*')) continue; // all labels: an open set
    const identity = singular === 'namespace' ? ['namespace'] : singular === 'node' ? ['node'] : ['namespace', singular];
    labelMetrics[`kube_${singular}_labels`] = [...identity, ...allowed.map(ksmLabel)];
  }
  return {
    component: 'kube-state-metrics',
    metrics: [
      'kube_namespace_labels', 'kube_namespace_status_phase', 'kube_node_info', 'kube_node_labels', 'kube_node_status_condition', 'kube_node_status_allocatable',
      'kube_node_status_capacity', 'kube_node_spec_unschedulable', 'kube_pod_info', 'kube_pod_labels', 'kube_pod_owner', 'kube_pod_status_phase', 'kube_pod_status_ready',
      'kube_pod_status_reason', 'kube_pod_container_info', 'kube_pod_container_status_ready', 'kube_pod_container_status_restarts_total',
      'kube_pod_container_status_waiting_reason', 'kube_pod_container_status_last_terminated_reason', 'kube_pod_container_resource_requests',
      'kube_pod_container_resource_limits', 'kube_deployment_labels', 'kube_deployment_spec_replicas', 'kube_deployment_status_replicas',
      'kube_deployment_status_replicas_available', 'kube_deployment_status_replicas_unavailable', 'kube_deployment_status_replicas_updated',
      'kube_daemonset_labels', 'kube_daemonset_status_desired_number_scheduled', 'kube_daemonset_status_number_ready', 'kube_daemonset_status_number_available',
      'kube_daemonset_status_number_unavailable', 'kube_daemonset_status_number_misscheduled', 'kube_statefulset_labels', 'kube_statefulset_replicas',
      'kube_statefulset_status_replicas_ready', 'kube_persistentvolumeclaim_labels', 'kube_persistentvolumeclaim_info', 'kube_persistentvolumeclaim_status_phase',
      'kube_persistentvolumeclaim_resource_requests_storage_bytes', 'kube_persistentvolume_status_phase', 'kube_job_status_failed', 'kube_job_status_succeeded',
      'kube_cronjob_next_schedule_time', 'kube_horizontalpodautoscaler_status_current_replicas',
    ],
    labels: labelMetrics,
  };
}

export const nodeExporter: MetricSource = {
  component: 'node-exporter',
  metrics: [
    'node_cpu_seconds_total', 'node_load1', 'node_load5', 'node_load15', 'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes', 'node_memory_MemFree_bytes',
    'node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_filesystem_readonly', 'node_disk_io_time_seconds_total', 'node_disk_io_time_weighted_seconds_total',
    'node_disk_read_bytes_total', 'node_disk_written_bytes_total', 'node_disk_info', 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total',
    'node_network_receive_drop_total', 'node_network_transmit_drop_total', 'node_network_receive_errs_total', 'node_network_transmit_errs_total', 'node_network_speed_bytes',
    'node_network_up', 'node_network_info', 'node_boot_time_seconds', 'node_time_seconds', 'node_uname_info', 'node_os_info', 'node_hwmon_temp_celsius', 'node_pressure_cpu_waiting_seconds_total',
  ],
};

export const kubelet: MetricSource = {
  component: 'kubelet',
  metrics: [
    'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'container_oom_events_total', 'container_network_receive_bytes_total',
    'container_network_transmit_bytes_total', 'kubelet_volume_stats_used_bytes', 'kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_available_bytes',
    'kubelet_running_pods', 'kubelet_node_name',
  ],
};

export const apiserver: MetricSource = {
  component: 'kube-apiserver',
  metrics: ['apiserver_request_total', ...histogram('apiserver_client_certificate_expiration_seconds', 'apiserver_request_duration_seconds'), 'kubernetes_build_info'],
};

export const prometheusServer: MetricSource = {
  component: 'prometheus',
  metrics: [
    'prometheus_tsdb_head_series', 'prometheus_tsdb_storage_blocks_bytes', 'prometheus_tsdb_wal_corruptions_total', 'prometheus_rule_evaluation_failures_total',
    'prometheus_rule_group_iterations_missed_total', 'prometheus_notifications_dropped_total', 'prometheus_target_scrape_pool_targets', 'prometheus_config_last_reload_successful',
    'prometheus_build_info', 'prometheus_ready', 'alertmanager_notifications_total', 'alertmanager_notifications_failed_total', 'alertmanager_alerts',
    'alertmanager_config_last_reload_successful', 'alertmanager_cluster_members', 'prometheus_operator_reconcile_errors_total', 'prometheus_operator_reconcile_operations_total',
  ],
};

/** Records the chart's default rules write (used by our dashboards and kromgo). */
export const defaultRuleRecords: MetricSource = {
  component: 'kube-prometheus-stack default rules',
  metrics: [
    'instance:node_cpu_utilisation:rate5m', 'instance:node_memory_utilisation:ratio', 'instance:node_num_cpu:sum', 'instance:node_network_receive_bytes_excluding_lo:rate5m',
    'instance:node_network_transmit_bytes_excluding_lo:rate5m', 'instance_device:node_disk_io_time_seconds:rate5m',
    'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m', 'node_namespace_pod_container:container_memory_working_set_bytes',
    'namespace_workload_pod:kube_pod_owner:relabel', 'cluster:node_cpu:ratio_rate5m', 'apiserver_request:availability30d', 'apiserver_request:burnrate1h',
  ],
};

/** Alerts of the chart's default rules that our routing and inhibitions refer to (labels as the chart sets them). */
export const SHIPPED_ALERTS: readonly DeclaredAlert[] = [
  { alert: 'Watchdog', labels: { severity: 'none' }, outputLabels: [], openLabels: false },
  { alert: 'InfoInhibitor', labels: { severity: 'none' }, outputLabels: ['namespace'], openLabels: true },
  { alert: 'TargetDown', labels: { severity: 'warning' }, outputLabels: ['job', 'namespace', 'service'], openLabels: false },
  { alert: 'CPUThrottlingHigh', labels: { severity: 'info' }, outputLabels: ['namespace', 'pod', 'container'], openLabels: true },
  { alert: 'KubeQuotaAlmostFull', labels: { severity: 'info' }, outputLabels: ['namespace'], openLabels: true },
  { alert: 'KubePodCrashLooping', labels: { severity: 'warning' }, outputLabels: ['namespace', 'pod', 'container'], openLabels: true },
  { alert: 'KubeDaemonSetRolloutStuck', labels: { severity: 'warning' }, outputLabels: ['namespace', 'daemonset'], openLabels: true },
];

export function kubePrometheusStackMonitoring(allow: KsmLabelAllowlist): ComponentMonitoring[] {
  return [
    {
      component: 'kube-prometheus-stack',
      shippedAlerts: SHIPPED_ALERTS,
      sources: [kubeStateMetrics(allow), nodeExporter, kubelet, apiserver, prometheusServer, defaultRuleRecords],
      rules: (scope, ctx) => {
        const group = componentRules(scope, ctx, { component: 'kube-prometheus-stack', file: FILE, name: 'kubernetes-extra-alerts', runbook: 'kubernetes.md' });
        group('node-disks')
          .alert({
            alert: 'NodeDiskIOSaturation', severity: 'warning', for: '30m',
            expr: 'rate(node_disk_io_time_weighted_seconds_total{device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"}[5m]) * on (instance, device) group_left () (node_disk_info{model!="VIRTUAL-DISK"} or on (instance, device) (0 * node_disk_info)) > 10',
            summary: 'Disk {{ $labels.device }} on {{ $labels.instance }} has a queue of more than 10 I/O requests',
            description: 'Requests wait on the physical disk {{ $labels.device }} of {{ $labels.instance }} ({{ $value | humanize }} in flight on average for 30 minutes): everything on it is slow. Look for a rebuild, a backup or a noisy pod.',
            runbook: 'kubernetes.md#node-disks',
          });
        group('workloads')
          .alert({
            alert: 'OomKilled', severity: 'critical',
            expr: '(kube_pod_container_status_restarts_total - kube_pod_container_status_restarts_total offset 10m >= 1) and ignoring (reason) min_over_time(kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}[10m]) == 1',
            summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed',
            description: 'The kernel killed {{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} for exceeding its memory limit in the last 10 minutes. Raise the limit or find the leak.',
            runbook: 'kubernetes.md#workloads',
          })
          .alert({
            alert: 'CriticalScrapeTargetDown', severity: 'critical', for: '5m',
            expr: 'up{job=~"cilium-agent|hubble|.*grafana.*|authelia-metrics|kube-state-metrics|node-exporter"} == 0',
            summary: 'Critical scrape target {{ $labels.job }} at {{ $labels.instance }} is down',
            description: 'Prometheus cannot scrape {{ $labels.instance }} of {{ $labels.job }}: alerts that read its metrics are blind until it is back.',
            runbook: 'kubernetes.md#workloads',
          });
        group('kube-apiserver-certificates')
          .alert({
            alert: 'KubeClientCertificateExpiringSoon', severity: 'warning', for: '5m',
            expr: 'apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0 and on (job) histogram_quantile(0.05, sum by (job, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < 7 * 86400',
            summary: 'A client certificate used against the API server expires in less than 7 days',
            description: 'The 5th percentile of client certificates presented to the API server expires within a week. Talos rotates its own; find the client (kubeconfig, controller) still on an old one.',
            runbook: 'kubernetes.md#api-server-client-certificates',
          })
          .alert({
            alert: 'KubeClientCertificateExpiringCritical', severity: 'critical', for: '5m',
            expr: 'apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0 and on (job) histogram_quantile(0.05, sum by (job, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < 86400',
            summary: 'A client certificate used against the API server expires within 24 hours',
            description: 'Clients will be locked out of the API server within a day. Renew the client certificate now.',
            runbook: 'kubernetes.md#api-server-client-certificates',
          });
      },
    },
  ];
}
