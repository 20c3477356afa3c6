// Satisfactory: game server (reference: apps.md §3 satisfactory). One port, UDP and TCP, from the internet at
// its pool address; it downloads the server from Steam at start (HTTP and HTTPS).
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'satisfactory',
  clusters: ['live'],
  props: (c) => ({
    name: 'satisfactory',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    backup: true,
    volumes: [{ name: 'data', storageClass: 'fast', size: '30Gi', mountPath: '/config' }],
    loadBalancer: { ip: c.pick({ live: '192.168.10.25' }), world: ['game-udp', 'game-tcp'] },
    container: {
      image: { repository: 'wolveix/satisfactory-server', versionKey: 'satisfactory_server_version' },
      ports: [
        { name: 'game-udp', port: 7777, protocol: 'UDP' },
        { name: 'game-tcp', port: 7777, protocol: 'TCP' },
      ],
      fsGroup: 1000,
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: { MAXPLAYERS: '4', MAXTICKRATE: '30', AUTOSAVENUM: '5' },
      resources: { requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '16Gi' } },
      probes: {
        check: { exec: ['pgrep', '-f', 'FactoryServer'] },
        startup: { initialDelaySeconds: 30, periodSeconds: 15, failureThreshold: 60 },
        readiness: false,
      },
    },
    canary: false,
  }),
});
