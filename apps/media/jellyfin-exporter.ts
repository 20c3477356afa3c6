// Jellyfin exporter: library and playback metrics for Prometheus (reference: apps.md §3), the alert on
// Jellyfin being down and the Jellyfin dashboard. Metric names: rebelcore/jellyfin_exporter's default
// collectors (system, media, playing, users) and its per-collector scrape status.
import { defineApp } from '../../lib/app/define.js';
import { dashboardJson, graph, promq, row, statPanel, tablePanel } from '../../lib/observability/dashboard.js';

/** Jellyfin's own pods (Deployment `jellyfin`, app-template container `app`), for the resource panels. */
const JELLYFIN = 'namespace="media", pod=~"jellyfin-[^-]+-[^-]+", container="app"';

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
    metrics: [
      'jellyfin_up', 'jellyfin_system_info', 'jellyfin_media_count', 'jellyfin_now_playing_state', 'jellyfin_user_account', 'jellyfin_user_active',
      'jellyfin_scrape_collector_success', 'jellyfin_scrape_collector_duration_seconds',
    ],
    alerts: [{ alert: 'JellyfinServerDown', expr: 'jellyfin_up{namespace="media"} == 0', for: '5m', severity: 'critical', summary: 'Jellyfin is not answering its exporter', description: 'jellyfin-exporter reports Jellyfin down for 5 minutes: nobody can stream.', runbook: 'apps.md#media-jellyfin-arr-sabnzbd' }],
    dashboard: {
      folder: 'Media',
      json: dashboardJson({
        uid: 'jellyfin-exporter',
        title: 'Jellyfin',
        from: 'now-24h',
        panels: [
          statPanel('Jellyfin up', ['min(jellyfin_up)'], { t: [1] }),
          statPanel('Movies', ['sum(jellyfin_media_count{type="Movie"})']),
          statPanel('Series', ['sum(jellyfin_media_count{type="Series"})']),
          statPanel('Episodes', ['sum(jellyfin_media_count{type="Episode"})']),
          statPanel('Playing now', ['count(jellyfin_now_playing_state == 1) or vector(0)']),
          statPanel('Active sessions', ['count(jellyfin_user_active) or vector(0)']),
          graph('Streams by play method', [promq('count by (method) (jellyfin_now_playing_state)', '{{method}}')], { stack: true }),
          graph('Library items by type', [promq('sum by (type) (jellyfin_media_count)', '{{type}}')]),
          tablePanel('Now playing', ['max by (username, device, type, title, series_title, method) (jellyfin_now_playing_state)']),
          tablePanel('Clients', ['max by (username, client, client_version, device) (jellyfin_user_active)']),
          row('Server'),
          graph('CPU (cores)', [promq(`sum(rate(container_cpu_usage_seconds_total{${JELLYFIN}}[$__rate_interval]))`, 'jellyfin')], { w: 8 }),
          graph('Memory', [promq(`sum(container_memory_working_set_bytes{${JELLYFIN}})`, 'jellyfin')], { unit: 'bytes', w: 8 }),
          graph('Transcode volume used', [promq('max(kubelet_volume_stats_used_bytes{namespace="media", persistentvolumeclaim="jellyfin-transcodes"} / kubelet_volume_stats_capacity_bytes{namespace="media", persistentvolumeclaim="jellyfin-transcodes"})', 'transcodes')], { unit: 'percentunit', w: 8 }),
          graph('Exporter collectors succeeding', [promq('min by (collector) (jellyfin_scrape_collector_success)', '{{collector}}')], { w: 24, h: 6 }),
        ],
      }),
    },
  }),
});
