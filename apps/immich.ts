// Immich: photo library (standard profile, external route). Declared with typed app-template values
// (the chart variant) since it runs two controllers. Its Postgres is a cluster of its own: the server needs
// the VectorChord image with `vchord.so` preloaded for its vector search, which the shared cluster is not;
// Dragonfly is the shared one. Server and machine learning run one release (the ML image is its `-cuda`
// build, on the GPU); the ML model cache is a claim of its own so models survive restarts.
import { GPU } from '../lib/app/container.js';
import { defineApp } from '../lib/app/define.js';
import type { HomelabAppProps } from '../lib/app/props.js';

/** Prometheus ports of the server's API and job workers (IMMICH_TELEMETRY_INCLUDE=all turns them on). */
const METRICS = { api: 8081, microservices: 8082 } as const;


export default defineApp({
  name: 'immich',
  clusters: ['live'],
  props: (c): HomelabAppProps => {
    const fromSecret = (ref: { secret: string; key: string }) => ({ secretKeyRef: { name: ref.secret, key: ref.key } });
    const env = [
      { name: 'DB_HOSTNAME', value: c.services.postgres.ownHost },
      { name: 'DB_PORT', value: String(c.services.postgres.port) },
      { name: 'DB_DATABASE_NAME', value: 'immich' },
      { name: 'DB_USERNAME', valueFrom: fromSecret(c.services.postgres.username) },
      { name: 'DB_PASSWORD', valueFrom: fromSecret(c.services.postgres.password) },
      { name: 'REDIS_HOSTNAME', value: c.services.dragonfly.host },
      { name: 'REDIS_PORT', value: String(c.services.dragonfly.port) },
      { name: 'REDIS_PASSWORD', valueFrom: fromSecret(c.services.dragonfly.password) },
      { name: 'IMMICH_TELEMETRY_INCLUDE', value: 'all' },
    ];
    const tag = c.version('immich_version');
    return {
      name: 'immich',
      profile: 'standard',
      podSecurity: 'baseline',
      database: {
        cluster: {
          image: { repository: 'ghcr.io/tensorchord/cloudnative-vectorchord', versionKey: 'vectorchord_version' },
          size: '10Gi',
          sharedPreloadLibraries: ['vchord.so'],
          // vchord builds on pgvector; earthdistance (reverse geocoding) on cube.
          extensions: ['vector', 'vchord', 'cube', 'earthdistance'],
          parameters: { shared_buffers: '128MB', max_connections: '100' },
          resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '2Gi' } },
        },
      },
      cache: true,
      backup: true,
      // Mounted per controller below: the library in the server, the model cache in machine learning.
      volumes: [
        { name: 'library', storageClass: 'slow', size: '500Gi', accessMode: 'ReadWriteMany' },
        // Models are downloaded again when lost: not worth a backup.
        { name: 'cache', storageClass: 'fast', size: '10Gi', backup: false },
      ],
      dependsOnPlatform: ['nvidia-device-plugin', 'kube-prometheus-stack-crds'],
      chart: {
        values: {
          controllers: {
            server: {
              containers: {
                app: {
                  image: { repository: 'ghcr.io/immich-app/immich-server', tag },
                  env,
                  resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '4Gi' } },
                },
              },
            },
            'machine-learning': {
              // One GPU on the node: a rolling update would wait for the old pod's device forever.
              strategy: 'Recreate',
              pod: { runtimeClassName: GPU.runtimeClassName, nodeSelector: { ...GPU.nodeSelector } },
              containers: {
                app: {
                  image: { repository: 'ghcr.io/immich-app/immich-machine-learning', tag: `${tag}-cuda` },
                  env: [
                    { name: 'TRANSFORMERS_CACHE', value: '/cache' },
                    { name: 'HF_XET_CACHE', value: '/cache/huggingface-xet' },
                    { name: 'MPLCONFIGDIR', value: '/cache/matplotlib-config' },
                  ],
                  resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '8Gi', [GPU.resource]: '1' } },
                },
              },
            },
          },
          persistence: {
            library: { advancedMounts: { server: { app: [{ path: '/usr/src/app/upload' }] } } },
            cache: { advancedMounts: { 'machine-learning': { app: [{ path: '/cache' }] } } },
          },
          service: {
            app: {
              controller: 'server',
              forceRename: 'immich',
              ports: { http: { port: 2283 }, 'metrics-api': { port: METRICS.api }, 'metrics-ms': { port: METRICS.microservices } },
            },
            'machine-learning': { controller: 'machine-learning', ports: { http: { port: 3003 } } },
          },
          serviceMonitor: {
            app: {
              serviceName: 'immich',
              endpoints: (['metrics-api', 'metrics-ms'] as const).map((port) => ({ port, scheme: 'http', path: '/metrics', interval: '1m', scrapeTimeout: '30s' })),
            },
          },
        },
      },
      routes: [{ gateway: 'external', subdomain: 'photos', port: 2283, homepage: { name: 'Immich', group: 'Apps', icon: 'immich.svg' } }],
      // OAuth is configured in Immich's admin UI (issuer, client id and the replicated secret's value).
      // Latency SLO as the reference measured it (observability.md §4).
      slo: { latencyMs: 2500 },
      sso: {
        oidc: {
          clientName: 'Immich',
          redirectUris: ['/auth/login', '/user-settings', 'app.immich:///oauth-callback'],
          policy: { groups: ['photos'] },
          tokenEndpointAuthMethod: 'client_secret_post',
          unsignedUserinfo: true,
        },
      },
      // The reference's check: the web root (API paths move between majors; the UI root stays).
      canary: { path: '/', responseCodes: [200] },
    };
  },
});
