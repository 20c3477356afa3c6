import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';
import { toYaml } from '../lib/core/yaml.js';
import type { Versions } from '../lib/versions/versions.js';
import { KROMGO_RECORDS, kromgoRecord } from '../lib/observability/mixins/kromgo.js';
import { ObservabilitySystem } from '../lib/observability/system.js';

export const KROMGO = { namespace: 'kromgo', configMap: 'kromgo-config', port: 8080 } as const;
const PROMETHEUS_URL = 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090';

/** One public badge: a PromQL query whose single value kromgo serves as a shields.io endpoint. */
export interface KromgoMetric {
  readonly name: string;
  readonly query: string;
  readonly suffix?: string;
}

/** Badge units, by badge name (values come from the kromgo recording rules). */
const SUFFIXES: Readonly<Record<string, string>> = { cluster_uptime_days: 'd', cluster_cpu_usage_percent: '%', cluster_memory_usage_percent: '%', cluster_power_usage_watts: 'W' };

/** The cluster facts kromgo publishes: one per recording rule of lib/observability/mixins/kromgo.ts. */
export const kromgoMetrics: readonly KromgoMetric[] = Object.keys(KROMGO_RECORDS).map((name) => ({
  name,
  query: kromgoRecord(name),
  ...(SUFFIXES[name] ? { suffix: SUFFIXES[name] } : {}),
}));

/** kromgo's configuration, as the ConfigMap its release mounts (must exist before the release). */
export function addKromgoConfig(scope: Construct): void {
  const system = ObservabilitySystem.of(scope);
  for (const m of kromgoMetrics) system.promql(m.query, { file: 'clusters/kromgo.ts', object: `kromgo badge "${m.name}"`, field: 'query' });
  new KubeConfigMap(scope, 'config', {
    metadata: { name: KROMGO.configMap, namespace: KROMGO.namespace },
    data: { 'config.yaml': toYaml({ metrics: kromgoMetrics.map((m) => ({ ...m })) }) },
  });
}

/** app-template values running kromgo (namespace kromgo enforces the restricted PodSecurity level). */
export function kromgoValues(versions: Versions): object {
  return {
    controllers: {
      kromgo: {
        containers: {
          app: {
            image: { repository: 'ghcr.io/kashalls/kromgo', tag: versions.get('kromgo_version') },
            env: { PROMETHEUS_URL, SERVER_PORT: KROMGO.port },
            probes: {
              liveness: { enabled: true, custom: true, spec: { httpGet: { path: '/-/health', port: KROMGO.port } } },
              readiness: { enabled: true, custom: true, spec: { httpGet: { path: '/-/ready', port: KROMGO.port } } },
            },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
          },
        },
      },
    },
    defaultPodOptions: {
      priorityClassName: 'platform',
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    },
    service: { app: { controller: 'kromgo', ports: { http: { port: KROMGO.port } } } },
    persistence: {
      config: {
        type: 'configMap',
        name: KROMGO.configMap,
        globalMounts: [{ path: '/kromgo/config.yaml', subPath: 'config.yaml', readOnly: true }],
      },
    },
  };
}
