// SABnzbd: Usenet downloads (reference: apps.md §3 "sabnzbd"). Talks to the Usenet provider over NNTPS.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'sabnzbd',
  group: 'media',
  clusters: ['live'],
  props: (c) => {
    const host = `sabnzbd.${c.domains.internal}`;
    // Names SABnzbd accepts requests for: in-cluster callers and the route.
    const allowed = ['sabnzbd', 'sabnzbd.media', 'sabnzbd.media.svc', 'sabnzbd.media.svc.cluster', 'sabnzbd.media.svc.cluster.local', host];
    return {
      name: 'sabnzbd',
      container: {
        image: { repository: 'ghcr.io/home-operations/sabnzbd', versionKey: 'sabnzbd_version' },
        ports: [{ name: 'http', port: 8080 }],
        securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
        fsGroup: 568,
        env: {
          TZ: 'UTC',
          SABNZBD__PORT: '8080',
          SABNZBD__HOST_WHITELIST_ENTRIES: allowed.join(', '),
          SABNZBD__API_KEY: { secret: 'sabnzbd-api-key', key: 'api-key' },
        },
        resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '16Gi' } },
        probes: { check: { path: '/api?mode=version', port: 'http' }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
      },
      volumes: [
        { name: 'config', storageClass: 'fast', size: '2Gi', mountPath: '/config' },
        { name: 'downloads', claim: 'sabnzbd-downloads', mountPath: '/downloads/sabnzbd' },
        { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' }, mountPath: '/tmp' },
      ],
      routes: [{ gateway: 'internal', port: 8080, homepage: { name: 'SABnzbd', group: 'Media', icon: 'sabnzbd.svg' } }],
      auth: 'oauth2-proxy',
      canary: { port: 'http', path: '/api?mode=version' },
      egress: { world: [{ port: 563, protocol: 'TCP', reason: 'NNTPS to the Usenet provider' }] },
    };
  },
});
