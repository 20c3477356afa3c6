// Exportarr: Prometheus metrics of the *arr apps and SABnzbd (reference: apps.md §3 "exportarr"), one
// exporter per app as its own controller and Service in one release, each scraped by a ServiceMonitor.
// Unlike the reference, prowlarr is in its dependencies too.
import { defineApp } from '../../lib/app/define.js';
import type { AppTemplateController, AppTemplateService } from '../../lib/app/app-template.js';
import type { HomelabAppProps } from '../../lib/app/props.js';

/** Exported app → (exportarr mode, metrics port, app port). */
const TARGETS = {
  sonarr: { mode: 'sonarr', port: 9707, appPort: 8989 },
  radarr: { mode: 'radarr', port: 9708, appPort: 7878 },
  prowlarr: { mode: 'prowlarr', port: 9709, appPort: 9696 },
  sonarr4k: { mode: 'sonarr', port: 9710, appPort: 8989 },
  radarr4k: { mode: 'radarr', port: 9711, appPort: 7878 },
  bazarr: { mode: 'bazarr', port: 9712, appPort: 6767 },
  sabnzbd: { mode: 'sabnzbd', port: 9713, appPort: 8080 },
} as const;

export default defineApp({
  name: 'exportarr',
  group: 'media',
  clusters: ['live'],
  props: (c): HomelabAppProps => {
    const tag = c.version('exportarr_version');
    const controllers: Record<string, AppTemplateController> = {};
    const service: Record<string, AppTemplateService> = {};
    const serviceMonitor: Record<string, unknown> = {};
    for (const [app, t] of Object.entries(TARGETS)) {
      controllers[app] = {
        containers: {
          app: {
            image: { repository: 'ghcr.io/onedr0p/exportarr', tag },
            args: [t.mode],
            env: [
              { name: 'PORT', value: String(t.port) },
              { name: 'URL', value: c.app(app).url(t.appPort) },
              { name: 'APIKEY', valueFrom: { secretKeyRef: { name: `${app}-api-key`, key: 'api-key' } } },
            ],
            resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
            probes: {
              liveness: { enabled: true, custom: true, spec: { httpGet: { path: '/healthz', port: t.port }, periodSeconds: 30 } },
              readiness: { enabled: true, custom: true, spec: { httpGet: { path: '/healthz', port: t.port }, periodSeconds: 10 } },
            },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          },
        },
      };
      service[app] = { controller: app, ports: { metrics: { port: t.port } } };
      serviceMonitor[app] = { serviceName: `exportarr-${app}`, endpoints: [{ port: 'metrics', scheme: 'http', path: '/metrics', interval: '4m', scrapeTimeout: '90s' }] };
    }
    return {
      name: 'exportarr',
      dependsOn: Object.keys(TARGETS),
      chart: {
        values: {
          defaultPodOptions: { securityContext: { runAsNonRoot: true, runAsUser: 568, runAsGroup: 568, seccompProfile: { type: 'RuntimeDefault' } } },
          controllers,
          service,
          serviceMonitor,
        },
      },
      metrics: ['sonarr_*', 'radarr_*', 'prowlarr_*', 'bazarr_*', 'sabnzbd_*'],
      alerts: [
        {
          alert: 'ArrApplicationUnreachable',
          expr: 'min by (job) (sonarr_system_status or radarr_system_status or prowlarr_system_status) == 0',
          for: '5m',
          severity: 'warning',
          summary: 'An *arr application reports itself unreachable to exportarr',
          description: 'Sonarr, Radarr or Prowlarr has reported an unhealthy system status to exportarr for 5 minutes (job names the app).',
          runbook: 'apps.md#media-jellyfin-arr-sabnzbd',
        },
        { alert: 'SabnzbdPaused', expr: 'max(sabnzbd_paused) == 1', for: '15m', severity: 'critical', summary: 'SABnzbd downloads have been paused for 15 minutes', description: 'SABnzbd has been paused for 15 minutes; a full downloads volume pauses it by itself.', runbook: 'apps.md#media-jellyfin-arr-sabnzbd' },
      ],
    };
  },
});
