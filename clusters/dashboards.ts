// The platform's Grafana dashboards (reference: observability.md §5.1), built with Grafana's SDK through
// lib/observability/dashboard.ts. Panels for a component appear only where the component is deployed.
import type { Construct } from 'constructs';
import { GrafanaDashboard, graph, labelVariable, logsPanel, lokiq, promq, row, statPanel, tablePanel, textVariable, type DashboardProps, type Placed } from '../lib/observability/dashboard.js';
import { CANARY_WINDOWS } from '../lib/observability/mixins/canary-checker.js';
import { GATEWAY_REQUESTS } from '../lib/observability/mixins/gateway.js';
import { SLO_PERIOD, type AppSlo } from '../lib/observability/slo.js';

const FILE = 'clusters/dashboards.ts';
/** Electricity price for the cost panels, $/kWh. */
const ELECTRICITY_RATE = 0.15;
const HOURS_PER_MONTH = 730;

const gw = (extra = '') => GATEWAY_REQUESTS.replace('}', `${extra}}`);
const rate = (sel: string, w = '$__rate_interval') => `rate(${sel}[${w}])`;

export interface DashboardContext {
  /** Deployed monitoring components (lib/observability mixins' `component`). */
  readonly has: (component: string) => boolean;
  readonly slos: () => readonly AppSlo[];
}

