import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appsModuleSource } from '../../scripts/apps-plugin.mjs';
import { tempDir } from '../helpers.js';
import { Endpoints, PolicyModel, type Endpoint } from '../../lib/netpol/reachability.js';
import { buildCluster, defs, filesIn, find, render, versions } from './helpers.js';

const shop = {
  name: 'shop',
  profile: 'standard' as const,
  podSecurity: 'restricted' as const,
  database: {},
  cache: true,
  bucket: { maxSize: '20Gi' },
  backup: true,
  kubeApi: true,
  volumes: [{ name: 'data', storageClass: 'fast' as const, size: '2Gi', mountPath: '/data' }],
  secrets: {
    ssm: [{ name: 'shop-api', data: [{ secretKey: 'token', key: 'shop/api-token' }, { secretKey: 'shared', key: '/homelab/kubernetes/shared/smtp', property: 'password' }] }],
    generated: [{ name: 'shop-session', keys: ['key'], length: 48 }],
  },
  container: {
    image: { repository: 'ghcr.io/example/shop', versionKey: 'miniflux_version' },
    ports: [{ name: 'http', port: 8080 }],
  },
  routes: [
    { gateway: 'external' as const, port: 8080 },
    { gateway: 'internal' as const, subdomain: 'shop-admin', port: 8080 },
  ],
  canary: { path: '/healthz', responseCodes: [200] },
  serviceMonitor: { port: 'http' },
  alerts: [{ alert: 'ShopDown', expr: 'up{namespace="shop"} == 0', severity: 'critical' as const, summary: 'shop is down', description: 'Prometheus cannot scrape shop.' }],
  dashboard: { json: { uid: 'shop', title: 'Shop', panels: [] } },
  egress: {
    world: [{ port: 587, protocol: 'TCP' as const, reason: 'SMTP submission for order mails' }],
    fqdns: [{ name: 'api.stripe.com', port: 443 }],
    apps: [{ app: 'search', port: 7700 }],
  },
  dependsOn: ['search'],
  dependsOnPlatform: ['reloader'],
};
const search = { name: 'search', profile: 'isolated' as const, container: { image: { repository: 'getmeili/meilisearch', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 7700 }] } };

