import { describe, expect, it } from 'vitest';
import type { HomelabAppProps } from '../../lib/app/props.js';
import { Endpoints, PolicyModel } from '../../lib/netpol/reachability.js';
import { defs, defWith, filesIn, find, groupApp, groupDef, render } from './helpers.js';

// What each part of the app model writes, one synthesized scope per capability (behaviour asserted on the
// objects: names, selectors, ports, mounts, dependencies, reachability).
const image = { repository: 'ghcr.io/example/app', versionKey: 'miniflux_version' };

describe('app groups share one namespace, one file per app', () => {
  const out = render([
    groupDef('crew', {
      profile: 'standard',
      podSecurity: 'baseline',
      volumes: [
        { name: 'crew-library', storageClass: 'slow-media', size: '1Ti', backup: false, existingVolume: { volumeHandle: 'pvc-0000', fsType: 'xfs' } },
        { name: 'crew-scratch', storageClass: 'fast-ephemeral', size: '10Gi' },
      ],
      secrets: { generated: [{ name: 'crew-key', keys: ['api-key'], replicateTo: ['elsewhere'] }] },
      backup: true,
    }),
    groupApp('crew', { name: 'alpha', database: {}, container: { image, ports: [{ name: 'http', port: 8080 }], env: { KEY: { secret: 'crew-key', key: 'api-key' } } }, volumes: [{ name: 'lib', claim: 'crew-library', mountPath: '/library', subPath: 'movies' }], routes: [{ gateway: 'internal', port: 8080 }] }),
    groupApp('crew', { name: 'beta', container: { image, ports: [{ name: 'http', port: 9090 }] }, egress: { world: [{ port: 563, protocol: 'TCP', reason: 'NNTPS to the provider' }] } }),
    ...defs({ name: 'outsider', profile: 'internal', container: { image, ports: [{ name: 'http', port: 7000 }] }, egress: { apps: [{ app: 'beta', port: 9090, protocol: 'TCP' }] } }),
  ]);

  it('the group folder holds the namespace, the shared claims (static PV for the existing volume) and shared secrets', () => {
    expect(filesIn(out, 'apps/crew/crew-namespace')).toEqual([
      'namespace_crew.yaml',
      'persistentvolume_crew-library.yaml',
      'persistentvolumeclaim_crew_crew-library.yaml',
      'persistentvolumeclaim_crew_crew-scratch.yaml',
      'secret_crew_crew-key.yaml',
    ]);
    const pv = find(out, 'PersistentVolume', undefined, 'crew-library').object;
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', accessModes: ['ReadWriteMany'], storageClassName: 'slow-media', claimRef: { namespace: 'crew', name: 'crew-library' }, csi: { driver: 'driver.longhorn.io', volumeHandle: 'pvc-0000', fsType: 'xfs' } });
    expect(find(out, 'PersistentVolumeClaim', 'crew', 'crew-library').object.spec).toMatchObject({ volumeName: 'crew-library', storageClassName: 'slow-media' });
    expect(find(out, 'PersistentVolumeClaim', 'crew', 'crew-library').object.metadata.labels).toEqual({ 'velero.io/exclude-from-backup': 'true' });
    expect(find(out, 'Secret', 'crew', 'crew-key').object.metadata.annotations['replicator.v1.mittwald.de/replication-allowed-namespaces']).toBe('elsewhere');
  });

  it('each app has its own folder and release in the shared namespace, and waits for the group', () => {
    expect(filesIn(out, 'apps/crew/alpha')).toContain('helmrelease_flux-system_alpha.yaml');
    expect(find(out, 'HelmRelease', 'flux-system', 'beta').object.spec.targetNamespace).toBe('crew');
    expect(find(out, 'Kustomization', 'flux-system', 'alpha').object.spec.dependsOn.map((d: { name: string }) => d.name)).toContain('crew-namespace');
    expect(find(out, 'HelmRelease', 'flux-system', 'alpha').object.spec.values.persistence.lib).toEqual({ existingClaim: 'crew-library', globalMounts: [{ path: '/library', subPath: 'movies' }] });
    // The grant labels the shared namespace.
    expect(find(out, 'Namespace', undefined, 'crew').object.metadata.labels['access.network-policy.homelab/postgres']).toBe('true');
  });

  it('apps of the group talk freely; each app’s extra rules select only its pods; outsiders reach only the declared app', () => {
    const model = new PolicyModel(out.objects.map((o) => o.object));
    const alpha = Endpoints.pod('crew', { 'app.kubernetes.io/instance': 'alpha' });
    const beta = Endpoints.pod('crew', { 'app.kubernetes.io/instance': 'beta' });
    expect(model.allows(alpha, beta, { protocol: 'TCP', port: 12345 })).toBe(true);
    expect(model.allows(beta, Endpoints.world(), { protocol: 'TCP', port: 563 })).toBe(true);
    expect(model.allows(alpha, Endpoints.world(), { protocol: 'TCP', port: 563 })).toBe(false);
    const outsider = Endpoints.pod('outsider');
    expect(model.allows(outsider, beta, { protocol: 'TCP', port: 9090 })).toBe(true);
    expect(model.allows(outsider, alpha, { protocol: 'TCP', port: 8080 })).toBe(false);
    expect(find(out, 'CiliumNetworkPolicy', 'crew', 'beta-app').object.spec.endpointSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'beta' } });
  });
});

