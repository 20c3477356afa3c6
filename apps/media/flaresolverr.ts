// FlareSolverr: solves Cloudflare challenges for Prowlarr's indexers (reference: apps.md §3). No route:
// only apps of the media namespace call it.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'flaresolverr',
  group: 'media',
  clusters: ['live'],
  props: () => ({
    name: 'flaresolverr',
    container: {
      image: { repository: 'ghcr.io/flaresolverr/flaresolverr', versionKey: 'flaresolverr_version' },
      ports: [{ name: 'http', port: 8191 }],
      // The image's user by number, so runAsNonRoot can be verified; its browser writes its profile to disk.
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: { LOG_LEVEL: 'info', LOG_HTML: 'false', CAPTCHA_SOLVER: 'none', TZ: 'UTC' },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '4Gi' } },
      probes: { check: { path: '/', port: 'http' }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
    },
  }),
});
