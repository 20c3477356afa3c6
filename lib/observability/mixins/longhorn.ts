// Longhorn: volume robustness, capacity per pool, node and disk health, snapshots.
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/longhorn.ts';
/** Disk pools: Longhorn disk names carry the tag (fast = SSD, slow = HDD). */
const POOLS = { fast: 'ssd', slow: 'hdd' } as const;

/**
 * Longhorn's own exporter has no snapshot checksum, so kube-state-metrics reads the Snapshot objects
 * (custom-resource state, kube-prometheus-stack values): `longhorn_snapshot_info` and
 * `longhorn_snapshot_created_seconds`. The catalog entry below is derived from this one definition, so the
 * lint knows exactly the series and labels the configuration produces.
 */
export const LONGHORN_SNAPSHOT_STATE = {
  rbac: { apiGroups: ['longhorn.io'], resources: ['snapshots'], verbs: ['list', 'watch'] },
  resource: {
    groupVersionKind: { group: 'longhorn.io', version: 'v1beta2', kind: 'Snapshot' },
    metricNamePrefix: 'longhorn_snapshot',
    labelsFromPath: { snapshot: ['metadata', 'name'], namespace: ['metadata', 'namespace'], volume: ['spec', 'volume'] },
    metrics: [
      {
        name: 'info',
        help: 'Longhorn snapshot: who created it, whether it is usable and its checksum (empty until hashed).',
        each: { type: 'Info', info: { labelsFromPath: { user_created: ['status', 'userCreated'], ready_to_use: ['status', 'readyToUse'], checksum: ['status', 'checksum'] } } },
      },
      { name: 'created_seconds', help: 'When the snapshot object was created (Unix seconds).', each: { type: 'Gauge', gauge: { path: ['metadata', 'creationTimestamp'] } } },
    ],
  },
} as const;

const snapshotState = LONGHORN_SNAPSHOT_STATE.resource;
const snapshotSeries = (m: (typeof snapshotState.metrics)[number]) => `${snapshotState.metricNamePrefix}_${m.name}`;
const snapshotLabels = (m: (typeof snapshotState.metrics)[number]) => [...Object.keys(snapshotState.labelsFromPath), ...('info' in m.each ? Object.keys(m.each.info.labelsFromPath) : [])];

