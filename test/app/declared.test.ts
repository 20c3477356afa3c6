import { describe, expect, it } from 'vitest';
import { discoveredApps, type DiscoveredApp } from '../../clusters/apps.js';
import type { HomelabApp } from '../../lib/app/app.js';
import { isGroupDefinition } from '../../lib/app/define.js';
import { AppRegistry } from '../../lib/app/registry.js';
import { IdentityProvider } from '../../lib/identity/oidc.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { profileSpec } from '../../lib/netpol/profiles.js';
import { connectivityMatrix, PolicyModel } from '../../lib/netpol/reachability.js';
import { requiredPathVerdicts } from '../../lib/netpol/report.js';
import { synthHomelab } from '../helpers.js';
import { buildCluster, groupDef } from './helpers.js';

// Every expectation here is derived from the app files themselves (the registry of a cluster built from
// the discovered apps), never from a list of app names: adding an app is one file and these tests hold —
// which the second scope proves by running the same checks with a throwaway app and a throwaway group.
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function declaredChecks(scope: string, files: readonly DiscoveredApp[]): void {
  const live = buildCluster(files, { cluster: 'live' });
  const rendered = renderCluster('live', live.app);
  const objects = rendered.objects.map((o) => o.object as any);
  const find = (_c: 'live', kind: string, ns: string | undefined, name: string): any => objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === ns);
  const registry = AppRegistry.of(live.app);
  const apps = registry.all;
  const inNamespace = (ns: string) => apps.filter((a) => a.namespace === ns);
  const reach = connectivityMatrix(objects) as Record<string, Record<string, string[]>>;

