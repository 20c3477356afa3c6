// Home Assistant: home automation (internal route; talks to cloud integrations over HTTPS). Its recorder
// uses Postgres; users log in through Authelia with the hass-oidc-auth component, which an init container
// installs into /config at the pinned version before Home Assistant starts. Prometheus scrapes its
// `prometheus:` integration at /api/prometheus with a long-lived access token, made by hand in the UI and
// seeded to SSM `<cluster>/home-assistant/prometheus-token` (as the reference).
import { defineApp } from '../lib/app/define.js';

const PROMETHEUS_TOKEN = 'hass-prometheus-token';

export default defineApp({
  name: 'home-assistant',
  clusters: ['live'],
  props: (c) => {
    const oidcVersion = c.version('hass_oidc_auth_version');
    const host = `hass.${c.domains.internal}`;
    const configuration = [
      'homeassistant:',
      `  external_url: https://${host}`,
      `  internal_url: https://${host}`,
      'http:',
      '  use_x_forwarded_for: true',
      '  trusted_proxies:',
      `    - ${c.network.podSubnet}`,
      'recorder:',
      '  db_url: !env_var HASS_RECORDER_DB_URL',
      '  purge_keep_days: 10',
      '  commit_interval: 30',
      'prometheus:',
      '  namespace: hass',
      'logger:',
      '  default: warning',
      'auth_oidc:',
      '  client_id: !env_var HASS_OIDC_CLIENT_ID',
      '  client_secret: !env_var HASS_OIDC_CLIENT_SECRET',
      '  discovery_url: !env_var HASS_OIDC_DISCOVERY_URL',
      '  display_name: "Authelia (SSO)"',
      '  roles:',
      '    admin: lldap_admins',
      '  features:',
      '    default_redirect: true',
      ...['config', 'frontend', 'history', 'logbook', 'map', 'mobile_app', 'my', 'person', 'system_health', 'updater'].map((i) => `${i}:`),
      '',
    ].join('\n');
    const install = [
      'set -eu',
      `want="${oidcVersion}"`,
      'marker=/config/custom_components/auth_oidc/.version',
      'if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then exit 0; fi',
      'mkdir -p /config/custom_components /tmp/oidc',
      'wget -qO- "https://github.com/christiaangoossens/hass-oidc-auth/archive/refs/tags/$want.tar.gz" | tar -xz -C /tmp/oidc --strip-components=1',
      'rm -rf /config/custom_components/auth_oidc',
      'cp -r /tmp/oidc/custom_components/auth_oidc /config/custom_components/auth_oidc',
      'echo "$want" > "$marker"',
    ].join('\n');
    return {
      name: 'home-assistant',
      profile: 'internal-egress',
      podSecurity: 'baseline',
      // Its own CNPG cluster, as in the reference: the recorder writes continuously and holds long sessions,
      // so it stays off the shared cluster and its transaction pooler.
      database: {
        cluster: {
          image: { repository: 'ghcr.io/cloudnative-pg/postgresql', versionKey: 'postgresql_image_version' },
          size: '10Gi',
          parameters: { shared_buffers: '128MB', max_connections: '100' },
          resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '1Gi' } },
        },
      },
      backup: true,
      secrets: { ssm: [{ name: PROMETHEUS_TOKEN, data: [{ secretKey: 'token', key: 'home-assistant/prometheus-token' }] }] },
      values: {
        serviceMonitor: {
          app: {
            service: { identifier: 'app' },
            endpoints: [{ port: 'http', scheme: 'http', path: '/api/prometheus', interval: '60s', scrapeTimeout: '30s', authorization: { type: 'Bearer', credentials: { name: PROMETHEUS_TOKEN, key: 'token' } } }],
          },
        },
      },
      // The ServiceMonitor the chart renders needs the Prometheus operator's CRDs.
      dependsOnPlatform: ['kube-prometheus-stack-crds'],
      // Its Ollama integration (set up in the UI) talks to the local models, as the reference allowed.
      egress: { apps: [{ app: 'ollama', port: 11434, protocol: 'TCP' }] },
      volumes: [
        { name: 'config', storageClass: 'fast', size: '10Gi', mountPath: '/config' },
        { name: 'configuration', configMap: { data: { 'configuration.yaml': configuration } }, mounts: [{ container: 'app', path: '/config/configuration.yaml', subPath: 'configuration.yaml', readOnly: true }] },
        { name: 'tmp', emptyDir: {}, mountPath: '/tmp' },
      ],
      container: {
        image: { repository: 'ghcr.io/home-operations/home-assistant', versionKey: 'home_assistant_version' },
        ports: [{ name: 'http', port: 8123 }],
        securityContext: { runAsUser: 1000, runAsGroup: 1000 },
        fsGroup: 1000,
        controller: { strategy: 'Recreate' },
        initContainers: [
          {
            name: 'install-oidc-component',
            image: { repository: 'docker.io/library/alpine', versionKey: 'alpine_version' },
            command: ['/bin/sh', '-c', install],
            securityContext: { runAsUser: 1000, runAsGroup: 1000 },
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          },
        ],
        env: {
          TZ: 'America/New_York',
          DB_USER: c.services.postgres.username,
          DB_PASSWORD: c.services.postgres.password,
          HASS_RECORDER_DB_URL: `postgresql://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.ownHost}:${c.services.postgres.port}/home-assistant`,
        },
        resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } },
        probes: {
          check: { path: '/manifest.json', port: 8123 },
          startup: { initialDelaySeconds: 90, periodSeconds: 10, failureThreshold: 30 },
          liveness: { initialDelaySeconds: 90, failureThreshold: 3 },
          readiness: { initialDelaySeconds: 90, failureThreshold: 3 },
        },
      },
      routes: [{ gateway: 'internal', subdomain: 'hass', port: 8123, homepage: { name: 'Home Assistant', group: 'Home', icon: 'home-assistant.svg' } }],
      canary: { path: '/manifest.json', responseCodes: [200] },
      sso: {
        oidc: {
          clientName: 'Home Assistant',
          redirectUris: ['/auth/oidc/callback'],
          scopes: ['openid', 'profile', 'groups', 'email'],
          tokenEndpointAuthMethod: 'client_secret_post',
          unsignedUserinfo: true,
          issuer: 'external',
          env: { discovery: 'HASS_OIDC_DISCOVERY_URL', clientId: 'HASS_OIDC_CLIENT_ID', clientSecret: 'HASS_OIDC_CLIENT_SECRET' },
        },
      },
    };
  },
});