describe('HomelabApp: one declaration implies every object, in its folder and in the shared services', () => {
  const out = render(defs(search, shop));

  it('writes the app folder with its own objects', () => {
    expect(filesIn(out, 'apps/shop')).toEqual([
      'canary_shop_http-check-shop.yaml',
      'configmap_shop_dashboard-shop.yaml',
      'externalsecret_shop_shop-api.yaml',
      'garagekey_shop_shop.yaml',
      'helmrelease_flux-system_shop.yaml',
      'httproute_shop_shop-admin-internal.yaml',
      'httproute_shop_shop-external.yaml',
      'namespace_shop.yaml',
      'persistentvolumeclaim_shop_shop-data.yaml',
      'prometheusrule_shop_shop-slo.yaml',
      'prometheusrule_shop_shop.yaml',
      'secret_shop_dragonfly-auth.yaml',
      'secret_shop_shop-db-credentials.yaml',
      'secret_shop_shop-session.yaml',
      'servicemonitor_shop_shop.yaml',
    ]);
  });

  it('labels the namespace with profile, PodSecurity and one access label per grant', () => {
    expect(find(out, 'Namespace', undefined, 'shop').object.metadata.labels).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'network-policy.homelab/profile': 'standard',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'access.network-policy.homelab/postgres': 'true',
      'access.network-policy.homelab/dragonfly': 'true',
      'access.network-policy.homelab/garage-s3': 'true',
      'access.network-policy.homelab/kube-api': 'true',
    });
  });

  it('database: managed role, generated password replicable to the app, Database CR, replica secret', () => {
    const cluster = find(out, 'Cluster', 'database', 'platform').object;
    expect(cluster.spec.managed.roles).toContainEqual({ name: 'shop', ensure: 'present', login: true, passwordSecret: { name: 'shop-role-password' } });
    const pw = find(out, 'Secret', 'database', 'shop-role-password');
    expect(pw.file).toBe('config/database-config/secret_database_shop-role-password.yaml');
    expect(pw.object.type).toBe('kubernetes.io/basic-auth');
    expect(pw.object.stringData).toEqual({ username: 'shop' });
    expect(pw.object.metadata.annotations).toMatchObject({
      'secret-generator.v1.mittwald.de/autogenerate': 'password',
      'replicator.v1.mittwald.de/replication-allowed': 'true',
      'replicator.v1.mittwald.de/replication-allowed-namespaces': 'shop',
    });
    expect(find(out, 'Database', 'database', 'shop-database').object.spec).toEqual({ name: 'shop', owner: 'shop', cluster: { name: 'platform' }, databaseReclaimPolicy: 'retain' });
    expect(find(out, 'Secret', 'shop', 'shop-db-credentials').object.metadata.annotations).toEqual({ 'replicator.v1.mittwald.de/replicate-from': 'database/shop-role-password' });
  });

  it('cache: the dragonfly auth allow-list gains the namespace and the app gets a replica', () => {
    const auth = find(out, 'Secret', 'cache', 'dragonfly-auth').object;
    expect(auth.metadata.annotations['replicator.v1.mittwald.de/replication-allowed-namespaces']).toBe('shop');
    expect(find(out, 'Secret', 'shop', 'dragonfly-auth').object.metadata.annotations).toEqual({ 'replicator.v1.mittwald.de/replicate-from': 'cache/dragonfly-auth' });
  });

  it('bucket: GarageBucket with quota, GarageKey in the app, reference grant allow-<ns>', () => {
    expect(find(out, 'GarageBucket', 'garage', 'shop').object.spec).toEqual({ clusterRef: { name: 'garage' }, quotas: { maxSize: '20Gi' } });
    const key = find(out, 'GarageKey', 'shop', 'shop').object.spec;
    expect(key.bucketPermissions).toEqual([{ bucketRef: { name: 'shop', namespace: 'garage' }, read: true, write: true }]);
    expect(key.secretTemplate.name).toBe('shop-s3-credentials');
    expect(find(out, 'GarageReferenceGrant', 'garage', 'allow-shop').object.spec).toEqual({ from: [{ kind: 'GarageKey', namespace: 'shop' }] });
  });

  it('backup: the Velero schedule includes the namespace (and only registered ones)', () => {
    const schedule = find(out, 'Schedule', 'velero', 'default').object;
    expect(schedule.spec.template.includedNamespaces).toEqual(['shop']);
    expect(find(out, 'Restore', 'velero', 'restore-default').object.spec.includedNamespaces).toEqual(['shop']);
  });

  it('secrets: ExternalSecrets against aws-ssm under the cluster prefix, generated secrets by annotation', () => {
    const es = find(out, 'ExternalSecret', 'shop', 'shop-api').object.spec;
    expect(es.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-ssm' });
    expect(es.data).toEqual([
      { secretKey: 'shared', remoteRef: { key: '/homelab/kubernetes/shared/smtp', property: 'password' } },
      { secretKey: 'token', remoteRef: { key: '/homelab/kubernetes/live/shop/api-token' } },
    ]);
    expect(find(out, 'Secret', 'shop', 'shop-session').object.metadata.annotations).toMatchObject({
      'secret-generator.v1.mittwald.de/autogenerate': 'key',
      'secret-generator.v1.mittwald.de/length': '48',
    });
  });

  it('routes: HTTPRoutes to the istio-gateway Gateways under the cluster domains; canary checks each host', () => {
    const ext = find(out, 'HTTPRoute', 'shop', 'shop-external').object.spec;
    expect(ext.parentRefs).toEqual([{ name: 'external', namespace: 'istio-gateway', sectionName: 'https' }]);
    expect(ext.hostnames).toEqual(['shop.ionfury.tv']);
    expect(ext.rules).toEqual([{ backendRefs: [{ name: 'shop', port: 8080 }] }]);
    expect(find(out, 'HTTPRoute', 'shop', 'shop-admin-internal').object.spec.hostnames).toEqual(['shop-admin.internal.tomnowak.work']);
    const canary = find(out, 'Canary', 'shop', 'http-check-shop').object.spec;
    expect(canary.schedule).toBe('@every 1m');
    expect(canary.http.map((h: { url: string }) => h.url)).toEqual(['https://shop.ionfury.tv/healthz', 'https://shop-admin.internal.tomnowak.work/healthz']);
  });

  it('monitoring: ServiceMonitor, PrometheusRule with severity, dashboard ConfigMap for Grafana', () => {
    expect(find(out, 'ServiceMonitor', 'shop', 'shop').object.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '1m' }]);
    const rule = find(out, 'PrometheusRule', 'shop', 'shop').object.spec.groups[0].rules[0];
    expect(rule).toMatchObject({ alert: 'ShopDown', for: '5m', labels: { severity: 'critical' } });
    // Beside the app (the Grafana sidecar reads every namespace).
    const dash = find(out, 'ConfigMap', 'shop', 'dashboard-shop').object;
    expect(dash.metadata.labels).toEqual({ grafana_dashboard: '1' });
    expect(JSON.parse(dash.data['shop.json'])).toEqual({ panels: [], title: 'Shop', uid: 'shop' });
  });

  it('egress: world port, FQDN and app rules; the target app admits the source on that port (both halves)', () => {
    const model = new PolicyModel(out.objects.map((o) => o.object));
    const shopPod = Endpoints.pod('shop');
    const ports = (from: Endpoint, to: Endpoint) => model.allowedPorts(from, to).toStrings();
    expect(ports(shopPod, Endpoints.world())).toEqual(['tcp/443', 'tcp/587']);
    expect(model.allows(shopPod, Endpoints.world({ fqdn: 'api.stripe.com' }), { protocol: 'TCP', port: 443 })).toBe(true);
    expect(ports(shopPod, Endpoints.pod('search')).filter((p) => p !== 'tcp/15008')).toEqual(['tcp/7700']);
    expect(ports(Endpoints.pod('search'), shopPod).filter((p) => p !== 'tcp/15008')).toEqual([]);
    expect(ports(shopPod, Endpoints.pod('database'))).toContain('tcp/5432');
    expect(ports(shopPod, Endpoints.pod('cache'))).toContain('tcp/6379');
    expect(ports(shopPod, Endpoints.pod('garage'))).toContain('tcp/3900');
    expect(ports(shopPod, Endpoints.entity('kube-apiserver'))).toEqual(['tcp/443', 'tcp/6443']);
    const searchIngress = find(out, 'CiliumNetworkPolicy', 'search', 'search-app').object.spec.ingress;
    expect(searchIngress).toEqual([{ fromEndpoints: [{ matchLabels: { 'io.kubernetes.pod.namespace': 'shop' } }], toPorts: [{ ports: [{ port: '7700', protocol: 'TCP' }] }] }]);
  });

  it('a world port beyond the profile needs its reason and is recorded as an exception', () => {
    const { network } = buildCluster(defs(search, shop));
    expect(network.system.node.validate()).toEqual([]);
  });

  it('workload: restricted-compliant security context, versioned image, volumes as existing claims', () => {
    const values = find(out, 'HelmRelease', 'flux-system', 'shop').object.spec.values;
    expect(values.defaultPodOptions.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.controllers.shop.containers.app.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.controllers.shop.containers.app.image).toEqual({ repository: 'ghcr.io/example/shop', tag: versions.get('miniflux_version') });
    expect(values.persistence.data).toEqual({ existingClaim: 'shop-data', globalMounts: [{ path: '/data' }] });
    expect(find(out, 'PersistentVolumeClaim', 'shop', 'shop-data').object.spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } });
  });

  it('the Flux Kustomization deploys the folder, depends on the shared services and named apps, health-checks the release', () => {
    const ks = find(out, 'Kustomization', 'flux-system', 'shop');
    expect(ks.file).toBe('apps/kustomization_flux-system_shop.yaml');
    expect(ks.object.spec.path).toBe('./clusters/live/apps/shop');
    expect(ks.object.spec.dependsOn.map((d: { name: string }) => d.name)).toEqual([
      'canary-checker', // Canary kind
      'database-config',
      'dragonfly-config',
      'external-secrets', // ExternalSecret kind
      'external-secrets-stores', // the aws-ssm store it references
      'garage-config',
      'garage-operator', // GarageKey kind
      'helm-repositories', // the chart's repository, shared by every release installing from it
      'kube-prometheus-stack-crds', // ServiceMonitor, PrometheusRule kinds
      'longhorn-storage', // the storage class its PVC claims
      'reloader', // dependsOnPlatform
      'replicator',
      'search',
      'secret-generator',
      'velero-restore', // its volumes are backed up: on a rebuild it waits for their restore
    ]);
    expect(ks.object.spec.healthChecks).toEqual([{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'shop', namespace: 'flux-system' }]);
    const release = find(out, 'HelmRelease', 'flux-system', 'shop').object.spec;
    expect(release.targetNamespace).toBe('shop');
    expect(release.chart.spec).toMatchObject({ chart: 'app-template', version: versions.get('app_template_version'), sourceRef: { kind: 'HelmRepository', name: 'ghcr-io-bjw-s-labs-helm' } });
    const repository = find(out, 'HelmRepository', 'flux-system', 'ghcr-io-bjw-s-labs-helm');
    expect(repository.file).toBe('platform/helm-repositories/helmrepository_flux-system_ghcr-io-bjw-s-labs-helm.yaml');
    expect(repository.object.spec).toMatchObject({ type: 'oci', url: 'oci://ghcr.io/bjw-s-labs/helm' });
    // The search app installs app-template too: from the same object.
    expect(find(out, 'HelmRelease', 'flux-system', 'search').object.spec.chart.spec.sourceRef.name).toBe('ghcr-io-bjw-s-labs-helm');
  });

  it('the search app has no dependency on shop (egress opens ingress, it does not order deployment)', () => {
    const ks = find(out, 'Kustomization', 'flux-system', 'search').object.spec;
    expect((ks.dependsOn ?? []).map((d: { name: string }) => d.name)).not.toContain('shop');
  });
});

