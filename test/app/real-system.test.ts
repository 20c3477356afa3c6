// "Would it run on the real homelab?": what a pod needs at run time that no schema checks — every Secret a
// release reads exists in its namespace with that key, every `$(VAR)` an env value expands is defined before
// it, the paths an app's image writes are writable, the GPU workloads land on the GPU, and the app-specific
// facts of immich, paperless, homepage and open-webui behind them.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkGpuCapacity, GPU_TIME_SLICES } from '../../clusters/gpu.js';
import type { HomelabApp } from '../../lib/app/app.js';
import { Endpoints, PolicyModel } from '../../lib/netpol/reachability.js';
import { synthHomelab } from '../helpers.js';
import { clusters } from '../model.js';
import { versions } from './helpers.js';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: any; data?: Record<string, string>; stringData?: Record<string, string> };

const out = synthHomelab();
const objectsOf = (cluster: string): Obj[] => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as Obj);
const find = (cluster: string, kind: string, ns: string | undefined, name: string): any => {
  const hit = objectsOf(cluster).find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === ns);
  if (!hit) throw new Error(`${cluster}: no ${kind} ${ns ?? ''}/${name}`);
  return hit;
};
const release = (cluster: string, name: string) => find(cluster, 'HelmRelease', 'flux-system', name);

/**
 * The Secrets each namespace gets and, where the output says, their keys (undefined = not knowable from
 * the output: a replica of another Secret, an operator-written one).
 */
function secretsByNamespace(objects: readonly Obj[]): Map<string, Map<string, Set<string> | undefined>> {
  const out = new Map<string, Map<string, Set<string> | undefined>>();
  const add = (ns: string | undefined, name: string, keys: Set<string> | undefined) => {
    if (!out.has(ns ?? '')) out.set(ns ?? '', new Map());
    out.get(ns ?? '')!.set(name, keys);
  };
  for (const o of objects) {
    const ns = o.metadata.namespace;
    const annotations = o.metadata.annotations ?? {};
    if (o.kind === 'Secret') {
      const generated = annotations['secret-generator.v1.mittwald.de/autogenerate']?.split(',') ?? [];
      const replica = 'replicator.v1.mittwald.de/replicate-from' in annotations;
      add(ns, o.metadata.name, replica ? undefined : new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {}), ...generated]));
    } else if (o.kind === 'ExternalSecret') {
      const target = o.spec.target?.name ?? o.metadata.name;
      const templated = Object.keys(o.spec.target?.template?.data ?? {});
      const keys = o.spec.dataFrom ? undefined : new Set<string>([...(o.spec.data ?? []).map((d: { secretKey: string }) => d.secretKey), ...templated]);
      add(ns, target, o.spec.target?.template?.data && !templated.length ? undefined : keys);
    } else if (o.kind === 'GarageKey') {
      add(ns, o.spec.secretTemplate?.name ?? o.metadata.name, undefined);
    } else if (o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/')) {
      for (const suffix of ['app', 'superuser']) add(ns, `${o.metadata.name}-${suffix}`, undefined);
    }
  }
  return out;
}

interface SecretRead {
  readonly name: string;
  readonly key?: string;
  readonly at: string;
}

/** Every Secret (and key) a chart's values make a pod read: env refs, envFrom, secret volumes, chart `existingSecret` keys. */
function secretReads(values: unknown, at = 'values', reads: SecretRead[] = []): SecretRead[] {
  if (Array.isArray(values)) {
    values.forEach((v, i) => secretReads(v, `${at}[${i}]`, reads));
  } else if (values && typeof values === 'object') {
    const v = values as Record<string, any>;
    if (v.secretKeyRef?.name) reads.push({ name: v.secretKeyRef.name, key: v.secretKeyRef.key, at });
    if (v.secretRef?.name) reads.push({ name: v.secretRef.name, at });
    // A scrape's authorization (Prometheus operator SecretKeySelector).
    if (typeof v.credentials?.name === 'string' && typeof v.credentials?.key === 'string') reads.push({ name: v.credentials.name, key: v.credentials.key, at: `${at}.credentials` });
    if (v.type === 'secret' && typeof v.name === 'string') reads.push({ name: v.name, at });
    if (typeof v.secret?.secretName === 'string') reads.push({ name: v.secret.secretName, at });
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && x && /existingSecret$/i.test(k)) reads.push({ name: x, key: typeof v[`${k}Key`] === 'string' ? v[`${k}Key`] : undefined, at: `${at}.${k}` });
      else secretReads(x, `${at}.${k}`, reads);
    }
  }
  return reads;
}

