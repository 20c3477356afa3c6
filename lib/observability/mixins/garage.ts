// Garage (S3 object store): cluster health, partitions, disks, S3 API, resync, RPC and table queues.
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/garage.ts';
const G = '{job=~".*garage.*"}';

export const garageMonitoring: ComponentMonitoring = {
  component: 'garage',
  sources: [{
    component: 'garage',
    metrics: [
      'cluster_healthy', 'cluster_available', 'cluster_connected_nodes', 'cluster_known_nodes', 'cluster_layout_node_connected', 'cluster_storage_nodes', 'cluster_storage_nodes_ok',
      'cluster_partitions', 'cluster_partitions_quorum', 'cluster_partitions_all_ok', 'garage_local_disk_avail', 'garage_local_disk_total', 'garage_build_info', 'garage_replication_factor',
      'api_s3_request_counter', 'api_s3_error_counter', ...histogram('api_s3_request_duration', 'rpc_duration'), 'block_resync_errored_blocks', 'block_resync_queue_length',
      'block_bytes_read', 'block_bytes_written', 'rpc_timeout_counter', 'rpc_netapp_error_counter', 'rpc_request_counter', 'table_merkle_updater_todo_queue_length', 'table_gc_todo_queue_length',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'garage', file: FILE });
    const disk = (volume: string) => `min by (instance) (garage_local_disk_avail{job=~".*garage.*", volume="${volume}"} / garage_local_disk_total{job=~".*garage.*", volume="${volume}"})`;
    const s3Errors = `sum by (instance) (rate(api_s3_error_counter${G}[5m])) / sum by (instance) (rate(api_s3_request_counter${G}[5m]))`;
    group('garage-cluster')
      .alert({ alert: 'GarageClusterUnhealthy', severity: 'critical', for: '2m', expr: `min(cluster_healthy${G}) == 0`, summary: 'Garage reports the cluster unhealthy', description: 'Some storage nodes are down or some partitions lack quorum; S3 may fail for part of the data.' })
      .alert({ alert: 'GarageClusterDegraded', severity: 'critical', for: '2m', expr: `min(cluster_available${G}) == 0`, summary: 'Garage is not available', description: 'S3 requests fail: app uploads, CNPG WAL archiving and Longhorn/Dragonfly backups stop.' })
      .alert({ alert: 'GarageNodeDisconnected', severity: 'warning', for: '5m', expr: `min by (id) (cluster_layout_node_connected${G}) == 0`, summary: 'Garage node {{ $labels.id }} of the layout is disconnected', description: 'The node is in the layout but unreachable; its partitions run with fewer copies.' })
      .alert({ alert: 'GarageStorageNodeDown', severity: 'warning', for: '5m', expr: `min(cluster_storage_nodes_ok${G}) < max(cluster_storage_nodes${G})`, summary: 'A Garage storage node is down', description: 'Data stays available while quorum holds; bring the node back before another fails.' })
      .alert({ alert: 'GaragePartitionQuorumLoss', severity: 'critical', for: '2m', expr: `min(cluster_partitions_quorum${G}) < max(cluster_partitions${G})`, summary: 'Some Garage partitions lost quorum', description: 'Objects in those partitions cannot be read or written.' })
      .alert({ alert: 'GaragePartitionsDegraded', severity: 'warning', for: '10m', expr: `min(cluster_partitions_all_ok${G}) < max(cluster_partitions${G})`, summary: 'Some Garage partitions miss a copy', description: 'Redundancy is reduced until the missing node returns or the layout changes.' });
    group('garage-disks')
      .alert({ alert: 'GarageDiskSpaceCritical', severity: 'critical', for: '5m', expr: `${disk('data')} < 0.1`, summary: 'Garage data disk on {{ $labels.instance }} has {{ $value | humanizePercentage }} free', description: 'Writes will fail soon. Expire old objects (backups) or grow the volume.' })
      .alert({ alert: 'GarageDiskSpaceWarning', severity: 'warning', for: '10m', expr: `${disk('data')} < 0.2 >= 0.1`, summary: 'Garage data disk on {{ $labels.instance }} has {{ $value | humanizePercentage }} free', description: 'Plan more space.' })
      .alert({ alert: 'GarageMetadataDiskSpaceCritical', severity: 'critical', for: '5m', expr: `${disk('metadata')} < 0.1`, summary: 'Garage metadata disk on {{ $labels.instance }} has {{ $value | humanizePercentage }} free', description: 'A full metadata disk corrupts the database. Grow it now.' });
    group('garage-s3')
      .alert({ alert: 'GarageS3ErrorRateHigh', severity: 'warning', for: '5m', expr: `${s3Errors} > 0.05`, summary: '{{ $value | humanizePercentage }} of S3 requests to {{ $labels.instance }} fail', description: 'Clients see errors; the Garage log names the failing endpoint.' })
      .alert({ alert: 'GarageS3ErrorRateCritical', severity: 'critical', for: '2m', expr: `${s3Errors} > 0.2`, summary: '{{ $value | humanizePercentage }} of S3 requests to {{ $labels.instance }} fail', description: 'Most S3 traffic fails: backups and uploads break.' })
      .alert({ alert: 'GarageS3LatencyHigh', severity: 'warning', for: '10m', expr: `histogram_quantile(0.99, sum by (le) (rate(api_s3_request_duration_bucket${G}[5m]))) > 5`, summary: 'S3 requests to Garage take {{ $value | humanizeDuration }} (p99)', description: 'Slow disks or a resync competing for I/O.' });
    group('garage-internals')
      .alert({ alert: 'GarageBlockResyncErrors', severity: 'critical', for: '10m', expr: `max(block_resync_errored_blocks${G}) > 0`, summary: '{{ $value }} Garage blocks fail to resync', description: 'Some blocks cannot reach their target copies: data is at risk. `garage block list-errors` lists them.' })
      .alert({ alert: 'GarageResyncBacklogHigh', severity: 'warning', for: '30m', expr: `max(block_resync_queue_length${G}) > 10000`, summary: 'Garage resync queue holds {{ $value }} blocks', description: 'After a layout change this drains on its own; if it grows, a node is missing.' })
      .alert({ alert: 'GarageRPCTimeoutsHigh', severity: 'warning', for: '5m', expr: `sum(rate(rpc_timeout_counter${G}[5m])) > 1`, summary: 'Garage RPCs time out ({{ $value | humanize }}/s)', description: 'Nodes cannot reach each other in time: network or an overloaded node.' })
      .alert({ alert: 'GarageRPCErrorsHigh', severity: 'warning', for: '5m', expr: `sum(rate(rpc_netapp_error_counter${G}[5m])) > 1`, summary: 'Garage RPCs fail ({{ $value | humanize }}/s)', description: 'Connections between nodes break.' })
      .alert({ alert: 'GarageRPCLatencyHigh', severity: 'warning', for: '10m', expr: `histogram_quantile(0.99, sum by (le) (rate(rpc_duration_bucket${G}[5m]))) > 1`, summary: 'Garage RPCs take {{ $value | humanizeDuration }} (p99)', description: 'Inter-node calls are slow; S3 latency follows.' })
      .alert({ alert: 'GarageMerkleUpdaterBacklog', severity: 'warning', for: '30m', expr: `max(table_merkle_updater_todo_queue_length${G}) > 10000`, summary: 'Garage merkle updater is {{ $value }} items behind', description: 'Anti-entropy lags; heavy write bursts or a slow metadata disk.' })
      .alert({ alert: 'GarageGCQueueHigh', severity: 'warning', for: '30m', expr: `max(table_gc_todo_queue_length${G}) > 50000`, summary: 'Garage GC queue holds {{ $value }} items', description: 'Deleted data is not reclaimed; space does not come back.' });
  },
};
