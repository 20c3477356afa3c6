// Factorio: game server. Players reach it from the internet on UDP 34197 (LoadBalancer), and the server
// talks to the public game-list/matchmaking on the same UDP port; mod portal and auth over HTTPS.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'factorio',
  clusters: ['live'],
  props: (c) => ({
    name: 'factorio',
    profile: 'internal-egress',
    podSecurity: 'restricted',
    backup: true,
    volumes: [{ name: 'data', storageClass: 'fast', size: '10Gi', mountPath: '/factorio' }],
    // Players reach the game port from the internet; RCON only from the LAN.
    loadBalancer: { ip: c.pick({ live: '192.168.10.24' }), world: ['game'], lan: ['rcon'] },
    egress: { world: [{ port: 34197, protocol: 'UDP', reason: 'game-list heartbeat and NAT punch-through to the Factorio matching server' }] },
    container: {
      image: { repository: 'factoriotools/factorio', versionKey: 'factorio_version' },
      ports: [
        { name: 'game', port: 34197, protocol: 'UDP' },
        { name: 'rcon', port: 27015, protocol: 'TCP' },
      ],
      securityContext: { runAsUser: 845, runAsGroup: 845 },
      fsGroup: 845,
      env: { GENERATE_NEW_SAVE: 'true', SAVE_NAME: 'homelab', UPDATE_MODS_ON_START: 'false' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } },
    },
  }),
});
