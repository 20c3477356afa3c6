// Jellyseerr (Seerr): media requests, public at requests.<external domain> (reference: apps.md §3). OIDC
// is configured in its UI with the registered client.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'jellyseerr',
  group: 'media',
  clusters: ['live'],
  props: (c) => ({
    name: 'jellyseerr',
    database: {},
    container: {
      image: { repository: 'ghcr.io/seerr-team/seerr', versionKey: 'seerr_version' },
      ports: [{ name: 'http', port: 5055 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      env: {
        DB_TYPE: 'postgres',
        DB_HOST: c.services.postgres.primaryHost,
        DB_PORT: String(c.services.postgres.port),
        DB_USER: c.services.postgres.username,
        DB_PASS: c.services.postgres.password,
        DB_NAME: 'jellyseerr',
      },
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '2Gi' } },
      probes: { check: { path: '/api/v1/status', port: 'http' }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
    },
    volumes: [{ name: 'config', storageClass: 'fast', size: '5Gi', mountPath: '/app/config' }],
    routes: [{ gateway: 'external', subdomain: 'requests', port: 5055, homepage: { name: 'Jellyseerr', group: 'Media', icon: 'jellyseerr.svg' } }],
    canary: { path: '/api/v1/status', responseCodes: [200] },
    slo: { latencyMs: 2500 },
    sso: {
      oidc: {
        clientName: 'Jellyseerr',
        redirectUris: ['/api/v1/auth/oidc-callback'],
        policy: { groups: ['jellyfin_users', 'jellyfin_admins'] },
        tokenEndpointAuthMethod: 'client_secret_post',
      },
    },
  }),
});
