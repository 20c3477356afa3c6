// Tdarr: the transcoding server and its UI (reference: apps.md §3). It runs as root to chown and switch to
// PUID/PGID, so it keeps the capabilities that needs; workers (tdarr-node) connect to its server port.
import { defineApp } from '../../lib/app/define.js';
import { TDARR_ENV, TDARR_SECURITY } from './_tdarr.js';

export default defineApp({
  name: 'tdarr',
  group: 'media',
  clusters: ['live'],
  props: () => ({
    name: 'tdarr',
    container: {
      image: { repository: 'ghcr.io/haveagitgat/tdarr', versionKey: 'tdarr_version' },
      ports: [
        { name: 'http', port: 8265 },
        { name: 'server', port: 8266 },
      ],
      securityContext: TDARR_SECURITY,
      fsGroup: 568,
      env: { ...TDARR_ENV, serverIP: '0.0.0.0', serverPort: '8266', webUIPort: '8265', internalNode: 'false' },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } },
      probes: { check: { path: '/api/v2/status', port: 'http' }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: '5Gi', mountPath: '/app/configs' },
      { name: 'server', storageClass: 'fast', size: '1Gi', mountPath: '/app/server' },
      { name: 'library', claim: 'media-library', mountPath: '/media/library' },
      { name: 'transcode-cache', emptyDir: {}, mountPath: '/app/transcode_cache' },
      { name: 'run', emptyDir: {}, mountPath: '/run' },
    ],
    routes: [{ gateway: 'internal', port: 8265, homepage: { name: 'Tdarr', group: 'Media', icon: 'tdarr.svg' } }],
    auth: 'oauth2-proxy',
    canary: { port: 'http', path: '/api/v2/status' },
  }),
});
