// Mealie: recipes, shared outside the house (standard profile, external route). Postgres.
import { defineApp } from '../lib/app/define.js';


export default defineApp({
  name: 'mealie',
  clusters: ['live'],
  props: (c) => ({
    name: 'mealie',
    profile: 'standard',
    podSecurity: 'baseline',
    database: {},
    backup: true,
    volumes: [{ name: 'data', storageClass: 'fast', size: '5Gi', mountPath: '/app/data' }],
    container: {
      image: { repository: 'ghcr.io/mealie-recipes/mealie', versionKey: 'mealie_version' },
      ports: [{ name: 'http', port: 9000 }],
      securityContext: { runAsUser: 911, runAsGroup: 911 },
      fsGroup: 911,
      env: {
        BASE_URL: `https://recipes.${c.domains.external}`,
        ALLOW_SIGNUP: 'false',
        DB_ENGINE: 'postgres',
        POSTGRES_SERVER: c.services.postgres.host,
        POSTGRES_PORT: String(c.services.postgres.port),
        POSTGRES_DB: 'mealie',
        POSTGRES_USER: c.services.postgres.username,
        POSTGRES_PASSWORD: c.services.postgres.password,
        OIDC_AUTH_ENABLED: 'true',
        OIDC_SIGNUP_ENABLED: 'true',
        OIDC_REQUIRES_EMAIL_VERIFICATION: 'false',
        OIDC_USER_GROUP: 'recipes',
        OIDC_ADMIN_GROUP: 'admins',
        OIDC_AUTO_REDIRECT: 'false',
        OIDC_PROVIDER_NAME: 'Authelia',
        OIDC_REMEMBER_ME: 'true',
        OIDC_GROUPS_CLAIM: 'groups',
      },
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '1Gi' } },
      probes: { check: { path: '/api/app/about', port: 9000 }, startup: { initialDelaySeconds: 20, periodSeconds: 5, failureThreshold: 30 } },
    },
    routes: [
      { gateway: 'external', subdomain: 'recipes', port: 9000, homepage: { name: 'Mealie', group: 'Apps', icon: 'mealie.svg' } },
      { gateway: 'internal', subdomain: 'recipes', port: 9000 },
    ],
    // Latency SLO as the reference measured it (observability.md §4).
    slo: { latencyMs: 1000 },
    sso: {
      oidc: {
        clientName: 'Mealie',
        redirectUris: ['/login'],
        scopes: ['openid', 'profile', 'email', 'groups'],
        policy: { groups: ['recipes'] },
        env: { discovery: 'OIDC_CONFIGURATION_URL', clientId: 'OIDC_CLIENT_ID', clientSecret: 'OIDC_CLIENT_SECRET' },
      },
    },
  }),
});
