// Zipline: file sharing (standard profile, external route). Postgres for metadata, files in a Garage bucket.
import { defineApp } from '../lib/app/define.js';


export default defineApp({
  name: 'zipline',
  clusters: ['live'],
  props: (c) => ({
    name: 'zipline',
    profile: 'standard',
    podSecurity: 'restricted',
    database: {},
    bucket: { maxSize: '100Gi' },
    secrets: { generated: [{ name: 'zipline-core', keys: ['secret'], length: 64, encoding: 'hex' }] },
    container: {
      image: { repository: 'ghcr.io/diced/zipline', versionKey: 'zipline_version' },
      ports: [{ name: 'http', port: 3000 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: {
        CORE_SECRET: { secret: 'zipline-core', key: 'secret' },
        DB_USER: c.services.postgres.username,
        DB_PASSWORD: c.services.postgres.password,
        DATABASE_URL: `postgres://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/zipline`,
        DATASOURCE_TYPE: 's3',
        DATASOURCE_S3_ENDPOINT: c.services.s3.endpoint,
        DATASOURCE_S3_REGION: c.services.s3.region,
        DATASOURCE_S3_BUCKET: 'zipline',
        DATASOURCE_S3_FORCE_PATH_STYLE: 'true',
        DATASOURCE_S3_ACCESS_KEY_ID: c.services.s3.accessKeyId,
        DATASOURCE_S3_SECRET_ACCESS_KEY: c.services.s3.secretAccessKey,
      },
      resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '1Gi' } },
      probes: { check: { path: '/api/healthcheck', port: 3000 }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
    },
    routes: [{ gateway: 'external', subdomain: 'img', port: 3000, homepage: { name: 'Zipline', group: 'Apps', icon: 'zipline.svg' } }],
    // OAuth is configured in Zipline's settings UI (issuer, client id and the replicated secret's value).
    // Latency SLO as the reference measured it (observability.md §4).
    slo: { latencyMs: 2500 },
    sso: {
      oidc: {
        clientName: 'Zipline',
        redirectUris: ['/api/auth/oauth/oidc'],
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        policy: { groups: ['img'] },
        pkce: false,
        tokenEndpointAuthMethod: 'client_secret_post',
      },
    },
  }),
});
