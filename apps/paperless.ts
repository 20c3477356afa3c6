// Paperless-ngx: document archive (reference: flux-clusters.md §3 "paperless on live"). Internal only;
// Postgres and Dragonfly on the shared services; mail import over IMAPS; AI tagging on ollama (live).
// The image's s6-overlay, started as uid 1000, insists on owning /run (it tries to chown it and dies
// without CAP_CHOWN), so /run is an emptyDir an init container hands to 1000 first; the consume folder
// Paperless checks for write access at start is an emptyDir too (the image's is root's).
import { defineApp } from '../lib/app/define.js';

/** Local AI tagging (paperless-ngx 3) on the live ollama. */
const aiEnv = (ollamaUrl: string) => ({
  PAPERLESS_AI_ENABLED: 'true',
  PAPERLESS_AI_LLM_BACKEND: 'ollama',
  PAPERLESS_AI_LLM_MODEL: 'qwen2.5:7b-instruct-q8_0',
  PAPERLESS_AI_LLM_ENDPOINT: ollamaUrl,
});

/** django-allauth's OpenID Connect provider, from the env the SSO registration injects (live). */
const oidcEnv = {
  PAPERLESS_APPS: 'allauth.socialaccount.providers.openid_connect',
  PAPERLESS_SOCIALACCOUNT_PROVIDERS: JSON.stringify({
    openid_connect: {
      OAUTH_PKCE_ENABLED: true,
      APPS: [
        {
          provider_id: 'authelia',
          name: 'Authelia',
          client_id: '$(PAPERLESS_OIDC_CLIENT_ID)',
          secret: '$(PAPERLESS_OIDC_CLIENT_SECRET)',
          settings: { server_url: '$(PAPERLESS_OIDC_ISSUER)/.well-known/openid-configuration', token_auth_method: 'client_secret_basic' },
        },
      ],
    },
  }),
};

export default defineApp({
  name: 'paperless',
  clusters: ['live', 'dev'],
  props: (c) => {
    const ollama = c.pick({ live: () => aiEnv(c.app('ollama').url(11434)), dev: () => ({}) })();
    return {
    name: 'paperless',
    profile: 'internal',
    podSecurity: 'baseline',
    database: {},
    cache: true,
    backup: true,
    volumes: [
      { name: 'data', storageClass: 'fast', size: c.pick({ live: '10Gi', dev: '1Gi' }), mountPath: '/usr/src/paperless/data' },
      { name: 'media', storageClass: c.pick({ live: 'slow', dev: 'fast' } as const), size: c.pick({ live: '50Gi', dev: '5Gi' }), mountPath: '/usr/src/paperless/media' },
      { name: 'run', emptyDir: {}, mountPath: '/run' },
      { name: 'tmp', emptyDir: {}, mountPath: '/tmp' },
      { name: 'consume', emptyDir: {}, mountPath: '/usr/src/paperless/consume' },
    ],
    secrets: { generated: [{ name: 'paperless-secret', keys: ['secret-key'], length: 64, encoding: 'hex' }] },
    container: {
      image: { repository: 'ghcr.io/paperless-ngx/paperless-ngx', versionKey: 'paperless_ngx_version' },
      ports: [{ name: 'http', port: 8000 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      initContainers: [
        {
          name: 'init-run',
          image: { repository: 'docker.io/library/alpine', versionKey: 'alpine_version' },
          command: ['chown', '1000:1000', '/run'],
          securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'], reason: 'chowns the /run emptyDir to the app user, which s6-overlay requires' } },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        },
      ],
      env: {
        PAPERLESS_URL: `https://paperless.${c.domains.internal}`,
        PAPERLESS_PORT: '8000',
        PAPERLESS_TIME_ZONE: 'America/New_York',
        PAPERLESS_DBENGINE: 'postgresql',
        PAPERLESS_DBHOST: c.services.postgres.host,
        PAPERLESS_DBPORT: String(c.services.postgres.port),
        PAPERLESS_DBNAME: 'paperless',
        PAPERLESS_DBUSER: c.services.postgres.username,
        PAPERLESS_DBPASS: c.services.postgres.password,
        DRAGONFLY_PASSWORD: c.services.dragonfly.password,
        PAPERLESS_REDIS: `redis://:$(DRAGONFLY_PASSWORD)@${c.services.dragonfly.host}:${c.services.dragonfly.port}`,
        PAPERLESS_SECRET_KEY: { secret: 'paperless-secret', key: 'secret-key' },
        PAPERLESS_OCR_LANGUAGE: 'eng',
        PAPERLESS_CONSUMER_POLLING_INTERVAL: '0',
        ...ollama,
        ...c.pick<Record<string, string>>({ live: oidcEnv, dev: {} }),
      },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '4Gi' } },
      probes: { check: { path: '/', port: 8000 }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
    },
    routes: [{ gateway: 'internal', port: 8000, homepage: { name: 'Paperless-ngx', group: 'Apps', icon: 'paperless-ngx.svg' } }],
    // Login through Authelia on live (members of `docs`); dev has no identity provider.
    ...c.pick({
      live: {
        sso: {
          oidc: {
            clientName: 'Paperless',
            redirectUris: ['/accounts/oidc/authelia/login/callback/'],
            policy: { groups: ['docs'] },
            issuer: 'external' as const,
            env: { issuer: 'PAPERLESS_OIDC_ISSUER', clientId: 'PAPERLESS_OIDC_CLIENT_ID', clientSecret: 'PAPERLESS_OIDC_CLIENT_SECRET' },
          },
        },
      },
      dev: {},
    }),
    canary: { path: '/', responseCodes: [200, 302] },
    // IMAPS for mail import; Ollama (live only) for AI tagging.
    egress: { world: [{ port: 993, protocol: 'TCP', reason: 'IMAPS mail import (consume folder from mail)' }] },
    };
  },
});
