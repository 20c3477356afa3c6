import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';
import { ssm } from '../../model/contract.js';

const out = synthHomelab();
const get = (c: string, kind: string, ns: string | undefined, name: string): { object: any; file: string } => {
  const hit = out.clusters.find((x) => x.name === c)!.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name && o.object.metadata.namespace === ns);
  if (!hit) throw new Error(`${c}: no ${kind} ${ns ?? ''}/${name}`);
  return { object: hit.object, file: hit.file };
};

describe('shared data services (platform.md §6)', () => {
  it('CNPG platform cluster: replicas per cluster, fast storage sized per provisioning, backups to Garage', () => {
    const live = get('live', 'Cluster', 'database', 'platform');
    expect(live.file).toBe('config/database-config/cluster_database_platform.yaml');
    expect(live.object.spec).toMatchObject({ instances: 3, imageName: 'ghcr.io/cloudnative-pg/postgresql:18.6', storage: { storageClass: 'fast', size: '20Gi' }, superuserSecret: { name: 'cnpg-platform-superuser' } });
    expect(live.object.spec.backup).toEqual({
      retentionPolicy: '14d',
      barmanObjectStore: {
        destinationPath: 's3://cnpg-platform-backups/',
        endpointURL: 'http://garage.garage.svc.cluster.local:3900',
        s3Credentials: { accessKeyId: { name: 'cnpg-platform-s3-credentials', key: 'access-key-id' }, secretAccessKey: { name: 'cnpg-platform-s3-credentials', key: 'secret-access-key' } },
      },
    });
    expect(get('dev', 'Cluster', 'database', 'platform').object.spec).toMatchObject({ instances: 1, storage: { size: '1Gi' } });
    expect(get('live', 'Pooler', 'database', 'platform-pooler-rw').object.spec).toEqual({
      cluster: { name: 'platform' }, instances: 3, type: 'rw', pgbouncer: { poolMode: 'transaction', parameters: { max_client_conn: '1000', default_pool_size: '25' } },
    });
    expect(get('live', 'ScheduledBackup', 'database', 'platform-daily').object.spec).toEqual({ cluster: { name: 'platform' }, schedule: '0 0 3 * * *', immediate: true, backupOwnerReference: 'self' });
    expect(get('live', 'GarageKey', 'database', 'cnpg-platform-s3').object.spec.bucketPermissions).toEqual([{ bucketRef: { name: 'cnpg-platform-backups', namespace: 'garage' }, read: true, write: true }]);
  });

  it('Dragonfly with generated auth and S3 snapshots; Garage with platform buckets and grants', () => {
    const df = get('live', 'Dragonfly', 'cache', 'dragonfly').object.spec;
    expect(df).toMatchObject({ replicas: 3, authentication: { passwordFromSecret: { name: 'dragonfly-auth', key: 'password' } }, snapshot: { cron: '0 */6 * * *', dir: 's3://dragonfly-snapshots' } });
    const garage = get('live', 'GarageCluster', 'garage', 'garage').object.spec;
    expect(garage).toMatchObject({ image: 'dxflrs/garage:v2.3.0', replication: { factor: 3, consistencyMode: 'consistent' }, s3Api: { bindPort: 3900, region: 'garage' } });
    expect(get('live', 'GarageBucket', 'garage', 'cnpg-platform-backups').object.spec.quotas).toEqual({ maxSize: '50Gi' });
    expect(get('live', 'GarageBucket', 'garage', 'dragonfly-snapshots').object.spec.quotas).toEqual({ maxSize: '10Gi' });
    expect(get('live', 'GarageReferenceGrant', 'garage', 'allow-database').object.spec.from).toEqual([{ kind: 'GarageKey', namespace: 'database' }]);
  });

  it('no app backup schedule where no app asks for backups, never an empty whole-cluster one (integration has no apps)', () => {
    expect(() => get('integration', 'Schedule', 'velero', 'default')).toThrow(/no Schedule/);
  });
});