export function addDashboards(scope: Construct, ctx: DashboardContext): void {
  const d = (uid: string, title: string, folder: string, from: string, panels: ReadonlyArray<Placed | false>, variables?: DashboardProps['variables']) =>
    new GrafanaDashboard(scope, `dashboard-${uid}`, { uid, title, folder, from, panels: panels.filter((p): p is Placed => p !== false), file: FILE, ...(variables ? { variables } : {}) });
  const gpu = ctx.has('dcgm-exporter');
  const firing = 'count(ALERTS{alertstate="firing", alertname!~"Watchdog|InfoInhibitor"}) or vector(0)';
  const upsWatts = 'max(upsAdvanceOutputPower)';
  const monthlyCost = `${upsWatts} / 1000 * ${HOURS_PER_MONTH} * ${ELECTRICITY_RATE}`;

  d('platform-home', 'Platform Home', 'Platform', 'now-1h', [
    statPanel('Ready nodes', ['count(kube_node_status_condition{condition="Ready", status="true"} == 1)']),
    statPanel('Running pods', ['sum(kube_pod_status_phase{phase="Running"})']),
    statPanel('Flux objects not ready', ['count(flux_resource_info{ready="False", suspended="false"}) or vector(0)'], { t: [1] }),
    statPanel('Firing alerts', [firing], { t: [1, 5] }),
    statPanel('Gateway req/s', [`sum(${rate(gw())})`], { unit: 'reqps' }),
    statPanel('Gateway 5xx', [`sum(${rate(gw(', response_code=~"5.."'))}) / sum(${rate(gw())})`], { unit: 'percentunit', t: [0.01, 0.05] }),
    row('Power and hardware'),
    statPanel('UPS load', [upsWatts], { unit: 'watt', t: [600, 900] }),
    statPanel('Monthly power cost', [monthlyCost], { unit: 'currencyUSD' }),
    statPanel('Hottest CPU', ['max(ipmi_temperature_celsius{name=~"(?i)cpu.*temp.*"})'], { unit: 'celsius', t: [75, 85] }),
    row('Storage and data'),
    statPanel('Longhorn fast pool', ['longhorn:pool_usage_ratio:sum{pool="fast"}'], { unit: 'percentunit', t: [0.7, 0.9] }),
    statPanel('Garage healthy', ['min(cluster_healthy)'], { t: [1] }),
    statPanel('Fullest PVC', ['max(kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes)'], { unit: 'percentunit', t: [0.8, 0.9] }),
    statPanel('Postgres streaming replicas', ['max(cnpg_pg_replication_streaming_replicas)']),
    statPanel('Dragonfly memory', ['max(dragonfly_memory_used_bytes / dragonfly_memory_max_bytes)'], { unit: 'percentunit', t: [0.9, 0.95] }),
    statPanel('Oldest Postgres backup', ['time() - min(cnpg_collector_last_available_backup_timestamp > 0)'], { unit: 's', t: [86400, 129600] }),
  ]);

  d('platform-signals', 'Platform Signals', 'SRE', 'now-3h', [
    statPanel('Flux ready', ['count(flux_resource_info{ready="True"}) / count(flux_resource_info)'], { unit: 'percentunit', w: 6 }),
    statPanel('Firing alerts', [firing], { w: 6, t: [1, 5] }),
    statPanel('Flux suspended', ['count(flux_resource_info{suspended="true"}) or vector(0)'], { w: 6 }),
    statPanel('Flux failing', ['count(flux_resource_info{ready="False", suspended="false"}) or vector(0)'], { w: 6, t: [1] }),
    graph('Requests per gateway', [promq(`sum by (source_workload) (${rate(gw())})`, '{{source_workload}}')], { unit: 'reqps' }),
    graph('Success ratio per gateway', [promq(`sum by (source_workload) (${rate(gw(', response_code!~"5.."'))}) / sum by (source_workload) (${rate(gw())})`, '{{source_workload}}')], { unit: 'percentunit' }),
    graph('Gateway latency p50/p95/p99', [0.5, 0.95, 0.99].map((q) => promq(`histogram_quantile(${q}, sum by (le) (${rate('istio_request_duration_milliseconds_bucket{reporter="source", source_workload=~"(external|internal)-istio.*"}')}))`, `p${q * 100}`)), { unit: 'ms' }),
    graph('Flux reconcile duration p95', [promq('histogram_quantile(0.95, sum by (le, kind) (rate(gotk_reconcile_duration_seconds_bucket[$__rate_interval])))', '{{kind}}')], { unit: 's' }),
    graph('Postgres connections', [promq('sum by (pod) (cnpg_backends_total)', '{{pod}}')]),
    graph('Postgres replication lag', [promq('max by (pod) (cnpg_pg_replication_lag)', '{{pod}}')], { unit: 's' }),
    graph('Dragonfly ops/s', [promq('sum(rate(dragonfly_commands_processed_total[$__rate_interval]))', 'ops')], { unit: 'ops' }),
    graph('Dragonfly hit ratio', [promq('sum(rate(dragonfly_keyspace_hits_total[$__rate_interval])) / (sum(rate(dragonfly_keyspace_hits_total[$__rate_interval])) + sum(rate(dragonfly_keyspace_misses_total[$__rate_interval])))', 'hits')], { unit: 'percentunit' }),
    graph('PVC fill', [promq('topk(10, kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes)', '{{namespace}}/{{persistentvolumeclaim}}')], { unit: 'percentunit' }),
    graph('Garage S3 requests and errors', [promq('sum(rate(api_s3_request_counter[$__rate_interval]))', 'requests'), promq('sum(rate(api_s3_error_counter[$__rate_interval]))', 'errors')], { unit: 'reqps' }),
  ]);

  d('canary-sla', 'Canary SLA', 'SRE', 'now-30d', [
    statPanel('Worst 30d availability', ['min(canary:availability:30d)'], { unit: 'percent', w: 6 }),
    statPanel('Worst 24h availability', ['min(canary:availability:24h)'], { unit: 'percent', w: 6 }),
    statPanel('Checks passing', ['count(canary_check == 0) or vector(0)'], { w: 6 }),
    statPanel('Checks failing', ['count(canary_check == 1) or vector(0)'], { w: 6, t: [1] }),
    tablePanel('Availability per check', CANARY_WINDOWS.map((w) => promq(`canary:availability:${w}`, w).instant())),
    graph('Check duration p95', [promq('histogram_quantile(0.95, sum by (le, name) (rate(canary_check_duration_bucket[$__rate_interval])))', '{{name}}')], { unit: 'ms', w: 24 }),
  ]);

  d('backup-health', 'Backup Health', 'Backup', 'now-24h', [
    statPanel('Postgres last backup age', ['time() - max by (namespace) (cnpg_collector_last_available_backup_timestamp > 0)'], { unit: 's', w: 8, t: [86400, 172800] }),
    statPanel('WAL files waiting', ['max(cnpg_collector_pg_wal_archive_status{value="ready"})'], { w: 8, t: [10, 100] }),
    statPanel('First recoverability point age', ['time() - min(cnpg_collector_first_recoverability_point > 0)'], { unit: 's', w: 8 }),
    graph('WAL backlog per pod', [promq('cnpg_collector_pg_wal_archive_status{value="ready"}', '{{pod}}')], { w: 24 }),
    graph('Longhorn volume last backup', [promq('time() - longhorn_volume_last_backup_at > 0', '{{volume}}')], { unit: 's', w: 24 }),
  ]);

  d('velero', 'Velero Backup Health', 'Backup', 'now-7d', [
    statPanel('Storage location available', ['min(velero_backup_storage_location_available)'], { w: 6 }),
    statPanel('Backups succeeded (24h)', ['sum(increase(velero_backup_success_total[24h]))'], { w: 6 }),
    statPanel('Backups failed or partial (24h)', ['sum(increase(velero_backup_failure_total[24h])) + sum(increase(velero_backup_partial_failure_total[24h]))'], { w: 6, t: [1] }),
    statPanel('Restores (24h)', ['sum(increase(velero_restore_total[24h]))'], { w: 6 }),
    tablePanel('Last success per schedule', ['time() - velero_backup_last_successful_timestamp{schedule!=""}']),
    graph('Backup duration p50/p99', [0.5, 0.99].map((q) => promq(`histogram_quantile(${q}, sum by (le, schedule) (rate(velero_backup_duration_seconds_bucket[$__rate_interval])))`, `p${q * 100} {{schedule}}`)), { unit: 's' }),
    graph('Backup size', [promq('velero_backup_tarball_size_bytes', '{{schedule}}')], { unit: 'bytes' }),
  ]);

  d('garage-s3-storage', 'Garage S3 Storage', 'Storage', 'now-6h', [
    statPanel('Healthy', ['min(cluster_healthy)'], { w: 4 }),
    statPanel('Available', ['min(cluster_available)'], { w: 4 }),
    statPanel('Nodes ok', ['min(cluster_storage_nodes_ok)'], { w: 4 }),
    statPanel('Partitions with quorum', ['min(cluster_partitions_quorum)'], { w: 4 }),
    statPanel('Data disk used', ['max(1 - garage_local_disk_avail{volume="data"} / garage_local_disk_total{volume="data"})'], { unit: 'percentunit', w: 4, t: [0.8, 0.9] }),
    statPanel('Metadata disk used', ['max(1 - garage_local_disk_avail{volume="metadata"} / garage_local_disk_total{volume="metadata"})'], { unit: 'percentunit', w: 4, t: [0.8, 0.9] }),
    graph('S3 requests by endpoint', [promq('sum by (api_endpoint) (rate(api_s3_request_counter[$__rate_interval]))', '{{api_endpoint}}')], { unit: 'reqps' }),
    graph('S3 latency p50/p95/p99', [0.5, 0.95, 0.99].map((q) => promq(`histogram_quantile(${q}, sum by (le) (rate(api_s3_request_duration_bucket[$__rate_interval])))`, `p${q * 100}`)), { unit: 's' }),
    graph('Resync queue and errors', [promq('max(block_resync_queue_length)', 'queue'), promq('max(block_resync_errored_blocks)', 'errored')]),
    graph('RPC latency p99', [promq('histogram_quantile(0.99, sum by (le) (rate(rpc_duration_bucket[$__rate_interval])))', 'p99')], { unit: 's' }),
    graph('Merkle and GC queues', [promq('max(table_merkle_updater_todo_queue_length)', 'merkle'), promq('max(table_gc_todo_queue_length)', 'gc')], { w: 24 }),
  ]);

  d('hardware-health', 'Hardware Health', 'Hardware', 'now-24h', [
    statPanel('Disks failing SMART', ['count(smartctl_device_smart_status != 1) or vector(0)'], { w: 6, t: [1] }),
    statPanel('Disks with SMART errors', ['count(smartctl_device_error_log_count > 0) or vector(0)'], { w: 6, t: [1] }),
    statPanel('Hottest disk', ['max(smartctl_device_temperature{temperature_type="current"})'], { unit: 'celsius', w: 6, t: [45, 55] }),
    statPanel('Hottest CPU (IPMI)', ['max(ipmi_temperature_celsius{name=~"(?i)cpu.*temp.*"})'], { unit: 'celsius', w: 6, t: [75, 85] }),
    graph('Disk temperatures', [promq('smartctl_device_temperature{temperature_type="current"}', '{{instance}} {{device}}')], { unit: 'celsius' }),
    graph('SSD life used', [promq('smartctl_device_percentage_used', '{{instance}} {{device}}')], { unit: 'percent' }),
    graph('IPMI temperatures', [promq('ipmi_temperature_celsius', '{{instance}} {{name}}')], { unit: 'celsius' }),
    graph('Fans', [promq('ipmi_fan_speed_rpm', '{{instance}} {{name}}')], { unit: 'rotrpm' }),
    graph('Server power (DCMI)', [promq('ipmi_dcmi_power_consumption_watts', '{{instance}}')], { unit: 'watt' }),
    graph('Bytes written per disk', [promq('rate(smartctl_device_bytes_written[1h])', '{{instance}} {{device}}')], { unit: 'Bps' }),
    gpu && graph('GPU temperature', [promq('DCGM_FI_DEV_GPU_TEMP', 'GPU {{gpu}}')], { unit: 'celsius' }),
    gpu && graph('GPU memory used', [promq('DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)', 'GPU {{gpu}}')], { unit: 'percentunit' }),
  ]);

  d('power-accounting', 'Power Accounting', 'Power', 'now-7d', [
    statPanel('UPS output', [upsWatts], { unit: 'watt', w: 6, t: [600, 900] }),
    statPanel('Monthly cost', [monthlyCost], { unit: 'currencyUSD', w: 6 }),
    statPanel('UPS load', ['max(upsAdvanceOutputLoad)'], { unit: 'percent', w: 6, t: [80, 95] }),
    statPanel('Battery', ['min(upsAdvanceBatteryCapacity)'], { unit: 'percent', w: 6 }),
    graph('Power draw and 24h average', [promq(upsWatts, 'UPS'), promq(`avg_over_time(${upsWatts}[24h])`, '24h average'), ...(gpu ? [promq('sum(DCGM_FI_DEV_POWER_USAGE)', 'GPU')] : [])], { unit: 'watt', w: 24 }),
    graph('Battery runtime', [promq('min(upsAdvanceBatteryRunTimeRemaining) / 100', 'runtime')], { unit: 's' }),
    graph('Input/output voltage', [promq('max(upsAdvanceInputLineVoltage) / 10', 'in'), promq('max(upsAdvanceOutputVoltage) / 10', 'out')], { unit: 'volt' }),
  ]);

  const nic = 'device!~"lo|veth.*|lxc.*|cilium.*|bond.*|vlan.*"';
  d('network-throughput', 'Network Throughput (10 GbE capacity)', 'Network', 'now-24h', [
    statPanel('Peak NIC use', [`max(rate(node_network_receive_bytes_total{${nic}}[$__rate_interval]) * 8 / 1e10)`], { unit: 'percentunit', w: 8, t: [0.5, 0.8] }),
    statPanel('Drops/s', [`sum(rate(node_network_receive_drop_total{${nic}}[$__rate_interval]) + rate(node_network_transmit_drop_total{${nic}}[$__rate_interval]))`], { w: 8, t: [1] }),
    statPanel('Errors/s', [`sum(rate(node_network_receive_errs_total{${nic}}[$__rate_interval]) + rate(node_network_transmit_errs_total{${nic}}[$__rate_interval]))`], { w: 8, t: [1] }),
    graph('Receive per node', [promq(`sum by (instance) (rate(node_network_receive_bytes_total{${nic}}[$__rate_interval])) * 8`, '{{instance}}')], { unit: 'bps' }),
    graph('Transmit per node', [promq(`sum by (instance) (rate(node_network_transmit_bytes_total{${nic}}[$__rate_interval])) * 8`, '{{instance}}')], { unit: 'bps' }),
    graph('Switch ports (SNMP)', [promq('rate(ifHCInOctets[10m]) * 8', '{{instance}} {{ifName}} in'), promq('rate(ifHCOutOctets[10m]) * 8', '{{instance}} {{ifName}} out')], { unit: 'bps', w: 24 }),
  ]);

  const pair = 'sum by (source_workload, destination_service_name)';
  d('gateway-ingress-overview', 'Ingress Gateway Overview', 'Network', 'now-6h', [
    statPanel('Requests/s', [`sum(${rate(gw())})`], { unit: 'reqps', w: 6 }),
    statPanel('Success', [`sum(${rate(gw(', response_code!~"5.."'))}) / sum(${rate(gw())})`], { unit: 'percentunit', w: 6 }),
    statPanel('5xx', [`sum(${rate(gw(', response_code=~"5.."'))}) / sum(${rate(gw())})`], { unit: 'percentunit', w: 6, t: [0.01, 0.05] }),
    statPanel('4xx', [`sum(${rate(gw(', response_code=~"4.."'))}) / sum(${rate(gw())})`], { unit: 'percentunit', w: 6 }),
    graph('Requests by class', [promq(`sum by (response_code) (${rate(gw())})`, '{{response_code}}')], { unit: 'reqps', stack: true }),
    graph('Latency p95/p99', [0.95, 0.99].map((q) => promq(`histogram_quantile(${q}, sum by (le, source_workload) (${rate('istio_request_duration_milliseconds_bucket{reporter="source", source_workload=~"(external|internal)-istio.*"}')}))`, `p${q * 100} {{source_workload}}`)), { unit: 'ms' }),
    tablePanel('Traffic per app', [`${pair} (rate(${gw()}[1h]))`]),
    graph('External clients by country', [lokiq('sum by (geoip_country_code) (count_over_time({namespace="istio-gateway", gateway="external"} | json | __error__="" [5m]))')], { w: 24 }),
  ]);

  d('gateway-ingress-detail', 'Ingress Gateway Detail', 'Network', 'now-6h', [
    graph('Requests by app', [promq(`${pair} (${rate(gw())})`, '{{destination_service_name}} via {{source_workload}}')], { unit: 'reqps' }),
    graph('5xx ratio by app', [promq(`${pair} (${rate(gw(', response_code=~"5.."'))}) / ${pair} (${rate(gw())})`, '{{destination_service_name}}')], { unit: 'percentunit' }),
    graph('Response flags', [promq(`sum by (response_flags) (${rate(gw(', response_flags!="-"'))})`, '{{response_flags}}')], { unit: 'reqps' }),
    graph('Bytes in/out', [promq(`sum(rate(istio_request_bytes_sum{reporter="source"}[$__rate_interval]))`, 'in'), promq(`sum(rate(istio_response_bytes_sum{reporter="source"}[$__rate_interval]))`, 'out')], { unit: 'Bps' }),
    tablePanel('Per-app RED (1h)', [`${pair} (rate(${gw()}[1h]))`, `${pair} (rate(${gw(', response_code=~"5.."')}[1h]))`]),
  ]);

  const rejected = '{namespace="istio-gateway", gateway="external"} | json | response_code >= 400 or response_flags =~ "NR|UH|UF"';
  d('gateway-ingress-rejected', 'Ingress Gateway Rejected', 'Network', 'now-24h', [
    graph('Rejected requests/s', [lokiq(`sum(rate(${rejected} [5m]))`)], { w: 12 }),
    graph('TLS handshakes without a matching host', [lokiq('sum(count_over_time({namespace="istio-gateway", gateway="external"} |= "filter_chain_not_found" [5m]))')], { w: 12 }),
    tablePanel('Top 50 client addresses', [lokiq(`topk(50, sum by (x_forwarded_for) (count_over_time(${rejected} [$__range])))`)]),
    logsPanel('Live feed', rejected),
  ]);

  d('loki-logs', 'Loki Logs', 'Platform Services', 'now-30m', [
    graph('Log volume', [lokiq('sum by (namespace) (count_over_time({namespace=~"$namespace", pod=~"$pod"} |~ "$search" [$__interval]))')], { w: 24, h: 6 }),
    logsPanel('Logs', '{namespace=~"$namespace", pod=~"$pod"} |~ "$search"', { h: 20 }),
  ], [labelVariable('namespace', 'kube_pod_info', 'namespace'), labelVariable('pod', 'kube_pod_info{namespace=~"$namespace"}', 'pod'), textVariable('search', 'level=(warn|error)')]);

  const slos = ctx.slos();
  if (!slos.length) return; // no routed app on this cluster: no SLO to show
  d('slo', 'Service Level Objectives', 'SRE', `now-${SLO_PERIOD}`, [
    tablePanel('Objectives', ['max by (app) (app:slo_availability_errors:ratio_rate6h)']),
    ...slos.flatMap((s): Placed[] => {
      const budget = (100 - s.availability) / 100;
      const errors = `sum(increase(istio_requests_total{${s.selector}, response_code=~"5.."}[${SLO_PERIOD}]))`;
      const total = `sum(increase(istio_requests_total{${s.selector}}[${SLO_PERIOD}]))`;
      return [
        row(`${s.app} — ${s.availability}% availability${s.latency ? `, ${s.latency.target}% within ${s.latency.ms} ms` : ''}`),
        statPanel('Error budget left', [`1 - (${errors} / ${total}) / ${budget}`], { unit: 'percentunit', w: 6 }),
        graph('Error ratio (1h, 6h) against budget', [promq(`max(app:slo_availability_errors:ratio_rate1h{app="${s.app}"})`, '1h'), promq(`max(app:slo_availability_errors:ratio_rate6h{app="${s.app}"})`, '6h'), promq(`vector(${budget})`, 'budget')], { unit: 'percentunit', w: 18 }),
      ];
    }),
  ]);
}
