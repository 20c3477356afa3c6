import { describe, expect, it } from 'vitest';
import { Endpoints, PolicyModel } from '../../lib/netpol/reachability.js';
import { defs, find, render } from './helpers.js';

// An app whose server must differ from the shared one (extensions, preloaded libraries) gets a CNPG cluster
// of its own beside it: same namespace and network access, own backup bucket, its role and databases.
const photos = {
  name: 'photos',
  profile: 'internal' as const,
  database: {
    cluster: {
      image: { repository: 'ghcr.io/example/postgres-vector', versionKey: 'miniflux_version' },
      size: '10Gi',
      sharedPreloadLibraries: ['vchord.so'],
      extensions: ['vector', 'vchord'],
      parameters: { max_connections: '100' },
    },
  },
  container: { image: { repository: 'ghcr.io/example/photos', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 2283 }] },
};

describe('database.cluster: an app-owned Postgres cluster', () => {
  const notes = { name: 'notes', profile: 'internal' as const, container: { image: { repository: 'ghcr.io/example/notes', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 80 }] } };
  const out = render(defs(photos, notes));

  it('is a CNPG cluster <app>-database in the database namespace with the image, libraries, parameters and the role', () => {
    const { object, file } = find(out, 'Cluster', 'database', 'photos-database');
    expect(file.startsWith('config/database-config/')).toBe(true);
    expect(object.spec.imageName).toMatch(/^ghcr\.io\/example\/postgres-vector:\S+$/);
    expect(object.spec.postgresql).toEqual({ shared_preload_libraries: ['vchord.so'], parameters: { max_connections: '100' } });
    expect(object.spec.managed.roles).toEqual([{ name: 'photos', ensure: 'present', login: true, passwordSecret: { name: 'photos-role-password' } }]);
    expect(object.spec.backup.barmanObjectStore.destinationPath).toBe('s3://cnpg-photos-backups/');
    expect(object.spec.backup.barmanObjectStore.s3Credentials.accessKeyId.name).toBe('cnpg-photos-s3-credentials');
    // The shared cluster does not learn the role.
    expect(find(out, 'Cluster', 'database', 'platform').object.spec.managed?.roles ?? []).not.toContainEqual(expect.objectContaining({ name: 'photos' }));
  });

  it('creates the extensions in order in the app database, backs up daily to its own bucket, has no pooler', () => {
    expect(find(out, 'Database', 'database', 'photos-database').object.spec).toEqual({
      name: 'photos',
      owner: 'photos',
      cluster: { name: 'photos-database' },
      databaseReclaimPolicy: 'retain',
      extensions: [{ name: 'vector', ensure: 'present' }, { name: 'vchord', ensure: 'present' }],
    });
    expect(find(out, 'ScheduledBackup', 'database', 'photos-database-daily').object.spec.cluster).toEqual({ name: 'photos-database' });
    expect(find(out, 'GarageBucket', 'garage', 'cnpg-photos-backups')).toBeDefined();
    expect(find(out, 'GarageKey', 'database', 'cnpg-photos-s3').object.spec.bucketPermissions[0].bucketRef.name).toBe('cnpg-photos-backups');
    expect(out.objects.some((o) => o.object.kind === 'Pooler' && o.object.metadata.name === 'photos-database-pooler-rw')).toBe(false);
  });

  it('hands the app its credentials and reaches the cluster through the postgres access', () => {
    expect(find(out, 'Secret', 'photos', 'photos-db-credentials').object.metadata.annotations).toEqual({ 'replicator.v1.mittwald.de/replicate-from': 'database/photos-role-password' });
    const model = new PolicyModel(out.objects.map((o) => o.object));
    const server = Endpoints.pod('database', { 'cnpg.io/cluster': 'photos-database' });
    const pg = { protocol: 'TCP' as const, port: 5432 };
    expect(model.allows(Endpoints.pod('photos'), server, pg)).toBe(true);
    // An app without a database grant does not reach it.
    expect(model.allows(Endpoints.pod('notes'), server, pg)).toBe(false);
  });

  it('an unknown extension name shape or a missing size is an error naming the field', () => {
    expect(() => render(defs({ ...photos, database: { cluster: { ...photos.database.cluster, extensions: ['Vector!'] } } }))).toThrow(/apps\/photos\.ts.*database\.cluster\.extensions/);
    const { size: _size, ...noSize } = photos.database.cluster;
    expect(() => render(defs({ ...photos, database: { cluster: noSize as typeof photos.database.cluster } }))).toThrow(/apps\/photos\.ts.*database\.cluster\.size/);
  });
});
