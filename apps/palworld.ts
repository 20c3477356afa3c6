// Palworld: game server (reference: apps.md §3 palworld). Game and query ports over UDP from the internet at
// its pool address; RCON only from the LAN; it updates itself from Steam on boot over HTTPS.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'palworld',
  clusters: ['live'],
  props: (c) => ({
    name: 'palworld',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    backup: true,
    volumes: [{ name: 'data', storageClass: 'fast', size: '20Gi', mountPath: '/palworld' }],
    loadBalancer: { ip: c.pick({ live: '192.168.10.28' }), world: ['game', 'query'], lan: ['rcon'] },
    egress: {
      world: [
        { port: 8211, protocol: 'UDP', reason: 'game traffic and NAT punch-through with players' },
        { port: 27015, protocol: 'UDP', reason: 'Steam server browser registration on the query port' },
      ],
    },
    secrets: {
      generated: [
        { name: 'palworld-server-password', keys: ['password'], length: 16 },
        { name: 'palworld-admin-password', keys: ['password'], length: 32 },
      ],
    },
    container: {
      image: { repository: 'ghcr.io/thijsvanloef/palworld-server-docker', versionKey: 'palworld_server_version' },
      controller: { strategy: 'Recreate', terminationGracePeriodSeconds: 120 },
      ports: [
        { name: 'game', port: 8211, protocol: 'UDP' },
        { name: 'query', port: 27015, protocol: 'UDP' },
        { name: 'rcon', port: 25575 },
      ],
      fsGroup: 1000,
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: {
        PORT: '8211',
        PLAYERS: '16',
        SERVER_NAME: 'Homelab Palworld',
        SERVER_DESCRIPTION: 'Homelab Palworld Dedicated Server',
        SERVER_PASSWORD: { secret: 'palworld-server-password', key: 'password' },
        ADMIN_PASSWORD: { secret: 'palworld-admin-password', key: 'password' },
        COMMUNITY: 'false',
        MULTITHREADING: 'true',
        RCON_ENABLED: 'true',
        RCON_PORT: '25575',
        REST_API_ENABLED: 'true',
        REST_API_PORT: '8212',
        UPDATE_ON_BOOT: 'true',
        BACKUP_ENABLED: 'true',
        BACKUP_CRON_EXPRESSION: '0 * * * *',
      },
      resources: { requests: { cpu: '4', memory: '20Gi' }, limits: { memory: '32Gi' } },
      probes: {
        check: { exec: ['pgrep', '-f', 'PalServer'] },
        startup: { initialDelaySeconds: 30, periodSeconds: 15, failureThreshold: 60 },
        liveness: { failureThreshold: 3 },
        readiness: false,
      },
    },
    canary: false,
  }),
});