export const longhornMonitoring: ComponentMonitoring = {
  component: 'longhorn',
  sources: [
    {
      component: 'longhorn',
      metrics: [
        'longhorn_volume_robustness', 'longhorn_volume_state', 'longhorn_volume_actual_size_bytes', 'longhorn_volume_capacity_bytes', 'longhorn_volume_file_system_read_only',
        'longhorn_node_count_total', 'longhorn_node_status', 'longhorn_node_storage_usage_bytes', 'longhorn_node_storage_capacity_bytes', 'longhorn_node_cpu_usage_millicpu',
        'longhorn_node_cpu_capacity_millicpu', 'longhorn_disk_usage_bytes', 'longhorn_disk_capacity_bytes', 'longhorn_disk_health', 'longhorn_instance_manager_cpu_usage_millicpu',
        'longhorn_instance_manager_cpu_requests_millicpu', 'longhorn_snapshot_actual_size_bytes', 'longhorn_backup_state', 'longhorn_backup_actual_size_bytes',
        'longhorn_volume_rebuild_progress', 'longhorn_replica_rebuild_progress', 'longhorn_volume_last_backup_at',
      ],
    },
    {
      component: 'kube-state-metrics (longhorn snapshots)',
      metrics: snapshotState.metrics.map(snapshotSeries),
      labels: Object.fromEntries(snapshotState.metrics.map((m) => [snapshotSeries(m), snapshotLabels(m)])),
    },
  ],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'longhorn', file: FILE });
    const pools = group('longhorn-pools');
    for (const [pool, tag] of Object.entries(POOLS)) {
      const sum = (m: string) => `sum(${m}{disk=~".*${tag}.*"}) or vector(0)`;
      pools
        .record({ record: 'longhorn:pool_capacity_bytes:sum', expr: sum('longhorn_disk_capacity_bytes'), labels: { pool } })
        .record({ record: 'longhorn:pool_usage_bytes:sum', expr: sum('longhorn_disk_usage_bytes'), labels: { pool } })
        .record({ record: 'longhorn:pool_usage_ratio:sum', expr: `(sum(longhorn_disk_usage_bytes{disk=~".*${tag}.*"}) / sum(longhorn_disk_capacity_bytes{disk=~".*${tag}.*"})) or vector(0)`, labels: { pool } });
    }
    pools
      .alert({
        alert: 'LonghornStoragePoolWarning', severity: 'warning', for: '15m', expr: 'longhorn:pool_usage_ratio:sum > 0.8',
        summary: 'Longhorn pool {{ $labels.pool }} is {{ $value | humanizePercentage }} full', description: 'Replicas of new or growing volumes may not find space.',
      })
      .alert({
        alert: 'LonghornStoragePoolCritical', severity: 'critical', for: '5m', expr: 'longhorn:pool_usage_ratio:sum > 0.9',
        summary: 'Longhorn pool {{ $labels.pool }} is {{ $value | humanizePercentage }} full', description: 'Volumes in this pool will fail writes. Delete snapshots or add disks now.',
      });
    group('longhorn-volumes')
      .alert({
        alert: 'LonghornVolumeStatusCritical', severity: 'critical', for: '5m', expr: 'max by (volume, pvc_namespace, pvc) (longhorn_volume_robustness) == 3',
        summary: 'Longhorn volume {{ $labels.pvc_namespace }}/{{ $labels.pvc }} is faulted', description: 'No healthy replica is left: the workload cannot read or write. Salvage a replica from the Longhorn UI or restore from backup.',
      })
      .alert({
        alert: 'LonghornVolumeStatusDegraded', severity: 'warning', for: '5m', expr: 'max by (volume, pvc_namespace, pvc) (longhorn_volume_robustness) == 2',
        summary: 'Longhorn volume {{ $labels.pvc_namespace }}/{{ $labels.pvc }} is degraded', description: 'A replica is missing; Longhorn rebuilds it. It stays degraded if no node has room.',
      })
      .alert({
        alert: 'LonghornVolumeActualSpaceUsedWarning', severity: 'warning', for: '5m',
        expr: 'max by (volume, pvc_namespace, pvc) (longhorn_volume_actual_size_bytes / longhorn_volume_capacity_bytes) > 0.9',
        summary: 'Longhorn volume {{ $labels.pvc_namespace }}/{{ $labels.pvc }} uses {{ $value | humanizePercentage }} of its size',
        description: 'Actual size includes snapshots; the filesystem inside may be emptier. Trim snapshots or grow the PVC.',
      })
      .alert({
        alert: 'LonghornVolumeReadOnly', severity: 'critical', for: '1m', expr: 'max by (volume, pvc_namespace, pvc) (longhorn_volume_file_system_read_only) == 1',
        summary: 'Longhorn volume {{ $labels.pvc_namespace }}/{{ $labels.pvc }} was remounted read-only', description: 'The workload cannot write. Restart its pod after the volume is healthy again.',
      })
      .alert({
        alert: 'LonghornRebuildStalled', severity: 'warning', for: '30m', expr: 'max by (volume) (longhorn_volume_rebuild_progress) > 0 < 100',
        summary: 'Rebuild of Longhorn volume {{ $labels.volume }} has not finished in 30 minutes', description: 'A rebuild that does not progress; check the replica nodes\' disks and network.',
      })
      .alert({
        alert: 'LonghornReplicaRebuildStuck', severity: 'warning', for: '2h', expr: 'max by (volume, replica) (longhorn_replica_rebuild_progress) > 0 < 100',
        summary: 'A replica of Longhorn volume {{ $labels.volume }} has been rebuilding for 2 hours', description: 'On HDD pools large rebuilds take hours; beyond that the rebuild is stuck.',
      });
    group('longhorn-nodes')
      .alert({
        alert: 'LonghornNodeStorageWarning', severity: 'warning', for: '5m', expr: 'longhorn_node_storage_usage_bytes / longhorn_node_storage_capacity_bytes > 0.7',
        summary: 'Longhorn storage on {{ $labels.node }} is {{ $value | humanizePercentage }} used', description: 'The node cannot take new replicas soon.',
      })
      .alert({
        alert: 'LonghornDiskStorageWarning', severity: 'warning', for: '5m', expr: 'longhorn_disk_usage_bytes / longhorn_disk_capacity_bytes > 0.7',
        summary: 'Longhorn disk {{ $labels.disk }} on {{ $labels.node }} is {{ $value | humanizePercentage }} used', description: 'This disk fills up; rebalance replicas or add capacity.',
      })
      .alert({
        alert: 'LonghornNodeDown', severity: 'critical', for: '5m', expr: 'max(longhorn_node_count_total) - (count(longhorn_node_status{condition="ready"} == 1) or vector(0)) > 0',
        summary: '{{ $value }} Longhorn nodes are not ready', description: 'Replicas on those nodes are unavailable: volumes degrade.',
      })
      .alert({
        alert: 'LonghornInstanceManagerCPUUsageWarning', severity: 'warning', for: '5m',
        expr: 'longhorn_instance_manager_cpu_usage_millicpu / longhorn_instance_manager_cpu_requests_millicpu > 3',
        summary: 'Longhorn instance manager {{ $labels.instance_manager }} uses {{ $value | humanize }}x its CPU request', description: 'Heavy I/O or a rebuild; other pods on the node get less CPU.',
      })
      .alert({
        alert: 'LonghornNodeCPUUsageWarning', severity: 'warning', for: '5m', expr: 'longhorn_node_cpu_usage_millicpu / longhorn_node_cpu_capacity_millicpu > 0.9',
        summary: 'Longhorn uses {{ $value | humanizePercentage }} of the CPU of {{ $labels.node }}', description: 'Storage work starves the node.',
      })
      .alert({
        alert: 'LonghornDiskEnduranceWarning', severity: 'warning', for: '5m', expr: 'min by (node, disk) (longhorn_disk_health{attribute=~"202|231"}) < 30',
        summary: 'SSD {{ $labels.disk }} on {{ $labels.node }} has {{ $value }}% life left', description: 'Plan its replacement.',
      })
      .alert({
        alert: 'LonghornDiskEnduranceCritical', severity: 'critical', for: '5m', expr: 'min by (node, disk) (longhorn_disk_health{attribute=~"202|231"}) < 10',
        summary: 'SSD {{ $labels.disk }} on {{ $labels.node }} has {{ $value }}% life left', description: 'Evict its replicas and replace it.',
      });
    group('longhorn-snapshots')
      .alert({
        alert: 'LonghornSnapshotUnhashed', severity: 'warning', for: '6h',
        expr: 'count by (volume) (longhorn_snapshot_actual_size_bytes{user_created="true"}) > 0 unless on (volume) count by (volume) (longhorn_snapshot_info{checksum!=""})',
        summary: 'Snapshots of Longhorn volume {{ $labels.volume }} have no checksum', description: 'Without checksums, the next node reboot forces a full rebuild of the replica (many hours on HDD). Check the snapshot data integrity setting.',
      })
      .alert({
        alert: 'LonghornSnapshotNotReady', severity: 'warning', for: '1h', expr: 'longhorn_snapshot_info{ready_to_use="false"} == 1',
        summary: 'Longhorn snapshot {{ $labels.snapshot }} of {{ $labels.volume }} is not ready', description: 'The snapshot cannot be used for backup or restore.',
      });
  },
};
