// Redlib: a private Reddit front end (reference: apps.md §3 redlib). It fetches Reddit over HTTPS
// (internal-egress) and keeps no state, so it runs two replicas on a read-only root.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'redlib',
  clusters: ['live'],
  props: () => ({
    name: 'redlib',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    container: {
      image: { repository: 'quay.io/redlib/redlib', versionKey: 'redlib_version' },
      replicas: 2,
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
      env: {
        TZ: 'UTC',
        REDLIB_PORT: '8080',
        REDLIB_DEFAULT_THEME: 'system',
        REDLIB_DEFAULT_LAYOUT: 'compact',
        REDLIB_DEFAULT_WIDE: 'on',
        REDLIB_DEFAULT_POST_SORT: 'hot',
        REDLIB_DEFAULT_COMMENT_SORT: 'confidence',
        REDLIB_DEFAULT_VIDEO_QUALITY: 'best',
        REDLIB_DEFAULT_FIXED_NAVBAR: 'on',
        REDLIB_DEFAULT_SHOW_NSFW: 'off',
        REDLIB_DEFAULT_HIDE_HLS_NOTIFICATION: 'off',
      },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      probes: { check: { path: '/settings', port: 8080 }, liveness: { initialDelaySeconds: 5 }, readiness: { initialDelaySeconds: 5 } },
    },
    routes: [{ gateway: 'internal', port: 8080 }],
    canary: { path: '/settings', responseCodes: [200] },
  }),
});
