// Minecraft (Paper, with Geyser/Floodgate for Bedrock clients): game server (reference: apps.md §3
// minecraft). Java and Bedrock ports from the internet at its pool address, RCON from the LAN only; a backup
// sidecar archives the world over RCON and a monitor sidecar exports player metrics.
import { defineApp } from '../lib/app/define.js';
import type { HomelabAppProps } from '../lib/app/props.js';

const RCON = { secret: 'minecraft-rcon-password', key: 'password' } as const;

export default defineApp({
  name: 'minecraft',
  clusters: ['live'],
  props: (c): HomelabAppProps => ({
    name: 'minecraft',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    backup: true,
    volumes: [
      { name: 'data', storageClass: 'fast', size: '20Gi', mounts: [{ container: 'app', path: '/data' }, { container: 'backup', path: '/data', readOnly: true }] },
      { name: 'backups', storageClass: 'fast', size: '10Gi', mounts: [{ container: 'backup', path: '/backups' }] },
    ],
    loadBalancer: { ip: c.pick({ live: '192.168.10.26' }), world: ['java', 'bedrock'], lan: ['rcon'] },
    egress: {
      world: [
        { port: 25565, protocol: 'TCP', reason: 'server list pings and proxies to other Java servers' },
        { port: 19132, protocol: 'UDP', reason: 'Bedrock (Geyser) peer traffic' },
      ],
    },
    secrets: { generated: [{ name: 'minecraft-rcon-password', keys: ['password'] }] },
    container: {
      image: { repository: 'itzg/minecraft-server', versionKey: 'minecraft_server_version' },
      controller: { type: 'statefulset', terminationGracePeriodSeconds: 120 },
      ports: [
        { name: 'java', port: 25565 },
        { name: 'bedrock', port: 19132, protocol: 'UDP' },
        { name: 'rcon', port: 25575 },
      ],
      fsGroup: 1000,
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: {
        TYPE: 'PAPER',
        // The world's game version: upgrading it converts the world, a player decision rather than a Renovate bump.
        VERSION: '1.21.4',
        EULA: 'TRUE',
        USE_AIKAR_FLAGS: 'true',
        MEMORY: '4G',
        ENABLE_RCON: 'true',
        RCON_PASSWORD: RCON,
        MOTD: 'Homelab Minecraft',
        MAX_PLAYERS: '10',
        DIFFICULTY: 'normal',
        PLUGINS: [
          'https://download.geysermc.org/v2/projects/geyser/versions/latest/builds/latest/downloads/spigot',
          'https://download.geysermc.org/v2/projects/floodgate/versions/latest/builds/latest/downloads/spigot',
        ].join('\n'),
      },
      resources: { requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '32Gi' } },
      probes: {
        check: { tcp: 'java' },
        startup: { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 60 },
        liveness: { failureThreshold: 3 },
      },
      sidecars: [
        {
          name: 'backup',
          image: { repository: 'itzg/mc-backup', versionKey: 'minecraft_backup_version' },
          env: {
            RCON_HOST: 'localhost',
            RCON_PORT: '25575',
            RCON_PASSWORD: RCON,
            BACKUP_INTERVAL: '6h',
            PRUNE_BACKUPS_DAYS: '7',
            PAUSE_IF_NO_PLAYERS: 'true',
            SRC_DIR: '/data/world',
            DEST_DIR: '/backups',
            BACKUP_METHOD: 'tar',
          },
          securityContext: { runAsUser: 1000, runAsGroup: 1000 },
          resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '2Gi' } },
        },
        {
          name: 'monitor',
          image: { repository: 'itzg/mc-monitor', versionKey: 'mc_monitor_version' },
          args: ['export-for-prometheus'],
          env: { EXPORT_SERVERS: 'localhost', DEBUG: 'false' },
          ports: [{ name: 'metrics', port: 8080 }],
          securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    },
    serviceMonitor: { port: 'metrics', path: '/metrics' },
    canary: false,
  }),
});
