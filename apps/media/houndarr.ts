// Houndarr: nudges the *arr apps to search for missing items (reference: apps.md §3). Internal route
// without oauth2-proxy, like the reference.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'houndarr',
  group: 'media',
  clusters: ['live'],
  props: () => ({
    name: 'houndarr',
    container: {
      image: { repository: 'ghcr.io/av1155/houndarr', versionKey: 'houndarr_version' },
      ports: [{ name: 'http', port: 8877 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      fsGroup: 1000,
      env: { TZ: 'America/New_York' },
      resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      probes: { check: { path: '/api/health', port: 'http' }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
    },
    volumes: [{ name: 'data', storageClass: 'fast', size: '1Gi', mountPath: '/data' }],
    routes: [{ gateway: 'internal', port: 8877, homepage: { name: 'Houndarr', group: 'Media', icon: 'sonarr.svg' } }],
  }),
});