describe('ingress plumbing', () => {
  it('wildcard certificates use the cluster’s issuer; gateways listen at the ingress addresses', () => {
    expect(get('live', 'Certificate', 'istio-gateway', 'internal').object.spec).toMatchObject({
      secretName: 'internal-tls', dnsNames: ['internal.tomnowak.work', '*.internal.tomnowak.work'], issuerRef: { kind: 'ClusterIssuer', name: 'cloudflare' },
    });
    expect(get('dev', 'Certificate', 'istio-gateway', 'external').object.spec.issuerRef.name).toBe('homelab-ca');
    const gw = get('live', 'Gateway', 'istio-gateway', 'external').object.spec;
    expect(gw.infrastructure.annotations).toEqual({ 'lbipam.cilium.io/ips': '192.168.10.23' });
    expect(gw.listeners.map((l: { name: string; port: number }) => `${l.name}:${l.port}`)).toEqual(['https:443', 'http:80']);
    expect(gw.listeners[0].hostname).toBe('*.ionfury.tv');
    expect(get('live', 'HTTPRoute', 'istio-gateway', 'external-https-redirect').object.spec.rules[0].filters[0]).toEqual({ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } });
  });

  it('issuers read their secrets from SSM: the CAs the global stack writes, the ACME token only where used', () => {
    expect(get('live', 'ClusterIssuer', undefined, 'cloudflare').object.spec.acme.solvers).toEqual([{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'token' } } } }]);
    expect(get('live', 'ExternalSecret', 'cert-manager', 'cloudflare-api-token').object.spec.data).toEqual([{ secretKey: 'token', remoteRef: { key: ssm.cloudflareApiToken('live'), property: 'token' } }]);
    // dev and integration issue from homelab-ca: no ACME issuer, no token to seed there.
    expect(out.clusters.find((x) => x.name === 'dev')!.objects.some((o) => o.object.metadata.name === 'cloudflare')).toBe(false);
    // The CAs the global stack writes (model/contract.ts; test/contract covers every wiring).
    expect(get('live', 'ExternalSecret', 'cert-manager', 'homelab-ingress-root-ca').object.spec.data.map((d: { remoteRef: { key: string } }) => d.remoteRef.key)).toEqual([ssm.ingressCa, ssm.ingressCa]);
    expect(get('live', 'ClusterIssuer', undefined, 'istio-mesh-ca').object.spec).toEqual({ ca: { secretName: 'istio-mesh-root-ca' } });
  });

  it('every app route attaches to a gateway listener whose wildcard covers its host', () => {
    for (const c of ['dev', 'live']) {
      const objects = out.clusters.find((x) => x.name === c)!.objects.map((o) => o.object as any);
      const gateways = new Map(objects.filter((o) => o.kind === 'Gateway').map((g) => [g.metadata.name, g.spec.listeners.find((l: { name: string }) => l.name === 'https').hostname.slice(1)]));
      const routes = objects.filter((o) => o.kind === 'HTTPRoute' && o.metadata.namespace !== 'istio-gateway');
      expect(routes.length).toBeGreaterThan(0);
      for (const r of routes) {
        const parent = r.spec.parentRefs[0];
        expect(parent.sectionName).toBe('https');
        expect(r.spec.hostnames[0].endsWith(gateways.get(parent.name)), `${c} ${r.metadata.name}`).toBe(true);
      }
    }
  });
});

describe('services follow their operator releases', () => {
  it('a cluster without the cloudnative-pg release has no postgres service, and an app asking for one fails', async () => {
    const { App } = await import('cdk8s');
    const { composeDataServices } = await import('../../clusters/data-services.js');
    const { clusterContext, clusters } = await import('../model.js');
    const { versions, defs } = await import('./helpers.js');
    const { Unit } = await import('../../lib/k8s/unit.js');
    const app = new App({ outdir: 'unused' });
    const releases = new Map(['garage-operator', 'dragonfly-operator', 'velero', 'secret-generator', 'replicator'].map((n) => [n, new Unit(app, n, { path: `platform/${n}` })]));
    const platform = { releases, secretStores: new Unit(app, 'stores', { path: 'config/external-secrets-stores' }) } as never;
    const { composeNetworkPolicy } = await import('../../clusters/network-policy.js');
    const { composeApps } = await import('../../clusters/apps.js');
    const network = composeNetworkPolicy(app, new Unit(app, 'namespaces', { path: 'platform/namespaces' }), clusters.dev);
    const services = composeDataServices(app, clusterContext(clusters.dev, versions), network, platform);
    expect(services.postgres).toBeUndefined();
    expect(services.dragonfly).toBeDefined();
    expect(services.garage!.unit.unitDependencies.map((u) => u.path)).toEqual(['platform/secret-generator', 'platform/replicator']);
    const apps = defs({ name: 'demo', profile: 'internal', database: {}, container: { image: { repository: 'x/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 80 }] } });
    expect(() => composeApps(app, clusterContext(clusters.dev, versions), network.system, apps)).toThrow(
      'apps/demo.ts (database): app "demo": a database was requested but cluster "dev" has no CNPG postgres service (cloudnative-pg release)',
    );
  });
});
