// Disaster recovery of a cluster (reference: platform-extras.md §3; runbook docs/runbooks/cluster-rebuild.md):
// the Velero schedules, the CSI snapshot class Velero uses, and on clusters restored on rebuild the
// velero-restore unit — Restores of the schedules' latest backups and the gate Job the restored workloads
// wait for. Homelab facts only; the constructs live in lib/data-services/backup.ts and lib/dr/.
import { ApiObject, type App } from 'cdk8s';
import { VeleroRestore, VeleroSchedule } from '../lib/data-services/backup.js';
import { DataServices } from '../lib/data-services/registry.js';
import { RestoreGate } from '../lib/dr/restore-gate.js';
import { configureFluxUnit } from '../lib/flux/unit-options.js';
import { Unit } from '../lib/k8s/unit.js';
import { VELERO_LOCATIONS } from './charts/velero.js';
import type { ClusterContext } from './compose.js';

/** Four weeks; the bucket lifecycle (infra) expires objects a week later. */
const BACKUP_TTL = '672h';
/** CNPG clusters bootstrap from their own Barman backups in Garage; Flux owns them. */
const FLUX_OWNED = ['clusters.postgresql.cnpg.io'];

export interface DisasterRecoveryUnits {
  /** The unit restored workloads wait for (absent where the cluster is not restored on build). */
  readonly restore?: Unit;
}

/** Call after the apps are composed: the app schedule covers the namespaces they registered. */
export function composeDisasterRecovery(app: App, { cluster, versions }: ClusterContext): DisasterRecoveryUnits {
  const services = DataServices.of(app);
  const backups = services.backups;
  if (!backups) return {};
  const unit = backups.unit;

  // Velero's CSI plugin snapshots with the class labelled for it.
  new ApiObject(unit, 'snapshot-class', {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: { name: 'longhorn-snapshot-velero', labels: { 'velero.io/csi-volumesnapshot-class': 'true' } },
    driver: 'driver.longhorn.io',
    deletionPolicy: 'Delete',
    parameters: { type: 'snap' },
  });

  // Garage holds the Barman archives of every CNPG cluster; the database namespace the rest of its state.
  const platformNamespaces = [services.garage?.service.namespace, services.postgres ? 'database' : undefined].filter((n): n is string => !!n);
  const platform = platformNamespaces.length
    ? new VeleroSchedule(unit, 'platform-schedule', { name: 'platform', locations: VELERO_LOCATIONS, schedule: '0 5 * * 0', ttl: BACKUP_TTL, includedNamespaces: platformNamespaces })
    : undefined;
  const appNamespaces = backups.service.included;
  const apps = appNamespaces.length
    ? new VeleroSchedule(unit, 'default-schedule', {
        name: 'default',
        locations: VELERO_LOCATIONS,
        schedule: '0 2 * * 0',
        ttl: BACKUP_TTL,
        includedNamespaces: appNamespaces,
        includedResources: ['persistentvolumeclaims'],
      })
    : undefined;

  if (cluster.disasterRecovery.drillBucket && services.garage) {
    // Seed data for rebuild drills: write a few objects, rebuild, check they are back.
    // The key lives beside the bucket in Garage's own namespace, so it needs no grant or access label.
    const garage = services.garage.service;
    garage.bucket('dr-test', { maxSize: '1Gi' });
    new ApiObject(services.garage.unit, 'dr-test-key', {
      apiVersion: 'garage.rajsingh.info/v1beta1',
      kind: 'GarageKey',
      metadata: { name: 'dr-test-s3', namespace: garage.namespace },
      spec: {
        clusterRef: { name: garage.clusterName, namespace: garage.namespace },
        neverExpires: true,
        bucketPermissions: [{ bucketRef: { name: 'dr-test', namespace: garage.namespace }, read: true, write: true }],
        secretTemplate: { name: 'dr-test-s3-credentials', includeEndpoint: true, includeRegion: true },
      },
    });
  }

  if (!cluster.disasterRecovery.restoreOnBuild) return {};
  const restore = new Unit(app, 'velero-restore', { path: 'config/velero-restore' });
  const gate = new RestoreGate(restore, 'gate', { namespace: VELERO_LOCATIONS.namespace, image: `docker.io/bitnamilegacy/kubectl:${versions.get('kubectl_image_version')}` });
  if (platform) {
    new VeleroRestore(restore, 'restore-platform', { name: 'restore-platform', schedule: platform, namespace: VELERO_LOCATIONS.namespace, excludedResources: [...FLUX_OWNED, 'secrets'] });
  }
  if (apps) new VeleroRestore(restore, 'restore-default', { name: 'restore-default', schedule: apps, namespace: VELERO_LOCATIONS.namespace, excludedResources: FLUX_OWNED });
  // The gate is ready only when every Restore completed (or there was nothing to restore); `force` lets a
  // changed Job template replace the immutable Job.
  configureFluxUnit(restore, { healthChecks: [gate.healthCheck], timeout: '30m', force: true });
  restore.dependOn(unit);
  // What the restores bring back waits for them: otherwise the workload creates empty volumes first and the
  // restore, which never overwrites, skips them.
  for (const restored of [services.garage?.unit, services.postgres?.unit, ...backups.service.restoredUnits]) if (restored) restored.dependOn(restore);
  return { restore };
}
