// jfa-go: Jellyfin invitations and account self-service (reference: apps.md §3). The internal route serves
// everything; the public one only the user-facing paths, every other path redirects to /invite.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'jfa-go',
  group: 'media',
  clusters: ['live'],
  props: () => ({
    name: 'jfa-go',
    dependsOn: ['jellyfin'],
    container: {
      image: { repository: 'hrfee/jfa-go', versionKey: 'jfa_go_version' },
      ports: [{ name: 'http', port: 8056 }],
      // The image runs as root and writes its data next to the binary.
      securityContext: { runAsNonRoot: false, runAsUser: 0 },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      probes: { check: { path: '/', port: 'http' }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
    },
    volumes: [{ name: 'data', storageClass: 'fast', size: '1Gi', mountPath: '/data' }],
    routes: [
      { gateway: 'internal', port: 8056 },
      {
        gateway: 'external',
        subdomain: 'join',
        port: 8056,
        paths: ['/invite', '/my', '/user', '/captcha', '/token', '/lang', '/js', '/css', '/reset'],
        redirect: { path: '/invite', statusCode: 302 },
        homepage: { name: 'Join', group: 'Media', icon: 'jellyfin.svg' },
      },
    ],
    canary: { path: '/my/account', responseCodes: [200] },
    slo: { latencyMs: 1000 },
  }),
});
