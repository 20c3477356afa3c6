// Home Assistant: home automation (internal route; talks to cloud integrations over HTTPS). Its recorder
// uses Postgres (db_url in its configuration reads the replicated credentials from env).
import { defineApp } from '../lib/app/define.js';


export default defineApp({
  name: 'home-assistant',
  clusters: ['live'],
  props: (c) => ({
    name: 'home-assistant',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    database: {},
    backup: true,
    volumes: [{ name: 'config', storageClass: 'fast', size: '10Gi', mountPath: '/config' }],
    container: {
      image: { repository: 'ghcr.io/home-operations/home-assistant', versionKey: 'home_assistant_version' },
      ports: [{ name: 'http', port: 8123 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      env: {
        TZ: 'America/New_York',
        DB_USER: c.services.postgres.username,
        DB_PASSWORD: c.services.postgres.password,
        HASS_RECORDER_DB_URL: `postgresql://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/home-assistant`,
      },
      resources: { requests: { cpu: '50m', memory: '512Mi' }, limits: { memory: '2Gi' } },
      probes: { liveness: { path: '/manifest.json', port: 8123 }, readiness: { path: '/manifest.json', port: 8123 } },
    },
    routes: [{ gateway: 'internal', subdomain: 'hass', port: 8123 }],
  }),
});
