// Bazarr: subtitles for the library (reference: apps.md §3 "bazarr"). Its API key lives in its config
// file, so an init container writes the group's key there before each start.
import { defineApp } from '../../lib/app/define.js';

const apiKey = { secret: 'bazarr-api-key', key: 'api-key' };

export default defineApp({
  name: 'bazarr',
  group: 'media',
  clusters: ['live'],
  props: (c) => ({
    name: 'bazarr',
    database: {},
    container: {
      image: { repository: 'ghcr.io/home-operations/bazarr', versionKey: 'bazarr_version' },
      ports: [{ name: 'http', port: 6767 }],
      securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
      fsGroup: 568,
      env: {
        BAZARR__AUTH__APIKEY: apiKey,
        POSTGRES_ENABLED: 'true',
        POSTGRES_HOST: c.services.postgres.primaryHost,
        POSTGRES_PORT: String(c.services.postgres.port),
        POSTGRES_DATABASE: 'bazarr',
        POSTGRES_USERNAME: c.services.postgres.username,
        POSTGRES_PASSWORD: c.services.postgres.password,
      },
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '2Gi' } },
      probes: { check: { path: '/api/system/ping', port: 'http' }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
      initContainers: [
        {
          name: 'config-patch',
          image: { repository: 'docker.io/mikefarah/yq', versionKey: 'yq_version' },
          command: ['/bin/sh', '-c', 'if [ -f /config/config/config.yaml ]; then yq -i \'.auth.apikey = strenv(BAZARR_API_KEY)\' /config/config/config.yaml; fi'],
          env: { BAZARR_API_KEY: apiKey },
          securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
        },
      ],
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: '2Gi', mountPath: '/config' },
      { name: 'library', claim: 'media-library', mounts: [{ container: 'app', path: '/media/library' }] },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' }, mountPath: '/tmp' },
    ],
    routes: [{ gateway: 'internal', port: 6767, homepage: { name: 'Bazarr', group: 'Media', icon: 'bazarr.svg' } }],
    auth: 'oauth2-proxy',
    canary: { port: 'http', path: '/api/system/ping' },
  }),
});