describe('storage, containers and the LoadBalancer', () => {
  const vpn: HomelabAppProps = {
    name: 'torrent',
    profile: 'standard',
    podSecurity: 'privileged',
    container: {
      image,
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
      probes: { check: { path: '/ready', port: 'http' }, startup: { periodSeconds: 5, failureThreshold: 31 }, readiness: { path: '/readyz', timeoutSeconds: 2 } },
      controller: { strategy: 'Recreate', podLabels: { 'istio.io/dataplane-mode': 'none' } },
      sidecars: [
        { name: 'vpn', native: true, image, ports: [{ name: 'health', port: 9999 }], probes: { check: { exec: ['/bin/true'] }, liveness: { failureThreshold: 5 }, readiness: false }, securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['NET_ADMIN'], reason: 'the VPN client creates tun0 and routes' } } },
        { name: 'metrics', image, ports: [{ name: 'metrics', port: 8090 }], probes: { check: { tcp: 'metrics' }, liveness: false } },
      ],
      initContainers: [{ name: 'prepare', image, command: ['/bin/sh', '-c', 'true'] }],
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: '1Gi', mounts: [{ container: 'app', path: '/config' }] },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' }, mountPath: '/tmp' },
      { name: 'shared', emptyDir: {}, mounts: [{ container: 'app', path: '/shared' }, { container: 'vpn', path: '/shared', readOnly: true }] },
      { name: 'settings', configMap: { data: { 'app.yml': 'a: 1\n' } }, mountPath: '/etc/app/app.yml', subPath: 'app.yml', readOnly: true },
    ],
    values: { controllers: { torrent: { pod: { terminationGracePeriodSeconds: 60 } } } },
    canary: { port: 'health', path: '/' },
  };
  const game: HomelabAppProps = {
    name: 'game',
    profile: 'internal-egress',
    container: { image, ports: [{ name: 'play', port: 27000, protocol: 'UDP' }, { name: 'rcon', port: 27001 }] },
    loadBalancer: { ip: '192.168.10.29', world: ['play'], lan: ['rcon'] },
  };
  const out = render(defs(vpn, game));
  const values = find(out, 'HelmRelease', 'flux-system', 'torrent').object.spec.values;

  it('sidecars, native sidecars, init containers, probes of every kind with their timing', () => {
    const ctl = values.controllers.torrent;
    expect(Object.keys(ctl.containers)).toEqual(['app', 'metrics']);
    expect(Object.keys(ctl.initContainers)).toEqual(['prepare', 'vpn']);
    expect(ctl.initContainers.vpn.restartPolicy).toBe('Always');
    expect(ctl.initContainers.vpn.securityContext.capabilities).toEqual({ add: ['NET_ADMIN'] });
    // One check: startup only when declared, liveness every 30 s and readiness every 10 s unless overridden.
    expect(ctl.containers.app.probes.startup.spec).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 31 });
    expect(ctl.containers.app.probes.liveness.spec).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 30 });
    expect(ctl.containers.app.probes.readiness.spec).toEqual({ httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 2 });
    expect(Object.keys(ctl.containers.metrics.probes)).toEqual(['readiness']);
    expect(ctl.containers.metrics.probes.readiness.spec).toEqual({ tcpSocket: { port: 'metrics' }, periodSeconds: 10 });
    expect(ctl.initContainers.vpn.probes).toEqual({ liveness: { enabled: true, custom: true, spec: { exec: { command: ['/bin/true'] }, periodSeconds: 30, failureThreshold: 5 } } });
    expect(ctl.initContainers.prepare.probes).toBeUndefined();
    expect(ctl.strategy).toBe('Recreate');
    expect(ctl.pod).toEqual({ labels: { 'istio.io/dataplane-mode': 'none' }, terminationGracePeriodSeconds: 60 });
    expect(ctl.annotations).toEqual({ 'reloader.stakater.com/auto': 'true' });
    expect(Object.keys(values.service.app.ports).sort()).toEqual(['health', 'http', 'metrics']);
  });

  it('own claims, emptyDirs (memory), config files and per-container mounts', () => {
    expect(values.persistence.config).toEqual({ existingClaim: 'torrent-config', advancedMounts: { torrent: { app: [{ path: '/config' }] } } });
    expect(values.persistence.tmp).toEqual({ type: 'emptyDir', medium: 'Memory', sizeLimit: '1Gi', globalMounts: [{ path: '/tmp' }] });
    expect(values.persistence.shared.advancedMounts).toEqual({ torrent: { app: [{ path: '/shared' }], vpn: [{ path: '/shared', readOnly: true }] } });
    expect(values.persistence.settings).toEqual({ type: 'configMap', name: 'torrent-settings', globalMounts: [{ path: '/etc/app/app.yml', subPath: 'app.yml', readOnly: true }] });
    expect(find(out, 'ConfigMap', 'torrent', 'torrent-settings').object.data).toEqual({ 'app.yml': 'a: 1\n' });
  });

  it('an in-cluster canary opens the checked port to canary-checker only', () => {
    expect(find(out, 'Canary', 'torrent', 'http-check-torrent').object.spec.http[0].url).toBe('http://torrent.torrent.svc.cluster.local:9999/');
    const model = new PolicyModel(out.objects.map((o) => o.object));
    expect(model.allows(Endpoints.pod('monitoring', { 'app.kubernetes.io/name': 'canary-checker' }), Endpoints.pod('torrent'), { protocol: 'TCP', port: 9999 })).toBe(true);
  });

  it('a LoadBalancer at its pool address: the world reaches the game port, the LAN the RCON port', () => {
    const svc = find(out, 'HelmRelease', 'flux-system', 'game').object.spec.values.service.app;
    expect(svc).toMatchObject({ type: 'LoadBalancer', annotations: { 'lbipam.cilium.io/ips': '192.168.10.29' } });
    const ingress = find(out, 'CiliumNetworkPolicy', 'game', 'game-app').object.spec.ingress;
    expect(ingress).toEqual([
      { fromEntities: ['world'], toPorts: [{ ports: [{ port: '27000', protocol: 'UDP' }] }] },
      { fromCIDR: ['192.168.10.0/24'], toPorts: [{ ports: [{ port: '27001', protocol: 'TCP' }] }] },
    ]);
  });

  it('a LoadBalancer address outside the pool, already a gateway’s, or claimed twice is an error', () => {
    const bad = (ip: string) => () => render(defs({ ...game, loadBalancer: { ...game.loadBalancer!, ip } }));
    expect(bad('10.0.0.1')).toThrow('apps/game.ts (loadBalancer.ip): app "game": 10.0.0.1 is outside the cluster\'s LoadBalancer pool 192.168.10.21-192.168.10.29');
    expect(bad('192.168.10.22')).toThrow('192.168.10.22 is already the address of the internal gateway');
    expect(() => render(defs(game, { ...game, name: 'game2' }))).toThrow('apps/game2.ts (loadBalancer.ip): LoadBalancer address 192.168.10.29 is already claimed by apps/game.ts');
  });

  it('the values escape hatch is checked against app-template’s own values schema', () => {
    expect(() => render(defs({ ...game, values: { controllers: { game: { pod: { terminationGracePeriodSecond: 60 } } } } as never }))).toThrow(
      /apps\/game\.ts \(values\.controllers\.game\.pod\): app "game": app-template values schema: controllers\.game\.pod: unknown key "terminationGracePeriodSecond"/,
    );
  });
});