describe(`${scope}: every declared app lands in its folder with its namespace (live)`, () => {
  it('the files declare apps and groups', () => {
    expect(apps.length).toBe(files.filter((f) => !isGroupDefinition(f.definition) && (f.definition.clusters as readonly string[]).includes('live')).length);
    expect(registry.groups.length).toBe(files.filter((f) => isGroupDefinition(f.definition) && (f.definition.clusters as readonly string[]).includes('live')).length);
  });

  for (const app of apps) {
    it(`${app.appName}: folder, release, namespace labels from its declaration`, () => {
      const releaseFile = rendered.objects.find((o) => o.object.kind === 'HelmRelease' && o.object.metadata.name === app.appName)!;
      expect(releaseFile.file).toBe(`${app.unit.path}/helmrelease_flux-system_${app.appName}.yaml`);
      const ns = find('live', 'Namespace', undefined, app.namespace);
      expect(ns, `namespace ${app.namespace}`).toBeDefined();
      const labels = ns.metadata.labels as Record<string, string>;
      expect(labels['network-policy.homelab/profile']).toBe(app.profile);
      expect(labels['pod-security.kubernetes.io/enforce']).toBe(app.group?.props.podSecurity ?? app.props.podSecurity ?? 'baseline');
      expect(labels['istio.io/dataplane-mode']).toBe('ambient');
      const release = find('live', 'HelmRelease', 'flux-system', app.appName);
      expect(release.spec.targetNamespace).toBe(app.namespace);
    });
  }

  it('each namespace carries exactly the access labels its apps were granted', () => {
    for (const ns of sorted(apps.map((a) => a.namespace))) {
      const members = inNamespace(ns);
      const expected = sorted(
        members.flatMap((a) => [
          ...(a.props.database ? ['postgres'] : []),
          ...(a.props.cache ? ['dragonfly'] : []),
          ...(a.props.bucket ? ['garage-s3'] : []),
          ...(a.props.kubeApi ? ['kube-api'] : []),
        ]),
      );
      const labels = find('live', 'Namespace', undefined, ns).metadata.labels as Record<string, string>;
      expect(sorted(Object.keys(labels).filter((k) => k.startsWith('access.network-policy.homelab/')).map((k) => k.split('/')[1]!)), ns).toEqual(expected);
    }
  });

  it('the shared services aggregate every app’s grant', () => {
    const roles = (find('live', 'Cluster', 'database', 'platform').spec.managed?.roles ?? []).map((r: { name: string }) => r.name);
    expect(roles).toEqual(sorted(apps.filter((a) => a.props.database && !a.props.database.cluster).map((a) => a.appName)));
    // An app with a cluster of its own (database.cluster) is the one role there.
    for (const a of apps.filter((x) => x.props.database?.cluster)) {
      expect(find('live', 'Cluster', 'database', `${a.appName}-database`).spec.managed.roles.map((r: { name: string }) => r.name), a.appName).toEqual([a.appName]);
    }
    const databases = objects.filter((o) => o.kind === 'Database').map((o) => o.spec.name);
    expect(sorted(databases)).toEqual(sorted(apps.flatMap((a) => (a.grants.database ? a.grants.database.databases : []))));
    const cacheNs = find('live', 'Secret', 'cache', 'dragonfly-auth').metadata.annotations['replicator.v1.mittwald.de/replication-allowed-namespaces'];
    expect(cacheNs.split(',')).toEqual(sorted(apps.filter((a) => a.props.cache).map((a) => a.namespace)));
    const grants = objects.filter((o) => o.kind === 'GarageReferenceGrant').map((o) => o.metadata.name);
    expect(sorted(grants)).toEqual(sorted(['allow-cache', 'allow-database', ...apps.filter((a) => a.props.bucket).map((a) => `allow-${a.namespace}`)]));
    const backed = [...apps.filter((a) => a.props.backup).map((a) => a.namespace), ...registry.groups.filter((g) => g.props.backup).map((g) => g.namespace)];
    expect(find('live', 'Schedule', 'velero', 'default').spec.template.includedNamespaces).toEqual(sorted(backed));
  });

  it('every OIDC client is registered with the provider, its secret generated once and replicated to the app', () => {
    const clients = apps.filter((a) => a.props.sso);
    const provider = IdentityProvider.of(live.app).provider!;
    expect(provider).toBeDefined();
    expect(IdentityProvider.of(live.app).clients.map((c) => c.clientId)).toEqual(sorted(clients.map((a) => a.appName)));
    const values = find('live', 'HelmRelease', 'flux-system', provider.name).spec.values;
    const registered = values.configMap.identity_providers.oidc.clients as Array<{ client_id: string; redirect_uris: string[]; client_secret: { path: string } }>;
    expect(registered.map((c) => c.client_id)).toEqual(sorted(clients.map((a) => a.appName)));
    for (const app of clients) {
      const entry = registered.find((c) => c.client_id === app.appName)!;
      expect(entry.redirect_uris.length).toBeGreaterThan(0);
      const secret = `${app.appName}-oidc-client-secret`;
      expect(entry.client_secret.path).toBe(`/secrets/${secret}/client-secret`);
      expect(values.secret.additionalSecrets[secret]).toEqual({});
      const source = find('live', 'Secret', provider.namespace, secret);
      expect(source.metadata.annotations['secret-generator.v1.mittwald.de/autogenerate']).toBe('client-secret');
      if (app.namespace !== provider.namespace) {
        expect(source.metadata.annotations['replicator.v1.mittwald.de/replication-allowed-namespaces']).toBe(app.namespace);
        expect(find('live', 'Secret', app.namespace, secret).metadata.annotations).toEqual({ 'replicator.v1.mittwald.de/replicate-from': `${provider.namespace}/${secret}` });
      }
    }
  });

  it('every app behind oauth2-proxy has its internal hosts in a CUSTOM policy on the internal gateway, and istiod knows the provider', () => {
    for (const app of apps.filter((a) => a.props.auth)) {
      const policy = find('live', 'AuthorizationPolicy', 'istio-gateway', `${app.appName}-oauth2-proxy`);
      expect(policy.spec).toMatchObject({ action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, targetRefs: [{ kind: 'Gateway', name: 'internal' }] });
      const internal = app.props.routes.map((r, i) => ({ r, h: app.hosts[i]! })).filter((x) => x.r.gateway === 'internal').map((x) => x.h);
      expect(policy.spec.rules).toEqual([{ to: [{ operation: { hosts: internal } }] }]);
    }
    const providers = find('live', 'HelmRelease', 'flux-system', 'istiod').spec.values.meshConfig.extensionProviders;
    expect(providers.map((p: { name: string }) => p.name)).toContain('oauth2-proxy');
  });

});

