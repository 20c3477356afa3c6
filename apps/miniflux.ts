// Miniflux: feed reader (reference: flux-clusters.md §3). Fetches feeds over HTTP(S) (internal-egress),
// Postgres on the shared cluster, Prometheus metrics, alert and dashboard next to it.
import { defineApp } from '../lib/app/define.js';
import { histogram } from '../lib/observability/catalog.js';
import { dashboardJson, graph, promq, statPanel } from '../lib/observability/dashboard.js';

const REFRESH = 'miniflux_background_feed_refresh_duration';

export default defineApp({
  name: 'miniflux',
  clusters: ['live'],
  props: (c) => ({
    name: 'miniflux',
    profile: 'internal-egress',
    podSecurity: 'restricted',
    database: {},
    // The bootstrap admin's password: generated in-cluster once (day-to-day logins go through Authelia).
    secrets: { generated: [{ name: 'miniflux-admin-credentials', keys: ['password'], length: 32, encoding: 'hex' }] },
    container: {
      image: { repository: 'ghcr.io/miniflux/miniflux', versionKey: 'miniflux_version' },
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: true },
      env: {
        DB_USER: c.services.postgres.username,
        DB_PASSWORD: c.services.postgres.password,
        DATABASE_URL: `postgres://$(DB_USER):$(DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/miniflux?sslmode=disable`,
        RUN_MIGRATIONS: '1',
        CREATE_ADMIN: '1',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: { secret: 'miniflux-admin-credentials', key: 'password' },
        BASE_URL: `https://feeds.${c.domains.internal}`,
        OAUTH2_PROVIDER: 'oidc',
        OAUTH2_OIDC_PROVIDER_NAME: 'Authelia',
        OAUTH2_REDIRECT_URL: `https://feeds.${c.domains.internal}/oauth2/oidc/callback`,
        OAUTH2_USER_CREATION: '1',
        METRICS_COLLECTOR: '1',
        METRICS_ALLOWED_NETWORKS: '0.0.0.0/0',
      },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      probes: { check: { path: '/healthz', port: 8080 }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 }, readiness: { path: '/readyz' } },
    },
    routes: [{ gateway: 'internal', subdomain: 'feeds', port: 8080, homepage: { name: 'Miniflux', group: 'Apps', icon: 'miniflux.svg' } }],
    sso: {
      oidc: {
        clientName: 'Miniflux',
        redirectUris: ['/oauth2/oidc/callback'],
        issuer: 'external',
        env: { issuer: 'OAUTH2_OIDC_DISCOVERY_ENDPOINT', clientId: 'OAUTH2_CLIENT_ID', clientSecret: 'OAUTH2_CLIENT_SECRET' },
      },
    },
    serviceMonitor: { port: 'http', path: '/metrics' },
    // Miniflux's metric package (internal/metric): three histograms without a unit suffix, gauges read from the database.
    metrics: [
      ...histogram(REFRESH, 'miniflux_scraper_request_duration', 'miniflux_archive_entries_duration'),
      'miniflux_users', 'miniflux_feeds', 'miniflux_broken_feeds', 'miniflux_entries', 'miniflux_db_open_connections', 'miniflux_db_connections_in_use',
      'miniflux_db_connections_idle', 'miniflux_db_connections_wait_count', 'miniflux_db_connections_max_idle_closed', 'miniflux_db_connections_max_idle_time_closed',
      'miniflux_db_connections_max_lifetime_closed',
    ],
    alerts: [
      { alert: 'MinifluxDown', expr: 'absent(up{namespace="miniflux"} == 1)', for: '5m', severity: 'critical', summary: 'Miniflux has not been scraped successfully for 5 minutes', description: 'No successful scrape of Miniflux\'s /metrics for 5 minutes: the pod is down or its metrics endpoint is off.', runbook: 'apps.md#miniflux' },
      {
        alert: 'MinifluxHighFeedRefreshErrorRate',
        expr: `sum(rate(${REFRESH}_count{status="error"}[15m])) / sum(rate(${REFRESH}_count[15m])) > 0.1`,
        for: '15m', severity: 'warning',
        summary: 'More than 10% of Miniflux feed refreshes fail',
        description: 'Over 15 minutes more than a tenth of the background feed refreshes errored: Miniflux\'s egress or DNS, if it is not the sites.',
        runbook: 'apps.md#miniflux',
      },
      { alert: 'MinifluxBrokenFeedsHigh', expr: 'sum(miniflux_broken_feeds) > 5', for: '30m', severity: 'warning', summary: 'More than 5 Miniflux feeds are broken', description: 'Miniflux counts more than 5 feeds whose refresh keeps failing; usually the sites, not Miniflux.', runbook: 'apps.md#miniflux' },
    ],
    dashboard: {
      folder: 'Applications',
      json: dashboardJson({
        uid: 'miniflux',
        title: 'Miniflux',
        panels: [
          statPanel('Up', ['min(up{namespace="miniflux"})'], { w: 6, t: [1] }),
          statPanel('Users', ['max(miniflux_users)'], { w: 6 }),
          statPanel('Feeds', ['sum(miniflux_feeds)'], { w: 6 }),
          statPanel('Broken feeds', ['max(miniflux_broken_feeds)'], { w: 6, t: [1, 5] }),
          graph('Feeds by status', [promq('sum by (status) (miniflux_feeds)', '{{status}}')]),
          graph('Entries by status', [promq('sum by (status) (miniflux_entries)', '{{status}}')]),
          graph('Feed refresh p99', [promq(`histogram_quantile(0.99, sum by (le) (rate(${REFRESH}_bucket[$__rate_interval])))`, 'p99')], { unit: 's' }),
          graph('Feed refresh errors', [promq(`sum(rate(${REFRESH}_count{status="error"}[$__rate_interval])) / sum(rate(${REFRESH}_count[$__rate_interval]))`, 'error ratio')], { unit: 'percentunit' }),
          graph('Scraper p99', [promq('histogram_quantile(0.99, sum by (le) (rate(miniflux_scraper_request_duration_bucket[$__rate_interval])))', 'p99')], { unit: 's' }),
          graph('Database pool', [promq('max(miniflux_db_connections_in_use)', 'in use'), promq('max(miniflux_db_connections_idle)', 'idle'), promq('max(miniflux_db_open_connections)', 'open')]),
          graph('Database pool waits', [promq('max(miniflux_db_connections_wait_count)', 'waits')], { w: 24, h: 6 }),
        ],
      }),
    },
  }),
});
