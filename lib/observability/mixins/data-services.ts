// CloudNativePG (the shared Postgres cluster) and Dragonfly (the shared cache).
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/data-services.ts';

export const cnpgMonitoring: ComponentMonitoring = {
  component: 'cloudnative-pg',
  sources: [{
    component: 'cloudnative-pg',
    metrics: [
      'cnpg_pg_replication_streaming_replicas', 'cnpg_pg_replication_lag', 'cnpg_pg_replication_in_recovery', 'cnpg_pg_replication_is_wal_receiver_up', 'cnpg_backends_total',
      'cnpg_pg_settings_setting', 'cnpg_collector_pg_wal_archive_status', 'cnpg_collector_last_available_backup_timestamp', 'cnpg_collector_last_failed_backup_timestamp',
      'cnpg_collector_first_recoverability_point', 'cnpg_collector_up', 'cnpg_pg_database_size_bytes', 'cnpg_pg_stat_archiver_archived_count', 'cnpg_pg_stat_archiver_failed_count',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'cloudnative-pg', file: FILE, runbook: 'data-services.md' });
    group('cnpg')
      .alert({ alert: 'CNPGClusterNotHealthy', severity: 'critical', for: '5m', expr: 'max by (namespace) (cnpg_pg_replication_streaming_replicas) == 0 and on (namespace) count by (namespace) (cnpg_collector_up) > 1', summary: 'Postgres in {{ $labels.namespace }} has no streaming replica', description: 'The primary runs alone: a failure now loses recent commits. Check the replicas\' pods and logs.' })
      .alert({ alert: 'CNPGClusterHighConnections', severity: 'warning', for: '5m', expr: 'sum by (namespace, pod) (cnpg_backends_total) / on (namespace, pod) max by (namespace, pod) (cnpg_pg_settings_setting{name="max_connections"}) > 0.8', summary: 'Postgres {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its connections', description: 'New connections will be refused; apps should go through the pooler.' })
      .alert({ alert: 'CNPGInstanceNotReady', severity: 'critical', for: '5m', expr: 'cnpg_pg_replication_in_recovery == 1 and on (namespace, pod) cnpg_pg_replication_is_wal_receiver_up == 0', summary: 'Postgres replica {{ $labels.pod }} does not receive WAL', description: 'The replica falls behind and cannot take over. Its log says why (slot, network, disk).' })
      .alert({ alert: 'CNPGWALArchivingLagHigh', severity: 'warning', for: '5m', expr: 'cnpg_collector_pg_wal_archive_status{value="ready"} > 10 <= 100', summary: '{{ $value }} WAL files of {{ $labels.pod }} wait to be archived', description: 'Point-in-time recovery lags; the object store (Garage) is slow or failing.' })
      .alert({ alert: 'CNPGWALArchivingStalled', severity: 'critical', for: '5m', expr: 'cnpg_collector_pg_wal_archive_status{value="ready"} > 100', summary: '{{ $value }} WAL files of {{ $labels.pod }} wait to be archived', description: 'Archiving is stuck: the volume fills with WAL and recovery points stop. Check Garage and the backup credentials.' })
      .alert({ alert: 'CNPGBackupStale', severity: 'critical', for: '10m', expr: 'time() - max by (namespace) (cnpg_collector_last_available_backup_timestamp > 0) > 48 * 3600', summary: 'The last Postgres base backup in {{ $labels.namespace }} is older than 48 hours', description: 'The daily ScheduledBackup did not complete twice in a row.' })
      .alert({ alert: 'CNPGBackupFailed', severity: 'warning', for: '5m', expr: 'max by (namespace) (cnpg_collector_last_failed_backup_timestamp) > max by (namespace) (cnpg_collector_last_available_backup_timestamp)', summary: 'The latest Postgres backup in {{ $labels.namespace }} failed', description: '`kubectl get backups -n database` shows the failed one and its error.' });
  },
};

export const dragonflyMonitoring: ComponentMonitoring = {
  component: 'dragonfly-operator',
  sources: [{ component: 'dragonfly', metrics: ['dragonfly_memory_used_bytes', 'dragonfly_memory_max_bytes', 'dragonfly_connected_clients', 'dragonfly_connected_replicas', 'dragonfly_commands_processed_total', 'dragonfly_keyspace_hits_total', 'dragonfly_keyspace_misses_total', 'dragonfly_master'] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'dragonfly-operator', file: FILE, runbook: 'data-services.md' });
    const ratio = 'dragonfly_memory_used_bytes{namespace="cache"} / dragonfly_memory_max_bytes{namespace="cache"}';
    group('dragonfly')
      .alert({ alert: 'DragonflyHighMemoryUsage', severity: 'warning', for: '5m', expr: `${ratio} > 0.9 <= 0.95`, summary: 'Dragonfly {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory', description: 'Eviction starts soon; sessions and queues stored in the cache are lost.' })
      .alert({ alert: 'DragonflyHighMemoryUsageCritical', severity: 'critical', for: '2m', expr: `${ratio} > 0.95`, summary: 'Dragonfly {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory', description: 'Writes are refused or keys evicted. Raise maxmemory or find the app filling it.' })
      .alert({ alert: 'DragonflyReplicationBroken', severity: 'critical', for: '5m', expr: 'max by (namespace) (dragonfly_connected_replicas{namespace="cache"}) < count by (namespace) (dragonfly_master{namespace="cache"}) - 1', summary: 'Dragonfly replicas are not all connected', description: 'A failover now loses data written since the replica dropped.' });
  },
};