/** Every container env list in a release's values (app-template containers and init containers, charts' extraEnvVars). */
function envLists(values: any): Array<{ at: string; env: Array<{ name: string; value?: string }> }> {
  const lists: Array<{ at: string; env: Array<{ name: string; value?: string }> }> = [];
  for (const [controller, c] of Object.entries<any>(values?.controllers ?? {})) {
    for (const kind of ['containers', 'initContainers']) {
      for (const [name, container] of Object.entries<any>(c?.[kind] ?? {})) {
        if (Array.isArray(container?.env)) lists.push({ at: `controllers.${controller}.${kind}.${name}.env`, env: container.env });
      }
    }
  }
  if (Array.isArray(values?.extraEnvVars)) lists.push({ at: 'extraEnvVars', env: values.extraEnvVars });
  return lists;
}

const CLUSTERS = out.clusters.map((c) => c.name);

describe.each(CLUSTERS)('%s: what every release reads at run time exists', (cluster) => {
  const objects = objectsOf(cluster);
  const secrets = secretsByNamespace(objects);
  const releases = objects.filter((o) => o.kind === 'HelmRelease');

  it('every Secret a release\'s values read is written in its namespace, with the key read', () => {
    const missing: string[] = [];
    let reads = 0;
    for (const hr of releases) {
      const ns = hr.spec.targetNamespace ?? hr.metadata.namespace;
      for (const r of secretReads(hr.spec.values ?? {})) {
        if (r.name.includes('{{')) continue; // a chart template, resolved by the chart itself
        reads++;
        const inNs = secrets.get(ns);
        if (!inNs?.has(r.name)) missing.push(`${hr.metadata.name}: ${r.at} reads Secret ${ns}/${r.name}, which nothing writes`);
        else if (r.key && inNs.get(r.name) && !inNs.get(r.name)!.has(r.key)) missing.push(`${hr.metadata.name}: ${r.at} reads key "${r.key}" of ${ns}/${r.name}, which has ${[...inNs.get(r.name)!].join(', ')}`);
      }
    }
    expect(missing).toEqual([]);
    if (cluster === 'live') expect(reads).toBeGreaterThan(50);
  });

  it('every release installs from a HelmRepository that exists, one per chart repository URL', () => {
    const repositories = objects.filter((o) => o.kind === 'HelmRepository');
    const names = new Set(repositories.map((r) => r.metadata.name));
    expect(new Set(repositories.map((r) => r.spec.url)).size).toBe(repositories.length);
    for (const hr of releases) {
      const ref = hr.spec.chart.spec.sourceRef;
      expect(ref.kind, hr.metadata.name).toBe('HelmRepository');
      expect(names.has(ref.name), `${hr.metadata.name} -> ${ref.name}`).toBe(true);
    }
    expect(repositories.length).toBeLessThan(releases.length);
  });

  it('every claim and ConfigMap a release mounts exists in its namespace', () => {
    const have = new Set(objects.filter((o) => o.kind === 'PersistentVolumeClaim' || o.kind === 'ConfigMap').map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    const missing: string[] = [];
    let mounts = 0;
    for (const hr of releases) {
      const ns = hr.spec.targetNamespace ?? hr.metadata.namespace;
      for (const [name, p] of Object.entries<any>(hr.spec.values?.persistence ?? {})) {
        const ref = p.existingClaim ? `PersistentVolumeClaim/${ns}/${p.existingClaim}` : p.type === 'configMap' && p.name ? `ConfigMap/${ns}/${p.name}` : undefined;
        if (!ref || ref.includes('{{')) continue;
        mounts++;
        if (!have.has(ref)) missing.push(`${hr.metadata.name}: persistence.${name} mounts ${ref}, which nothing creates`);
      }
    }
    expect(missing).toEqual([]);
    if (cluster === 'live') expect(mounts).toBeGreaterThan(20);
  });

  it('every $(VAR) an env value expands is defined earlier in the same container (Kubernetes leaves it literal otherwise)', () => {
    const broken: string[] = [];
    let expansions = 0;
    for (const hr of releases) {
      for (const { at, env } of envLists(hr.spec.values)) {
        const defined = new Set<string>();
        for (const e of env) {
          for (const [, ref] of (e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
            expansions++;
            if (!defined.has(ref!)) broken.push(`${hr.metadata.name}: ${at} ${e.name} expands $(${ref}) before it is defined`);
          }
          defined.add(e.name);
        }
      }
    }
    expect(broken).toEqual([]);
    if (cluster === 'live') expect(expansions).toBeGreaterThan(5);
  });

  it('every probe that names its port names a port of the probed container (the kubelet looks nowhere else)', () => {
    const unresolved: string[] = [];
    let named = 0;
    for (const hr of releases) {
      for (const [controller, c] of Object.entries<any>(hr.spec.values?.controllers ?? {})) {
        for (const kind of ['containers', 'initContainers']) {
          for (const [name, container] of Object.entries<any>(c?.[kind] ?? {})) {
            const ports = new Set((container.ports ?? []).map((p: { name?: string }) => p.name));
            for (const [probe, p] of Object.entries<any>(container.probes ?? {})) {
              const port = p?.spec?.httpGet?.port ?? p?.spec?.tcpSocket?.port;
              if (typeof port !== 'string' || port.includes('{{')) continue;
              named++;
              if (!ports.has(port)) unresolved.push(`${hr.metadata.name}: controllers.${controller}.${kind}.${name}.probes.${probe} uses port "${port}", which the container does not declare`);
            }
          }
        }
      }
    }
    expect(unresolved).toEqual([]);
    if (cluster === 'live') expect(named).toBeGreaterThan(20);
  });
});

describe('immich (live) runs one release across server, machine learning and its database', () => {
  const values = release('live', 'immich').spec.values;
  const server = values.controllers.server;
  const ml = values.controllers['machine-learning'];

  it('the server runs the pinned release; machine learning runs its CUDA build of the same release', () => {
    const tag = versions.get('immich_version');
    expect(server.containers.app.image).toEqual({ repository: 'ghcr.io/immich-app/immich-server', tag });
    expect(ml.containers.app.image).toEqual({ repository: 'ghcr.io/immich-app/immich-machine-learning', tag: `${tag}-cuda` });
    expect(find('live', 'Cluster', 'database', 'immich-database').spec.imageName).toBe(`ghcr.io/tensorchord/cloudnative-vectorchord:${versions.get('vectorchord_version')}`);
  });

  it('machine learning is scheduled on the GPU node with one GPU, after the device plugin, and never surges', () => {
    expect(ml.pod).toMatchObject({ runtimeClassName: 'nvidia', nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    expect(ml.containers.app.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(ml.strategy).toBe('Recreate');
    expect(find('live', 'RuntimeClass', undefined, 'nvidia').handler).toBe('nvidia');
    const ks = find('live', 'Kustomization', 'flux-system', 'immich');
    expect(ks.spec.dependsOn).toContainEqual(expect.objectContaining({ name: 'nvidia-device-plugin' }));
  });

  it('the model cache is a claim of its own at /cache (not backed up) and every cache path points into it', () => {
    expect(values.persistence.cache).toEqual({ existingClaim: 'immich-cache', advancedMounts: { 'machine-learning': { app: [{ path: '/cache' }] } } });
    const claim = find('live', 'PersistentVolumeClaim', 'immich', 'immich-cache');
    expect(claim.metadata.labels).toEqual({ 'velero.io/exclude-from-backup': 'true' });
    for (const e of ml.containers.app.env) expect(e.value, e.name).toMatch(/^\/cache(\/|$)/);
  });

  it('the library is the reference\'s RWX claim, in the backup, mounted in the server only', () => {
    expect(values.persistence.library).toEqual({ existingClaim: 'immich-library', advancedMounts: { server: { app: [{ path: '/usr/src/app/upload' }] } } });
    const claim = find('live', 'PersistentVolumeClaim', 'immich', 'immich-library');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.metadata.labels?.['velero.io/exclude-from-backup']).toBeUndefined();
  });

  it('the server exports its metrics and the ServiceMonitor scrapes ports the Service has', () => {
    expect(server.containers.app.env).toContainEqual({ name: 'IMMICH_TELEMETRY_INCLUDE', value: 'all' });
    const ports = Object.keys(values.service.app.ports);
    const endpoints = values.serviceMonitor.app.endpoints.map((e: { port: string }) => e.port);
    expect(endpoints.length).toBe(2);
    for (const p of endpoints) expect(ports).toContain(p);
    expect(values.serviceMonitor.app.serviceName).toBe(values.service.app.forceRename);
  });
});

describe('paperless: what its s6-overlay image needs when it runs as uid 1000', () => {
  for (const cluster of ['live', 'dev']) {
    it(`${cluster}: /run is an emptyDir handed to the app user by a root init container; /tmp and the consume folder are writable`, () => {
      const values = release(cluster, 'paperless').spec.values;
      const uid = values.defaultPodOptions.securityContext.runAsUser;
      expect(uid).toBe(1000);
      for (const [name, path] of [['run', '/run'], ['tmp', '/tmp'], ['consume', '/usr/src/paperless/consume']]) {
        expect(values.persistence[name!], name).toEqual({ type: 'emptyDir', globalMounts: [{ path }] });
      }
      const init = values.controllers.paperless.initContainers['init-run'];
      expect(init.command).toEqual(['chown', `${uid}:${values.defaultPodOptions.securityContext.runAsGroup}`, '/run']);
      expect(init.securityContext).toMatchObject({ runAsUser: 0, capabilities: { add: expect.arrayContaining(['CHOWN']) } });
    });
  }

  it('live: AI tagging points at ollama, and the policies let paperless reach it', () => {
    const env = release('live', 'paperless').spec.values.controllers.paperless.containers.app.env;
    expect(env).toContainEqual({ name: 'PAPERLESS_AI_LLM_ENDPOINT', value: 'http://ollama.ai.svc.cluster.local:11434' });
    const model = new PolicyModel(objectsOf('live'));
    expect(model.allows(Endpoints.pod('paperless'), Endpoints.pod('ai', { 'app.kubernetes.io/instance': 'ollama' }), { protocol: 'TCP', port: 11434 })).toBe(true);
    expect(release('dev', 'paperless').spec.values.controllers.paperless.containers.app.env.some((e: { name: string }) => e.name.startsWith('PAPERLESS_AI_'))).toBe(false);
  });
});

describe('homepage (live) has every configuration file it reads, on a read-only mount', () => {
  const values = release('live', 'homepage').spec.values;
  const configMap = find('live', 'ConfigMap', 'homepage', 'homepage-config');

  it('the ConfigMap holds each file Homepage requires and is mounted read-only at /app/config, logs on an emptyDir', () => {
    const required = ['settings.yaml', 'services.yaml', 'widgets.yaml', 'bookmarks.yaml', 'kubernetes.yaml', 'docker.yaml', 'proxmox.yaml', 'custom.css', 'custom.js'];
    expect(Object.keys(configMap.data).sort()).toEqual([...required].sort());
    for (const f of required.filter((r) => r.endsWith('.yaml'))) expect(() => parse(configMap.data[f]), f).not.toThrow();
    expect(values.persistence.config).toEqual({ type: 'configMap', name: 'homepage-config', globalMounts: [{ path: '/app/config', readOnly: true }] });
    expect(values.persistence.logs).toEqual({ type: 'emptyDir', globalMounts: [{ path: '/app/config/logs' }] });
  });

  it('discovers services from the routes (cluster mode, gateway on) through its ClusterRole', () => {
    expect(parse(configMap.data['kubernetes.yaml'])).toEqual({ mode: 'cluster', gateway: true });
    const rules = values.rbac.roles.homepage.rules;
    expect(rules).toContainEqual(expect.objectContaining({ apiGroups: ['gateway.networking.k8s.io'], resources: expect.arrayContaining(['httproutes', 'gateways']) }));
  });
});

describe('open-webui (live): chart settings go through the chart\'s keys, not duplicated env', () => {
  const values = release('live', 'open-webui').spec.values;
  const extra: Array<{ name: string; value?: string }> = values.extraEnvVars;

  it('settings the chart renders itself are not set again as raw env', () => {
    // enableOpenaiApi -> ENABLE_OPENAI_API, sso.mergeAccountsByEmail -> OAUTH_MERGE_ACCOUNTS_BY_EMAIL,
    // websocket.enabled -> ENABLE_WEBSOCKET_SUPPORT, databaseUrl -> DATABASE_URL (empty: ours comes from extraEnvVars).
    expect(values.enableOpenaiApi).toBe(false);
    expect(values.sso.mergeAccountsByEmail).toBe(true);
    expect(values.databaseUrl).toBe('');
    for (const chartOwned of ['ENABLE_OPENAI_API', 'OAUTH_MERGE_ACCOUNTS_BY_EMAIL', 'ENABLE_WEBSOCKET_SUPPORT']) {
      expect(extra.map((e) => e.name)).not.toContain(chartOwned);
    }
  });

  it('websockets are on with the Dragonfly manager from extraEnvVars (the chart sets no manager of its own)', () => {
    expect(values.websocket).toEqual({ enabled: true, manager: '', redis: { enabled: false } });
    expect(extra).toContainEqual({ name: 'WEBSOCKET_MANAGER', value: 'redis' });
    expect(extra.find((e) => e.name === 'WEBSOCKET_REDIS_URL')?.value).toMatch(/^redis:\/\/:\$\(DRAGONFLY_PASS\)@dragonfly\.cache\.svc\.cluster\.local:6379\/\d$/);
  });
});

describe('GPU: every pod that asks for one gets one', () => {
  /** `nvidia.com/gpu` limits × replicas across every release's app-template controllers. */
  const gpuPods = (cluster: string) =>
    objectsOf(cluster)
      .filter((o) => o.kind === 'HelmRelease')
      .flatMap((hr) => Object.values<any>(hr.spec.values?.controllers ?? {}).map((c) => (c.replicas ?? 1) * Object.values<any>(c.containers ?? {}).reduce((n, ct) => n + Number(ct.resources?.limits?.['nvidia.com/gpu'] ?? 0), 0)))
      .reduce((a, b) => a + b, 0);

  it.each(CLUSTERS)('%s: the device plugin time-slices each card, and the GPU pods fit the cards × slices', (cluster) => {
    const cards = clusters[cluster as keyof typeof clusters].hosts.filter((h) => h.features.nvidia).length;
    const pods = gpuPods(cluster);
    expect(pods).toBeLessThanOrEqual(cards * GPU_TIME_SLICES);
    if (!cards) return;
    const config = parse(release(cluster, 'nvidia-device-plugin').spec.values.config.map.default);
    expect(config.sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: GPU_TIME_SLICES }]);
    // live shares its one card between several apps: without slicing all but one would stay Pending.
    if (cluster === 'live') expect(pods).toBeGreaterThan(cards);
  });

  it('an app beyond the cards × slices is a synth error naming its file and field', () => {
    const live = clusters.live;
    const capacity = live.hosts.filter((h) => h.features.nvidia).length * GPU_TIME_SLICES;
    const gpuApp = (i: number) => ({ appName: `gpu${i}`, where: `apps/gpu${i}.ts`, props: { container: { gpu: true, replicas: 1 } } }) as unknown as HomelabApp;
    const fits = Array.from({ length: capacity }, (_, i) => gpuApp(i));
    expect(() => checkGpuCapacity(live, fits)).not.toThrow();
    expect(() => checkGpuCapacity(live, [...fits, gpuApp(capacity)])).toThrow(
      new RegExp(`^apps/gpu${capacity}\\.ts \\(container\\.gpu\\): asks for nvidia\\.com/gpu, but cluster "live" advertises ${capacity} `),
    );
  });
});

describe('home-assistant (live): its metrics scrape and its Ollama integration', () => {
  it('the ServiceMonitor authenticates with the token the app owner seeds to SSM, on the Service Home Assistant serves', () => {
    const values = release('live', 'home-assistant').spec.values;
    const [endpoint] = values.serviceMonitor.app.endpoints;
    expect(endpoint).toMatchObject({ port: 'http', path: '/api/prometheus', authorization: { type: 'Bearer', credentials: { name: 'hass-prometheus-token', key: 'token' } } });
    expect(Object.keys(values.service.app.ports)).toContain(endpoint.port);
    const es = find('live', 'ExternalSecret', 'home-assistant', 'hass-prometheus-token');
    expect(es.spec.data).toEqual([expect.objectContaining({ secretKey: 'token', remoteRef: expect.objectContaining({ key: expect.stringMatching(/\/home-assistant\/prometheus-token$/) }) })]);
    expect(find('live', 'Kustomization', 'flux-system', 'home-assistant').spec.dependsOn).toContainEqual({ name: 'kube-prometheus-stack-crds' });
  });

  it('reaches ollama, as the reference\'s hass-ollama-egress allowed', () => {
    const model = new PolicyModel(objectsOf('live'));
    expect(model.allows(Endpoints.pod('home-assistant'), Endpoints.pod('ai', { 'app.kubernetes.io/instance': 'ollama' }), { protocol: 'TCP', port: 11434 })).toBe(true);
  });
});