describe('cross-app references and SSO', () => {
  const out = render([
    ...defs(
      { name: 'llm', profile: 'internal', container: { image, ports: [{ name: 'http', port: 11434 }] } },
      { name: 'idp', profile: 'standard', identityProvider: true, chart: { name: 'authelia', repository: 'https://charts.authelia.com', versionKey: 'authelia_version', values: {} }, routes: [{ gateway: 'internal', subdomain: 'auth', port: 80 }] },
    ),
    defWith('notes', (c) => ({
      name: 'notes',
      profile: 'internal',
      container: { image, ports: [{ name: 'http', port: 3000 }], env: { LLM: c.app('llm').url(11434, { path: '/v1' }) } },
      routes: [{ gateway: 'internal', port: 3000 }],
      auth: 'oauth2-proxy',
      sso: { oidc: { redirectUris: ['/oauth/callback', 'notes://callback'], policy: { groups: ['notes'] }, issuer: 'internal', env: { issuer: 'OIDC_ISSUER', clientId: 'OIDC_CLIENT_ID', clientSecret: 'OIDC_SECRET' } } },
    })),
  ]);

  it('c.app(name).url(port) spells the Service and opens the traffic both ways', () => {
    const env = find(out, 'HelmRelease', 'flux-system', 'notes').object.spec.values.controllers.notes.containers.app.env;
    expect(env).toContainEqual({ name: 'LLM', value: 'http://llm.llm.svc.cluster.local:11434/v1' });
    const model = new PolicyModel(out.objects.map((o) => o.object));
    expect(model.allows(Endpoints.pod('notes'), Endpoints.pod('llm'), { protocol: 'TCP', port: 11434 })).toBe(true);
    expect(model.allows(Endpoints.pod('llm'), Endpoints.pod('notes'), { protocol: 'TCP', port: 3000 })).toBe(false);
  });

  it('the OIDC client lands in the provider’s values; its secret is generated there and replicated; the env names the issuer', () => {
    const oidc = find(out, 'HelmRelease', 'flux-system', 'idp').object.spec.values.configMap.identity_providers.oidc;
    expect(oidc.clients).toEqual([
      {
        client_id: 'notes',
        client_name: 'notes',
        client_secret: { path: '/secrets/notes-oidc-client-secret/client-secret' },
        public: false,
        authorization_policy: 'notes',
        consent_mode: 'implicit',
        require_pkce: true,
        pkce_challenge_method: 'S256',
        redirect_uris: ['https://notes.internal.tomnowak.work/oauth/callback', 'notes://callback'],
        scopes: ['openid', 'profile', 'email'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ]);
    expect(oidc.authorization_policies.notes).toEqual({ default_policy: 'deny', rules: [{ policy: 'two_factor', subject: ['group:notes'] }] });
    expect(find(out, 'Secret', 'idp', 'notes-oidc-client-secret').object.metadata.annotations).toMatchObject({ 'secret-generator.v1.mittwald.de/length': '64', 'replicator.v1.mittwald.de/replication-allowed-namespaces': 'notes' });
    const env = find(out, 'HelmRelease', 'flux-system', 'notes').object.spec.values.controllers.notes.containers.app.env;
    expect(env.slice(0, 3)).toEqual([
      { name: 'OIDC_ISSUER', value: 'https://auth.internal.tomnowak.work' },
      { name: 'OIDC_CLIENT_ID', value: 'notes' },
      { name: 'OIDC_SECRET', valueFrom: { secretKeyRef: { name: 'notes-oidc-client-secret', key: 'client-secret' } } },
    ]);
  });

  it('the app reaches the internal issuer through the internal gateway (both halves), and oauth2-proxy guards its host', () => {
    const model = new PolicyModel(out.objects.map((o) => o.object));
    const gateway = Endpoints.pod('istio-gateway', { 'gateway.networking.k8s.io/gateway-name': 'internal' });
    expect(model.allows(Endpoints.pod('notes'), gateway, { protocol: 'TCP', port: 443 })).toBe(true);
    expect(find(out, 'AuthorizationPolicy', 'istio-gateway', 'notes-oauth2-proxy').object.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal' }],
      action: 'CUSTOM',
      provider: { name: 'oauth2-proxy' },
      rules: [{ to: [{ operation: { hosts: ['notes.internal.tomnowak.work'] } }] }],
    });
  });

  it('a client without a provider on the cluster is an error naming the app', () => {
    expect(() => render([defWith('lonely', () => ({ name: 'lonely', profile: 'internal', container: { image, ports: [{ name: 'http', port: 80 }] }, routes: [{ gateway: 'internal', port: 80 }], sso: { oidc: { redirectUris: ['/cb'] } } }))])).toThrow(
      'apps/lonely.ts (sso.oidc): app declares an OIDC client "lonely", but the cluster has no identity provider (an app with identityProvider: true)',
    );
  });
});