describe('adding an app touches exactly one file', () => {
  it('the apps module lists every apps/*.ts file, so a new file is the only edit', () => {
    const root = tempDir();
    mkdirSync(join(root, 'apps'));
    writeFileSync(join(root, 'apps', 'alpha.ts'), 'export default {};');
    const before = appsModuleSource(root);
    writeFileSync(join(root, 'apps', 'beta.ts'), 'export default {};');
    writeFileSync(join(root, 'apps', '_draft.ts'), 'export default {};');
    const after = appsModuleSource(root);
    expect(before).toContain('"apps/alpha.ts"');
    expect(before).not.toContain('"apps/beta.ts"');
    expect(after).toContain('"apps/beta.ts"');
    expect(after).not.toContain('_draft');
  });
});

describe('data services own their access (grantTo writes both halves)', () => {
  const arr = { name: 'arr', profile: 'internal' as const, database: { names: ['main', 'log'] }, container: { image: { repository: 'ghcr.io/example/arr', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8989 }] } };

  it('several databases per app: one role, databases <app>-<name>, one credentials secret', () => {
    const out = render(defs(arr));
    const cluster = find(out, 'Cluster', 'database', 'platform').object;
    expect(cluster.spec.managed.roles).toContainEqual({ name: 'arr', ensure: 'present', login: true, passwordSecret: { name: 'arr-role-password' } });
    for (const db of ['arr-main', 'arr-log']) {
      expect(find(out, 'Database', 'database', `${db}-database`).object.spec).toEqual({ name: db, owner: 'arr', cluster: { name: 'platform' }, databaseReclaimPolicy: 'retain' });
    }
    expect(filesIn(out, 'apps/arr')).toContain('secret_arr_arr-db-credentials.yaml');
  });

  it('two apps claiming one database is an error naming the app file', () => {
    const other = { ...arr, name: 'arr-main', database: {} };
    expect(() => render(defs(arr, other))).toThrow(/apps\/arr-main\.ts \(database\): app "arr-main": database "arr-main" is already owned by role "arr"/);
  });
});
