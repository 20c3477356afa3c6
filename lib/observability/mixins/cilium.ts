// Cilium: agent health, BPF maps, policy, datapath drops and IPAM (metrics: cilium-agent, cilium-operator).
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/cilium.ts';

export const ciliumMonitoring: ComponentMonitoring = {
  component: 'cilium',
  sources: [{
    component: 'cilium',
    metrics: [
      'cilium_unreachable_health_endpoints', 'cilium_unreachable_nodes', 'cilium_endpoint_state', 'cilium_endpoint_regenerations_total',
      ...histogram('cilium_endpoint_regeneration_time_stats_seconds', 'cilium_agent_api_process_time_seconds'), 'cilium_bpf_map_pressure', 'cilium_bpf_map_ops_total',
      'cilium_policy_change_total', 'cilium_policy', 'cilium_drop_count_total', 'cilium_drop_bytes_total', 'cilium_forward_count_total', 'cilium_forward_bytes_total', 'cilium_policy_l7_total',
      'cilium_datapath_conntrack_gc_entries', 'cilium_ipam_capacity', 'cilium_ip_addresses', 'cilium_errors_warnings_total', 'cilium_operator_ipam_ips', 'cilium_operator_ipam_nodes',
      'cilium_version', 'hubble_flows_processed_total', 'hubble_drop_total',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'cilium', file: FILE });
    group('cilium-agent')
      .alert({
        alert: 'CiliumAgentUnreachableHealthEndpoints', severity: 'warning', for: '5m',
        expr: 'max by (pod) (cilium_unreachable_health_endpoints) > 0 unless on (pod) (max_over_time(kube_pod_status_ready{condition="false", namespace="kube-system"}[2m]) == 1)',
        summary: 'Cilium agent {{ $labels.pod }} cannot reach {{ $value }} health endpoints',
        description: 'Node-to-node connectivity from this agent is broken for some peers (agents that were not Ready recently are ignored). Check `cilium-health status` in the agent.',
      })
      .alert({
        alert: 'CiliumUnreachableNodes', severity: 'critical', for: '5m', expr: 'max by (pod) (cilium_unreachable_nodes) > 0',
        summary: 'Cilium agent {{ $labels.pod }} cannot reach {{ $value }} nodes',
        description: 'Pods on the unreachable nodes are cut off from this node. Look at the node network (bond, switch port) before Cilium itself.',
      })
      .alert({
        alert: 'CiliumAgentEndpointsNotReady', severity: 'warning', for: '5m',
        expr: 'sum by (pod) (cilium_endpoint_state{endpoint_state="ready"}) / sum by (pod) (cilium_endpoint_state) < 0.5',
        summary: 'Fewer than half the endpoints of Cilium agent {{ $labels.pod }} are ready',
        description: 'Endpoints stuck in regeneration or waiting for identity get no policy and no traffic. The agent log says why.',
      })
      .alert({
        alert: 'CiliumEndpointRegenerationFailures', severity: 'warning', for: '10m',
        expr: 'sum by (pod) (rate(cilium_endpoint_regenerations_total{outcome="fail"}[5m])) > 0',
        summary: 'Cilium agent {{ $labels.pod }} fails to regenerate endpoints',
        description: 'Policy or datapath changes are not reaching pods on this node. Often a BPF compile error after an upgrade or a full map.',
      })
      .alert({
        alert: 'CiliumEndpointRegenerationSlow', severity: 'warning', for: '10m',
        expr: 'histogram_quantile(0.99, sum by (le, pod) (rate(cilium_endpoint_regeneration_time_stats_seconds_bucket{scope="total"}[5m]))) > 30',
        summary: 'Endpoint regeneration on {{ $labels.pod }} takes {{ $value | humanizeDuration }} (p99)',
        description: 'New pods wait that long for connectivity. The node is CPU-starved or the policy set is very large.',
      })
      .alert({
        alert: 'CiliumAPIProcessingSlow', severity: 'warning', for: '5m',
        expr: 'histogram_quantile(0.99, sum by (le, pod) (rate(cilium_agent_api_process_time_seconds_bucket[5m]))) > 5',
        summary: 'Cilium agent API on {{ $labels.pod }} answers in {{ $value | humanizeDuration }} (p99)',
        description: 'The CNI plugin waits on this API: pod creation on the node is slow or times out.',
      });
    group('cilium-bpf')
      .alert({
        alert: 'CiliumBPFMapPressureCritical', severity: 'critical', for: '5m', expr: 'max by (pod, map_name) (cilium_bpf_map_pressure) > 0.9',
        summary: 'BPF map {{ $labels.map_name }} on {{ $labels.pod }} is {{ $value | humanizePercentage }} full',
        description: 'A full map drops new connections or policy entries. Raise the map size in the Cilium values or reduce what fills it.',
      })
      .alert({
        alert: 'CiliumBPFMapPressureWarning', severity: 'warning', for: '10m', expr: 'max by (pod, map_name) (cilium_bpf_map_pressure) > 0.7 <= 0.9',
        summary: 'BPF map {{ $labels.map_name }} on {{ $labels.pod }} is {{ $value | humanizePercentage }} full',
        description: 'The map is filling up; at 90% it becomes critical.',
      })
      .alert({
        alert: 'CiliumBPFSyscallErrors', severity: 'warning', for: '5m', expr: 'sum by (pod, map_name) (rate(cilium_bpf_map_ops_total{outcome="fail"}[5m])) > 0',
        summary: 'BPF map operations on {{ $labels.map_name }} fail on {{ $labels.pod }}',
        description: 'The agent cannot update a map: state in the datapath diverges from what the agent believes.',
      })
      .alert({
        alert: 'CiliumConntrackTableFull', severity: 'critical', for: '5m', expr: 'max by (pod) (cilium_bpf_map_pressure{map_name=~"cilium_ct4_global|cilium_ct_any4_global"}) > 0.9',
        summary: 'Connection tracking table on {{ $labels.pod }} is {{ $value | humanizePercentage }} full',
        description: 'New connections are dropped once the conntrack map is full. Raise `bpf.ctGlobalMaxEntries` or find the connection flood.',
      });
    group('cilium-policy')
      .alert({
        alert: 'CiliumPolicyImportErrors', severity: 'warning', for: '5m', expr: 'sum by (pod) (rate(cilium_policy_change_total{outcome="fail"}[5m])) > 0',
        summary: 'Cilium agent {{ $labels.pod }} rejects network policies',
        description: 'A policy in the cluster is invalid for this agent: it is not enforced. `kubectl get cnp,ccnp -A` and the agent log name it.',
      })
      .alert({
        alert: 'CiliumPolicyDropsHigh', severity: 'warning', for: '5m', expr: 'sum by (pod) (rate(cilium_drop_count_total{reason="Policy denied"}[5m])) > 100',
        summary: 'Network policy denies {{ $value | humanize }} packets/s on {{ $labels.pod }}',
        description: 'Something keeps trying a path the policy forbids: a missing allow rule after a change, or a scan. `hubble observe --verdict DROPPED` shows the flows.',
      })
      .alert({
        alert: 'CiliumL7PolicyDenials', severity: 'warning', for: '5m', expr: 'sum by (pod) (rate(cilium_policy_l7_total{rule="denied"}[5m])) > 10',
        summary: 'L7 policy denies {{ $value | humanize }} requests/s on {{ $labels.pod }}',
        description: 'Mostly DNS lookups outside the allowed FQDN patterns: an app needs a new `egress.fqdns` entry, or is misbehaving.',
      });
    group('cilium-network')
      .alert({
        alert: 'CiliumHighDropRate', severity: 'warning', for: '5m', expr: 'sum by (pod, reason) (rate(cilium_drop_count_total[5m])) > 1000',
        summary: 'Cilium drops {{ $value | humanize }} packets/s on {{ $labels.pod }} ({{ $labels.reason }})',
        description: 'A high drop rate for one reason points at a datapath problem (MTU, missing route, stale identity) rather than policy.',
      })
      .alert({
        alert: 'CiliumIPAMAtCapacity', severity: 'critical', for: '5m',
        expr: 'max by (pod) (sum by (pod) (cilium_ip_addresses{family="ipv4"}) >= sum by (pod) (cilium_ipam_capacity{family="ipv4"}))',
        summary: 'Node of Cilium agent {{ $labels.pod }} has no pod IPs left',
        description: 'New pods on this node stay in ContainerCreating. Widen the per-node pod CIDR or spread pods.',
      })
      .alert({
        alert: 'CiliumIPAMAvailableLow', severity: 'warning', for: '10m',
        expr: 'min by (pod) (sum by (pod) (cilium_ipam_capacity{family="ipv4"}) - sum by (pod) (cilium_ip_addresses{family="ipv4"})) < 10',
        summary: 'Node of Cilium agent {{ $labels.pod }} has {{ $value }} pod IPs left',
        description: 'The node is close to its pod IP limit.',
      });
    group('cilium-errors').alert({
      alert: 'CiliumErrorsIncreasing', severity: 'warning', for: '10m', expr: 'sum by (pod, subsystem) (rate(cilium_errors_warnings_total{level="error"}[5m])) > 1',
      summary: 'Cilium agent {{ $labels.pod }} logs {{ $value | humanize }} errors/s in {{ $labels.subsystem }}',
      description: 'A steady stream of errors from one subsystem; its log lines say what fails.',
    });
  },
};