describe(`${scope}: each app reaches what it declared, and nothing else (live connectivity)`, () => {
  const ports = (from: string, to: string) => (reach[from]?.[to] ?? []).filter((p) => p !== 'tcp/15008');
  const appNamespaces = sorted(apps.map((a) => a.namespace));

  it('grants open exactly the shared service ports', () => {
    for (const ns of appNamespaces) {
      const m = inNamespace(ns);
      expect(ports(ns, 'database').includes('tcp/5432'), ns).toBe(m.some((a) => a.props.database));
      expect(ports(ns, 'cache').includes('tcp/6379'), ns).toBe(m.some((a) => a.props.cache));
      expect(ports(ns, 'garage').includes('tcp/3900'), ns).toBe(m.some((a) => a.props.bucket));
    }
  });

  it('world egress stays within the profile, the declared ports and the OIDC issuer', () => {
    for (const ns of appNamespaces) {
      const m = inNamespace(ns);
      const allowed = new Set([
        ...profileSpec(m[0]!.profile).worldEgress.map((p) => p.toString()),
        ...m.flatMap((a) => a.props.egress.world.map((w) => `${w.protocol.toLowerCase()}/${w.port}`)),
        ...(m.some((a) => a.props.sso) ? ['tcp/443'] : []),
      ]);
      // The matrix merges adjacent ports into ranges (`udp/2456-2457`): each port of a range must be allowed.
      const each = (p: string) => {
        const m = /^(\w+)\/(\d+)-(\d+)$/.exec(p);
        return m ? Array.from({ length: Number(m[3]) - Number(m[2]) + 1 }, (_, i) => `${m[1]}/${Number(m[2]) + i}`) : [p];
      };
      for (const p of ports(ns, 'world').flatMap(each)) expect(allowed.has(p), `${ns} -> world ${p}`).toBe(true);
    }
  });

  it('an app reaches another namespace’s app only through a declared reference', () => {
    const declared = (from: HomelabApp[], toNs: string) =>
      from.some((a) => a.props.egress.apps.some((e) => registry.get(e.app)?.namespace === toNs) || a.references.some((r) => registry.get(r.app)?.namespace === toNs));
    for (const from of appNamespaces) {
      for (const to of appNamespaces) {
        if (from === to) continue;
        if (ports(from, to).length) expect(declared(inNamespace(from), to), `${from} -> ${to}: ${ports(from, to).join(',')}`).toBe(true);
      }
    }
  });

  it('apps of one group reach each other on every port (same-namespace rule); the gateways reach the namespace', () => {
    for (const group of registry.groups) {
      expect(reach[group.namespace]?.[group.namespace], group.namespace).toEqual(['any']);
      for (const gw of profileSpec(group.props.profile).gateways) expect(Object.keys(reach).some((f) => f.startsWith('istio-gateway') && reach[f]![group.namespace]), `${gw} gateway -> ${group.namespace}`).toBe(true);
    }
  });

  // The connectivity report's "Required paths": what the declarations rely on, evaluated for the app's own pods.
  const verdicts = requiredPathVerdicts(new PolicyModel(objects), live.network.system.requiredPaths);
  const pathsOf = (app: HomelabApp) => verdicts.filter((v) => v.path.declaredBy === app.where);
  const show = (v: (typeof verdicts)[number]) => `${v.path.from.name} -> ${v.path.to.name} ${v.path.port}: ${v.path.why} (${v.path.declaredBy})`;

  it('every path a declaration relies on is open in the synthesized policies (the report shows none DENIED)', () => {
    expect(verdicts.filter((v) => !v.open).map(show)).toEqual([]);
  });

  it('the required paths list each SSO app’s issuer, each reasoned world port, each reference and each typed route', () => {
    for (const app of apps) {
      const mine = pathsOf(app);
      const has = (pred: (v: (typeof verdicts)[number]) => boolean, what: string) => expect(mine.some(pred), `${app.appName}: ${what}`).toBe(true);
      if (app.props.sso) {
        const issuer = app.props.sso.oidc.issuer ?? (app.props.routes.some((r) => r.gateway === 'external') ? 'external' : 'internal');
        has((v) => v.path.why.startsWith('OIDC issuer https://auth.') && v.path.to.name === (issuer === 'internal' ? 'internal gateway' : 'world') && v.path.port.toString() === 'tcp/443', 'OIDC issuer');
      }
      for (const w of app.props.egress.world) has((v) => v.path.to.name === 'world' && v.path.port.toString() === `${w.protocol.toLowerCase()}/${w.port}` && v.path.why === w.reason, `world ${w.port}`);
      for (const r of [...app.references.map((x) => x.app), ...app.props.egress.apps.map((x) => x.app)]) has((v) => v.path.to.name.endsWith(r) && v.path.from.name.endsWith(app.appName), `reference to ${r}`);
      if (app.props.container) {
        for (const [i, r] of app.props.routes.entries()) if (!r.service) has((v) => v.path.why === `route https://${app.hosts[i]}` && v.path.from.name === `${r.gateway} gateway`, `route ${app.hosts[i]}`);
      }
    }
  });

  it('every SSO app reaches its OIDC issuer (internal: through the internal gateway; external: HTTPS to the world)', () => {
    const provider = IdentityProvider.of(live.app).provider!;
    for (const app of apps.filter((a) => a.props.sso)) {
      const issuer = app.props.sso!.oidc.issuer ?? (app.props.routes.some((r) => r.gateway === 'external') ? 'external' : 'internal');
      if (issuer === 'internal') {
        expect(Object.entries(reach[app.namespace] ?? {}).some(([to, p]) => to.startsWith('istio-gateway') && p.includes('tcp/443')), app.appName).toBe(true);
      } else {
        expect(ports(app.namespace, 'world'), app.appName).toContain('tcp/443');
      }
      // …and the gateway forwards to the provider.
      expect(Object.keys(reach).some((f) => f.startsWith('istio-gateway') && reach[f]![provider.namespace]), 'gateway -> provider').toBe(true);
    }
  });
});
}

