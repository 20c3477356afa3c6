// kromgo: public status badges. Each badge reads one instant record, so the badge queries stay trivial and
// every value is computed (and linted) here.
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/kromgo.ts';

/** Badge name → PromQL of its value. The record is `kromgo:<name>:instant`. */
export const KROMGO_RECORDS: Readonly<Record<string, string>> = {
  cluster_uptime_days: 'round((time() - min(node_boot_time_seconds)) / 86400, 0.1)',
  node_count: 'count(kube_node_status_condition{condition="Ready", status="true"} == 1)',
  pod_count: 'sum(kube_pod_status_phase{phase="Running"})',
  cluster_cpu_usage_percent: 'round(avg(instance:node_cpu_utilisation:rate5m) * 100, 0.1)',
  cluster_memory_usage_percent: 'round((1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)) * 100, 0.1)',
  kubernetes_version_info: 'count by (git_version) (kubernetes_build_info{job="apiserver"})',
  talos_version_info: 'topk(1, count by (os_image) (kube_node_info))',
  alerts_warning: 'count(ALERTS{alertstate="firing", severity="warning"}) or vector(0)',
  alerts_critical: 'count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)',
  cluster_power_usage_watts: 'max(upsAdvanceOutputPower) or vector(0)',
  flux_version_info: 'label_replace(count by (revision) (flux_instance_info{ready="True"}), "version", "$1", "revision", "([^@]+)@.*")',
};

export const kromgoRecord = (name: string): string => `kromgo:${name}:instant`;

export const kromgoMonitoring: ComponentMonitoring = {
  component: 'kromgo',
  sources: [],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'kromgo', file: FILE, name: 'kromgo-recording-rules' })('kromgo', '1m');
    for (const [name, expr] of Object.entries(KROMGO_RECORDS)) group.record({ record: kromgoRecord(name), expr });
  },
};
