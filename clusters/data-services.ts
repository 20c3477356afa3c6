import type { App } from 'cdk8s';
import { BackupSchedule } from '../lib/data-services/backup.js';
import { DragonflyService } from '../lib/data-services/dragonfly.js';
import { GarageService } from '../lib/data-services/garage.js';
import { PostgresService } from '../lib/data-services/postgres.js';
import { DataServices } from '../lib/data-services/registry.js';
import { Unit } from '../lib/k8s/unit.js';
import type { ClusterContext } from './compose.js';

/** Sizes of the shared data services per storage provisioning (platform.md §6; minimal = dev/integration). */
const SIZES = {
  normal: { database: '20Gi', garageData: '200Gi', garageMetadata: '5Gi' },
  minimal: { database: '5Gi', garageData: '20Gi', garageMetadata: '1Gi' },
} as const;

/**
 * The shared data services of a cluster (platform.md §6): Garage S3 with the platform buckets, the CNPG
 * `platform` cluster with pooler and backups to Garage, the Dragonfly cache, the Velero app schedule and
 * the SSM secret store apps read from. Each lives in its own folder; apps register with them through
 * `DataServices.of(scope)`.
 */
export function composeDataServices(app: App, { cluster, versions }: ClusterContext): DataServices {
  const services = DataServices.of(app);
  const size = SIZES[cluster.storage];

  const garageUnit = new Unit(app, 'data-garage', { path: 'data/garage' });
  const garage = new GarageService(garageUnit, 'Garage', {
    namespace: 'garage',
    name: 'garage',
    image: `dxflrs/garage:${versions.get('garage_image_version')}`,
    replicas: cluster.replicas,
    storageClass: 'fast',
    dataSize: size.garageData,
    metadataSize: size.garageMetadata,
  });
  services.garage = { service: garage, unit: garageUnit };

  const databaseUnit = new Unit(app, 'data-database', { path: 'data/database' });
  databaseUnit.dependOn(garageUnit);
  services.postgres = {
    unit: databaseUnit,
    service: new PostgresService(databaseUnit, 'Postgres', {
      namespace: 'database',
      name: 'platform',
      image: `ghcr.io/cloudnative-pg/postgresql:${versions.get('postgresql_image_version')}`,
      instances: cluster.replicas,
      storageClass: 'fast',
      storageSize: size.database,
      backup: { garage, bucket: 'cnpg-platform-backups', bucketSize: '50Gi', retention: '14d', schedule: '0 0 3 * * *' },
    }),
  };

  const cacheUnit = new Unit(app, 'data-cache', { path: 'data/cache' });
  cacheUnit.dependOn(garageUnit);
  services.dragonfly = {
    unit: cacheUnit,
    service: new DragonflyService(cacheUnit, 'Dragonfly', {
      namespace: 'cache',
      name: 'dragonfly',
      replicas: cluster.replicas,
      snapshots: { garage, bucket: 'dragonfly-snapshots', bucketSize: '10Gi', cron: '0 */6 * * *' },
    }),
  };

  const backupUnit = new Unit(app, 'data-backups', { path: 'data/backups' });
  services.backups = {
    unit: backupUnit,
    service: new BackupSchedule(backupUnit, 'Apps', { name: 'apps-daily', namespace: 'velero', schedule: '0 4 * * *', ttl: '720h' }),
  };

  services.secretStore = {
    name: 'aws-ssm',
    defaultPrefix: `/homelab/kubernetes/${cluster.name}/`,
    allowedPrefixes: [`/homelab/kubernetes/${cluster.name}/`, '/homelab/kubernetes/shared/'],
  };
  return services;
}
