// Velero: scheduled backups, restores and the backup storage location.
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/velero.ts';

export const veleroMonitoring: ComponentMonitoring = {
  component: 'velero',
  sources: [{
    component: 'velero',
    metrics: [
      'velero_backup_last_successful_timestamp', 'velero_backup_success_total', 'velero_backup_failure_total', 'velero_backup_partial_failure_total',
      'velero_backup_validation_failure_total', 'velero_backup_attempt_total', 'velero_backup_tarball_size_bytes', 'velero_backup_last_status', ...histogram('velero_backup_duration_seconds'),
      'velero_restore_total', 'velero_restore_success_total', 'velero_restore_failed_total', 'velero_restore_partial_failure_total', 'velero_restore_validation_failed_total',
      'velero_backup_storage_location_available', 'velero_csi_snapshot_success_total', 'velero_csi_snapshot_failure_total',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'velero', file: FILE });
    const rose = (m: string, w = '1h') => `sum by (schedule) (increase(${m}{schedule!=""}[${w}])) > 0`;
    group('velero')
      .alert({
        alert: 'VeleroBackupStale', severity: 'critical', for: '5m', expr: 'time() - velero_backup_last_successful_timestamp{schedule!=""} > 7 * 86400 + 4 * 3600',
        summary: 'Schedule {{ $labels.schedule }} has no successful backup for over a week',
        description: 'The weekly backup did not succeed: the cluster state has no recent restore point. `velero backup get` shows the failed ones.',
      })
      .alert({
        alert: 'VeleroBackupFailure', severity: 'critical', expr: rose('velero_backup_failure_total'),
        summary: 'A backup of schedule {{ $labels.schedule }} failed', description: '`velero backup describe <name> --details` and `velero backup logs` give the error.',
      })
      .alert({
        alert: 'VeleroBackupPartialFailure', severity: 'warning', expr: rose('velero_backup_partial_failure_total'),
        summary: 'A backup of schedule {{ $labels.schedule }} partially failed', description: 'Some items or volumes were not backed up; the backup\'s warnings list them.',
      })
      .alert({
        alert: 'VeleroBackupValidationFailure', severity: 'critical', expr: rose('velero_backup_validation_failure_total'),
        summary: 'A backup of schedule {{ $labels.schedule }} failed validation', description: 'The backup spec is invalid (unknown storage location, bad selector): the schedule never backs up.',
      })
      .alert({
        alert: 'VeleroBackupStorageLocationUnavailable', severity: 'critical', for: '5m', expr: 'velero_backup_storage_location_available == 0',
        summary: 'Backup storage location {{ $labels.backup_storage_location }} is unavailable', description: 'No backup can be written or read. Check the bucket credentials and the endpoint.',
      })
      .alert({
        alert: 'VeleroRestoreFailure', severity: 'critical', expr: 'sum(increase(velero_restore_failed_total[1h])) > 0',
        summary: 'A Velero restore failed', description: '`velero restore describe` names the failed items.',
      })
      .alert({
        alert: 'VeleroRestorePartialFailure', severity: 'warning', expr: 'sum(increase(velero_restore_partial_failure_total[1h])) > 0',
        summary: 'A Velero restore partially failed', description: 'Some items were not restored; check the restore warnings.',
      })
      .alert({
        alert: 'VeleroBackupSizeAnomaly', severity: 'warning', for: '5m',
        expr: '(velero_backup_tarball_size_bytes{schedule!=""} > 3 * avg_over_time(velero_backup_tarball_size_bytes{schedule!=""}[7d])) or (velero_backup_tarball_size_bytes{schedule!=""} < 0.1 * avg_over_time(velero_backup_tarball_size_bytes{schedule!=""}[7d]))',
        summary: 'Backup of {{ $labels.schedule }} is far off its usual size', description: 'A backup three times larger or ten times smaller than its weekly average: a selector change or missing namespaces.',
      });
  },
};
