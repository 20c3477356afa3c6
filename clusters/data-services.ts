import type { App } from 'cdk8s';
import { BackupSchedule } from '../lib/data-services/backup.js';
import { DragonflyService } from '../lib/data-services/dragonfly.js';
import { GarageService } from '../lib/data-services/garage.js';
import { PostgresService } from '../lib/data-services/postgres.js';
import { DataServices } from '../lib/data-services/registry.js';
import { Unit } from '../lib/k8s/unit.js';
import { SsmExternalSecret } from '../lib/flux/ssm-secret.js';
import { ssm } from '../model/contract.js';
import { VELERO_CREDENTIALS } from './charts/velero.js';
import type { ClusterContext } from './compose.js';
import type { PlatformUnits } from './flux.js';
import type { ClusterNetworkPolicy } from './network-policy.js';

/**
 * The shared data services of a cluster (platform.md §6): Garage S3 with the platform buckets, the CNPG
 * `platform` cluster with pooler and backups to Garage, the Dragonfly cache, the Velero app schedule and
 * the SSM secret store apps read from. Each lives in its own folder; apps register with them through
 * `DataServices.of(scope)`.
 */
export function composeDataServices(app: App, { cluster, versions }: ClusterContext, network: ClusterNetworkPolicy, platform?: PlatformUnits): DataServices {
  const services = DataServices.of(app);
  const ns = (name: string) => network.namespaces[name]!;
  const size = cluster.storageSizes;
  // secret-generator fills, replicator copies the Secrets these services and their consumers use; both work
  // by annotation (no CRD kind), so the dependency is declared here rather than derived.
  services.secretOperators = ['secret-generator', 'replicator'].flatMap((r) => (platform?.releases.get(r) ? [platform.releases.get(r)!] : []));

  services.secretStore = {
    name: 'aws-ssm',
    defaultPrefix: ssm.clusterPrefix(cluster.name),
    allowedPrefixes: ssm.readablePrefixes(cluster.name),
    ...(platform ? { unit: platform.secretStores } : {}),
  };

  // A service exists only where its operator release does (all three clusters today); without it, an app
  // asking for the service fails with an error naming the missing release.
  const has = (release: string) => !platform || platform.releases.has(release);

  if (!has('garage-operator')) return services;
  const garageUnit = new Unit(app, 'garage-config', { path: 'config/garage-config' });
  garageUnit.dependOn(...services.secretOperators);
  const garage = new GarageService(garageUnit, 'Garage', {
    namespace: ns('garage'),
    network: network.system,
    name: 'garage',
    image: `dxflrs/garage:${versions.get('garage_image_version')}`,
    replicas: cluster.replicas,
    storageClass: 'fast',
    dataSize: size.garageData,
    metadataSize: size.garageMeta,
  });
  services.garage = { service: garage, unit: garageUnit };
  // Longhorn reaches Garage S3 as in the reference (platform.md §7: longhorn-system → garage:3900).
  garage.access.grant(ns('longhorn-system'));

  if (has('cloudnative-pg')) {
    const databaseUnit = new Unit(app, 'database-config', { path: 'config/database-config' });
    databaseUnit.dependOn(garageUnit, ...services.secretOperators);
    services.postgres = {
      unit: databaseUnit,
      service: new PostgresService(databaseUnit, 'Postgres', {
        namespace: ns('database'),
        network: network.system,
        name: 'platform',
        image: `ghcr.io/cloudnative-pg/postgresql:${versions.get('postgresql_image_version')}`,
        instances: cluster.replicas,
        storageClass: 'fast',
        storageSize: size.database,
        backup: { garage, bucket: 'cnpg-platform-backups', bucketSize: '50Gi', retention: '14d', schedule: '0 0 3 * * *' },
        // A cluster restored on rebuild gets its Garage archives back first (velero-restore), then its data from them.
        recoverFromBackup: cluster.disasterRecovery.restoreOnBuild,
      }),
    };
  }

  if (has('dragonfly-operator')) {
    const cacheUnit = new Unit(app, 'dragonfly-config', { path: 'config/dragonfly-config' });
    cacheUnit.dependOn(garageUnit, ...services.secretOperators);
    services.dragonfly = {
      unit: cacheUnit,
      service: new DragonflyService(cacheUnit, 'Dragonfly', {
        namespace: ns('cache'),
        network: network.system,
        name: 'dragonfly',
        replicas: cluster.replicas,
        snapshots: { garage, bucket: 'dragonfly-snapshots', bucketSize: '10Gi', cron: '0 */6 * * *' },
      }),
    };
  }

  if (has('velero')) {
    const backupUnit = new Unit(app, 'velero-config', { path: 'config/velero-config' });
    // The credentials file of the bucket's IAM user, from the two parameters the global stack writes.
    const key = ssm.velero(cluster.name);
    new SsmExternalSecret(backupUnit, 'velero-s3-credentials', {
      name: VELERO_CREDENTIALS.secret,
      namespace: 'velero',
      allowedPrefixes: ssm.readablePrefixes(cluster.name),
      data: { accessKeyId: { key: key.accessKeyId }, secretAccessKey: { key: key.secretAccessKey } },
      template: { data: { [VELERO_CREDENTIALS.key]: '[default]\naws_access_key_id={{ .accessKeyId }}\naws_secret_access_key={{ .secretAccessKey }}\n' } },
    });
    if (platform) backupUnit.dependOn(platform.secretStores);
    // Apps register here; clusters/disaster-recovery.ts renders the schedule once all have.
    services.backups = { unit: backupUnit, service: new BackupSchedule(backupUnit, 'AppBackups') };
  }

  return services;
}
