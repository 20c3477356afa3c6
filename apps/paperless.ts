// Paperless-ngx: document archive (reference: flux-clusters.md §3 "paperless on live"). Internal only;
// Postgres and Dragonfly on the shared services; mail import over IMAPS.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'paperless',
  clusters: ['live', 'dev'],
  props: (c) => ({
    name: 'paperless',
    profile: 'internal',
    podSecurity: 'baseline',
    database: {},
    cache: true,
    backup: true,
    volumes: [
      { name: 'data', storageClass: 'fast', size: c.pick({ live: '10Gi', dev: '1Gi' }), mountPath: '/usr/src/paperless/data' },
      { name: 'media', storageClass: c.pick({ live: 'slow', dev: 'fast' } as const), size: c.pick({ live: '50Gi', dev: '5Gi' }), mountPath: '/usr/src/paperless/media' },
    ],
    secrets: { generated: [{ name: 'paperless-secret', keys: ['secret-key'], length: 64, encoding: 'hex' }] },
    container: {
      image: { repository: 'ghcr.io/paperless-ngx/paperless-ngx', versionKey: 'paperless_ngx_version' },
      ports: [{ name: 'http', port: 8000 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
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
      },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '4Gi' } },
      probes: { liveness: { path: '/', port: 8000 }, readiness: { path: '/', port: 8000 } },
    },
    routes: [{ gateway: 'internal', port: 8000 }],
    canary: { path: '/', responseCodes: [200, 302] },
    // IMAPS for mail import; Ollama (live only) for AI tagging.
    egress: { world: [{ port: 993, protocol: 'TCP', reason: 'IMAPS mail import (consume folder from mail)' }], apps: c.pick({ live: [{ app: 'ollama', port: 11434, protocol: 'TCP' as const }], dev: [] }) },
  }),
});
