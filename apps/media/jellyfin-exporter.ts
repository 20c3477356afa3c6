// Jellyfin exporter: library and playback metrics for Prometheus (reference: apps.md §3), and the alert
// on Jellyfin being down.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'jellyfin-exporter',
  group: 'media',
  clusters: ['live'],
  props: (c) => ({
    name: 'jellyfin-exporter',
    dependsOn: ['jellyfin'],
    container: {
      image: { repository: 'rebelcore/jellyfin-exporter', versionKey: 'jellyfin_exporter_version' },
      ports: [{ name: 'metrics', port: 9594 }],
      securityContext: { runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: true },
      env: { JELLYFIN_ADDRESS: c.app('jellyfin').url(8096) },
      envFrom: ['jellyfin-exporter-api-token'],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
      probes: {
        check: { path: '/metrics', port: 'metrics' },
        startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 20, timeoutSeconds: 30 },
        liveness: { periodSeconds: 30, timeoutSeconds: 30 },
        readiness: { periodSeconds: 10, timeoutSeconds: 30 },
      },
    },
    serviceMonitor: { port: 'metrics' },
    metrics: ['jellyfin_*'],
    alerts: [{ alert: 'JellyfinServerDown', expr: 'jellyfin_up{namespace="media"} == 0', for: '5m', severity: 'critical', summary: 'Jellyfin is not answering its exporter', description: 'jellyfin-exporter reports Jellyfin down for 5 minutes: nobody can stream.', runbook: 'apps.md#media-jellyfin-arr-sabnzbd' }],
  }),
});