const throwaway: DiscoveredApp[] = [
  {
    source: 'apps/throwaway.ts',
    definition: {
      name: 'throwaway',
      clusters: ['live'],
      props: (c) => ({
        name: 'throwaway',
        profile: 'internal',
        database: {},
        cache: true,
        container: {
          image: { repository: 'ghcr.io/example/throwaway', versionKey: 'miniflux_version' },
          ports: [{ name: 'http', port: 8080 }],
          env: { DB_PASSWORD: c.services.postgres.password, OLLAMA: c.app('ollama').url(11434) },
        },
        routes: [{ gateway: 'internal', port: 8080 }],
        auth: 'oauth2-proxy',
        sso: { oidc: { redirectUris: ['/callback'], env: { clientSecret: 'OIDC_SECRET' } } },
      }),
    },
  },
  groupDef('scratch', { profile: 'internal-egress', podSecurity: 'restricted', volumes: [{ name: 'scratch-shared', storageClass: 'fast', size: '1Gi' }] }, ['live']),
  {
    source: 'apps/scratch/worker.ts',
    definition: {
      name: 'worker',
      group: 'scratch',
      clusters: ['live'],
      props: () => ({
        name: 'worker',
        container: { image: { repository: 'ghcr.io/example/worker', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 9000 }] },
        volumes: [{ name: 'shared', claim: 'scratch-shared', mountPath: '/shared' }],
        egress: { apps: [{ app: 'throwaway', port: 8080 }] },
      }),
    },
  },
];

declaredChecks('the homelab', discoveredApps());
declaredChecks('the homelab plus a throwaway app and group (temporary scope)', [...discoveredApps(), ...throwaway]);

describe('apps run exactly on the clusters their files name', () => {
  const out = synthHomelab();
  const sortedNames = (xs: string[]) => [...new Set(xs)].sort();
  it('apps run exactly on the clusters their files name (integration runs none unless a file says so)', () => {
    const files = discoveredApps().filter((f) => !isGroupDefinition(f.definition));
    for (const c of ['dev', 'integration', 'live']) {
      const releases = out.clusters.find((x) => x.name === c)!.objects.filter((o) => o.object.kind === 'HelmRelease' && o.file.startsWith('apps/')).map((o) => o.object.metadata.name);
      expect(sortedNames(releases), c).toEqual(sortedNames(files.filter((f) => (f.definition.clusters as readonly string[]).includes(c)).map((f) => f.definition.name)));
    }
  });
});
