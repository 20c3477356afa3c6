// Vaultwarden: password manager (reference: apps.md §3). Internal route only; Postgres; SSO only, through
// Authelia's internal issuer (members of the `vaultwarden` group).
import { defineApp } from '../lib/app/define.js';


export default defineApp({
  name: 'vaultwarden',
  clusters: ['live'],
  props: (c) => ({
    name: 'vaultwarden',
    profile: 'internal-egress',
    podSecurity: 'restricted',
    database: {},
    backup: true,
    volumes: [{ name: 'data', storageClass: 'fast', size: '5Gi', mountPath: '/data' }],
    // The admin page token: generated in-cluster once (nothing outside the cluster needs it).
    secrets: { generated: [{ name: 'vaultwarden-admin-token', keys: ['ADMIN_TOKEN'], length: 48, encoding: 'hex' }] },
    container: {
      image: { repository: 'vaultwarden/server', versionKey: 'vaultwarden_version' },
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      env: {
        ROCKET_PORT: '8080',
        DOMAIN: `https://vault.${c.domains.internal}`,
        SIGNUPS_ALLOWED: 'false',
        DB_USER: c.services.postgres.username,
        DB_PASSWORD: c.services.postgres.password,
        DATABASE_URL: `postgresql://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/vaultwarden`,
        ADMIN_TOKEN: { secret: 'vaultwarden-admin-token', key: 'ADMIN_TOKEN' },
        SSO_ENABLED: 'true',
        SSO_ONLY: 'true',
        SSO_PKCE: 'true',
        SSO_SCOPES: 'openid profile email offline_access',
        SSO_ALLOW_EXISTING_USERS: 'true',
      },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      probes: { check: { path: '/alive', port: 8080 }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
    },
    routes: [{ gateway: 'internal', subdomain: 'vault', port: 8080, homepage: { name: 'Vaultwarden', group: 'Apps', icon: 'vaultwarden.svg' } }],
    canary: { path: '/alive', responseCodes: [200] },
    sso: {
      oidc: {
        clientName: 'Vaultwarden',
        redirectUris: ['/identity/connect/oidc-signin'],
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        policy: { groups: ['vaultwarden'] },
        unsignedUserinfo: true,
        issuer: 'internal',
        env: { issuer: 'SSO_AUTHORITY', clientId: 'SSO_CLIENT_ID', clientSecret: 'SSO_CLIENT_SECRET' },
      },
    },
  }),
});
