// Valheim: game server (reference: apps.md §3 valheim). Players reach the game and query ports from the
// internet over UDP at its pool address; the server registers with Steam over UDP and HTTPS.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'valheim',
  clusters: ['live'],
  props: (c) => ({
    name: 'valheim',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    backup: true,
    volumes: [{ name: 'config', storageClass: 'fast', size: '10Gi', mountPath: '/config' }],
    loadBalancer: { ip: c.pick({ live: '192.168.10.27' }), world: ['gameplay', 'query'] },
    egress: {
      world: [
        { port: 2456, protocol: 'UDP', reason: 'Steam relay and peer traffic on the game port' },
        { port: 2457, protocol: 'UDP', reason: 'Steam server browser queries on the query port' },
        { port: 27028, protocol: 'UDP', reason: 'Steam master server registration' },
      ],
    },
    secrets: { generated: [{ name: 'valheim-server-password', keys: ['password'], length: 16 }] },
    container: {
      image: { repository: 'ghcr.io/lloesche/valheim-server', versionKey: 'valheim_version' },
      controller: { type: 'statefulset', terminationGracePeriodSeconds: 120 },
      ports: [
        { name: 'gameplay', port: 2456, protocol: 'UDP' },
        { name: 'query', port: 2457, protocol: 'UDP' },
        { name: 'status', port: 8080 },
      ],
      fsGroup: 1000,
      // The image's supervisor starts as root and drops to PUID/PGID itself.
      securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'], reason: 'the image starts as root, chowns /config and drops to PUID/PGID 1000' } },
      env: {
        SERVER_NAME: 'Valheim Dedicated',
        SERVER_PUBLIC: '0',
        WORLD_NAME: 'Dedicated',
        SERVER_PASS: { secret: 'valheim-server-password', key: 'password' },
        PUID: '1000',
        PGID: '1000',
        STATUS_HTTP: 'true',
        STATUS_HTTP_PORT: '8080',
        BACKUPS: 'true',
        BACKUPS_DIRECTORY: '/config/backups',
        BACKUPS_MAX_AGE: '7',
        BACKUPS_MAX_COUNT: '10',
        BACKUPS_IF_IDLE: 'true',
        BACKUPS_IDLE_GRACE_PERIOD: '3600',
      },
      resources: { requests: { cpu: '4', memory: '6Gi' }, limits: { memory: '8Gi' } },
      probes: {
        check: { path: '/status.json', port: 8080 },
        startup: { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 90 },
        liveness: { failureThreshold: 3 },
      },
    },
    canary: false,
  }),
});
