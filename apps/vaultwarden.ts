// Vaultwarden: password manager (reference: flux-clusters.md §3). Internal route only; Postgres.
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
    secrets: { ssm: [{ name: 'vaultwarden-admin', data: [{ secretKey: 'token', key: 'vaultwarden/admin-token' }] }] },
    container: {
      image: { repository: 'vaultwarden/server', versionKey: 'vaultwarden_version' },
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      env: {
        ROCKET_PORT: '8080',
        DOMAIN: `https://vaultwarden.${c.domains.internal}`,
        SIGNUPS_ALLOWED: 'false',
        DB_USER: c.services.postgres.username,
        DB_PASSWORD: c.services.postgres.password,
        DATABASE_URL: `postgresql://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/vaultwarden`,
        ADMIN_TOKEN: { secret: 'vaultwarden-admin', key: 'token' },
      },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      probes: { liveness: { path: '/alive', port: 8080 }, readiness: { path: '/alive', port: 8080 } },
    },
    routes: [{ gateway: 'internal', port: 8080 }],
  }),
});
