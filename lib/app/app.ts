import { KubeConfigMap, KubePersistentVolumeClaim, Quantity } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { Canary } from '../generated/crds/canaries.flanksource.com.js';
import { HttpRoute } from '../generated/crds/gateway.networking.k8s.io.js';
import { FLUX_NAMESPACE } from '../flux/defaults.js';
import { HelmRelease } from '../flux/helm-release.js';
import { HelmRepository } from '../flux/helm-repository.js';
import { SsmExternalSecret } from '../flux/ssm-secret.js';
import { configureFluxUnit } from '../flux/unit-options.js';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, ServiceMonitor } from '../generated/crds/monitoring.coreos.com.js';
import { Unit } from '../k8s/unit.js';
import { DataServices } from '../data-services/registry.js';
import type { DatabaseGrant } from '../data-services/postgres.js';
import type { CacheGrant } from '../data-services/dragonfly.js';
import { GeneratedSecret } from '../data-services/secrets.js';
import type { Versions } from '../versions/versions.js';
import type { Access } from '../netpol/access.js';
import { AppNamespace } from '../netpol/namespaces.js';
import { Peer } from '../netpol/peers.js';
import { Port } from '../netpol/ports.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import { effectiveSecurityContext, podSecurityViolations } from './pod-security.js';
import { homelabAppSchema, type GatewayName, type HomelabAppProps, type ResolvedAppProps } from './props.js';
import { AppRegistry } from './registry.js';
import { claimName, containerValues, mergeValues, persistenceValues, type Values } from './workload.js';

/** The cluster facts an app needs; resolved at synth, never substituted by Flux. */
export interface AppEnvironment {
  readonly cluster: string;
  readonly internalDomain: string;
  readonly externalDomain: string;
  /** Namespace of the internal and external Gateways routes attach to. */
  readonly gatewayNamespace: string;
  readonly versions: Versions;
}

/** The cluster's network-policy system and the shared resources apps are granted (netpol workstream). */
export interface AppNetwork {
  readonly system: NetworkPolicySystem;
  readonly postgres: Access;
  readonly dragonfly: Access;
  readonly garageS3: Access;
}

export interface HomelabAppOptions {
  readonly env: AppEnvironment;
  readonly network: AppNetwork;
  /** The file that declares the app (named in errors), e.g. `apps/paperless.ts`. */
  readonly source?: string;
  /** The cluster's platform release units by name (for `dependsOnPlatform`). */
  readonly platformReleases?: ReadonlyMap<string, Unit>;
  /** Output folder relative to the cluster root (default `apps/<name>`). */
  readonly path?: string;
}

/** A port of the props as a policy port. */
function policyPort(p: { port: number; protocol: 'TCP' | 'UDP' }): Port {
  return p.protocol === 'UDP' ? Port.udp(p.port) : Port.tcp(p.port);
}

/**
 * One application, declared once: its own folder (namespace with profile and access labels, volumes,
 * secrets, chart release, routes, canary, monitoring, extra egress) plus every object it implies
 * elsewhere, registered with the cluster's shared services (database role and Database, dragonfly
 * allow-list, garage bucket and grant, backup schedule, the target app's ingress for cross-app egress).
 */
export class HomelabApp extends Construct {
  readonly appName: string;
  readonly namespace: string;
  readonly props: ResolvedAppProps;
  readonly unit: Unit;
  readonly where: string;
  readonly env: AppEnvironment;
  /** Access labels set on the namespace (postgres, dragonfly, garage-s3, kube-api). */
  readonly access: readonly string[];
  readonly hosts: readonly string[];
  readonly database?: DatabaseGrant;
  readonly cache?: CacheGrant;
  readonly bucketSecret?: string;
  /** The app's namespace in the network-policy model (profile, access labels, extra rules). */
  readonly appNamespace: AppNamespace;

  constructor(scope: Construct, id: string, input: HomelabAppProps, options: HomelabAppOptions) {
    super(scope, id);
    const name = typeof (input as { name?: unknown }).name === 'string' ? (input as { name: string }).name : id;
    this.where = options.source ?? this.node.path;
    const parsed = homelabAppSchema.safeParse(input);
    if (!parsed.success) {
      throwIfAny(parsed.error.issues.map((i) => new SynthError(this.where, `app "${name}": ${i.message}`, i.path.join('.') || undefined)));
    }
    const props = parsed.data!;
    this.props = props;
    this.env = options.env;
    this.appName = props.name;
    this.namespace = props.namespace ?? props.name;
    const ns = this.namespace;
    const fail = (field: string, message: string): never => {
      throw new SynthError(this.where, `app "${props.name}": ${message}`, field);
    };

    AppRegistry.of(this).register(this);
    const services = DataServices.of(this);

    this.unit = new Unit(this, 'Unit', { path: options.path ?? `apps/${props.name}` });
    const unit = this.unit;

    // --- validation that needs the cluster ---
    for (const [i, r] of props.routes.entries()) {
      if (r.gateway === 'external' && props.profile !== 'standard') {
        fail(`routes.${i}.gateway`, `an external route needs the "standard" profile (external gateway ingress), but the profile is "${props.profile}"`);
      }
      if (props.profile === 'isolated') fail(`routes.${i}.gateway`, 'the "isolated" profile admits no gateway ingress, so it cannot have routes');
    }
    if (props.container) {
      const v = podSecurityViolations(props.podSecurity, effectiveSecurityContext(props.container.securityContext));
      if (v.length) fail(`container.securityContext.${v[0]!.field}`, `${v.map((x) => x.message).join('; ')} (namespace "${ns}")`);
    }
    if (props.chart) this.checkChartSecurity(props, fail);

    // --- access grants on shared services ---
    const net = options.network;
    const access = new Set<string>();
    const grants: Access[] = [];
    if (props.kubeApi) {
      access.add('kube-api');
      grants.push(net.system.kubeApi);
    }
    if (props.database) {
      const pg = services.postgres ?? fail('database', `a database was requested but cluster "${options.env.cluster}" has no CNPG postgres service (cloudnative-pg release)`);
      this.database = pg.service.addDatabase(unit, { role: props.name, namespace: ns, ...(props.database.name ? { database: props.database.name } : {}) });
      unit.dependOn(pg.unit);
      access.add('postgres');
      grants.push(net.postgres);
    }
    if (props.cache) {
      const df = services.dragonfly ?? fail('cache', `a cache was requested but cluster "${options.env.cluster}" has no dragonfly service`);
      this.cache = df.service.grantAccess(unit, ns);
      unit.dependOn(df.unit);
      access.add('dragonfly');
      grants.push(net.dragonfly);
    }
    if (props.bucket) {
      const g = services.garage ?? fail('bucket', `a bucket was requested but cluster "${options.env.cluster}" has no garage service`);
      g.service.bucket(props.name, props.bucket.maxSize ? { maxSize: props.bucket.maxSize } : {});
      this.bucketSecret = `${props.name}-s3-credentials`;
      g.service.grantReadWrite(unit, props.name, {
        namespace: ns,
        secretName: this.bucketSecret,
        accessKeyIdKey: 'access-key-id',
        secretAccessKeyKey: 'secret-access-key',
      });
      unit.dependOn(g.unit);
      access.add('garage-s3');
      grants.push(net.garageS3);
    }
    if (props.backup) {
      const b = services.backups ?? fail('backup', `backups were requested but cluster "${options.env.cluster}" has no backup schedule (velero)`);
      // The schedule names the namespace; neither side needs the other to be applied first.
      b.service.include(ns);
    }
    this.access = [...access].sort();
    for (const [i, r] of props.dependsOnPlatform.entries()) {
      const release = options.platformReleases?.get(r);
      if (!release) fail(`dependsOnPlatform.${i}`, `dependsOnPlatform names release "${r}", which cluster "${options.env.cluster}" does not deploy`);
      unit.dependOn(release!);
    }

    this.appNamespace = new AppNamespace(unit, 'Namespace', {
      name: ns,
      podSecurity: props.podSecurity,
      dataplane: 'ambient',
      profile: props.profile,
      access: grants.sort((a, b) => (a.name < b.name ? -1 : 1)),
      network: net.system,
    });

    // --- volumes ---
    for (const v of props.volumes) {
      new KubePersistentVolumeClaim(unit, `Volume-${v.name}`, {
        metadata: { name: claimName(props.name, v.name), namespace: ns },
        spec: { accessModes: [v.accessMode], storageClassName: v.storageClass, resources: { requests: { storage: Quantity.fromString(v.size) } } },
      });
    }

    // --- secrets ---
    const store = services.secretStore;
    for (const [i, s] of props.secrets.ssm.entries()) {
      if (!store) fail(`secrets.ssm.${i}`, `cluster "${options.env.cluster}" has no ClusterSecretStore for SSM`);
      const data = s.data.map((d, j) => {
        const key = d.key.startsWith('/') ? d.key : `${store!.defaultPrefix}${d.key}`;
        if (!store!.allowedPrefixes.some((p) => key.startsWith(p)) || key.split('/').includes('..')) {
          fail(`secrets.ssm.${i}.data.${j}.key`, `SSM key "${key}" is outside the allowed prefixes ${store!.allowedPrefixes.join(', ')}`);
        }
        return [d.secretKey, { key, ...(d.property ? { property: d.property } : {}) }] as const;
      });
      new SsmExternalSecret(unit, `ExternalSecret-${s.name}`, { name: s.name, namespace: ns, allowedPrefixes: store!.allowedPrefixes, data: Object.fromEntries(data) });
      if (store!.unit) unit.dependOn(store!.unit);
    }
    for (const s of props.secrets.generated) {
      new GeneratedSecret(unit, `Secret-${s.name}`, { name: s.name, namespace: ns, keys: s.keys, length: s.length, encoding: s.encoding });
    }

    // --- workload (Flux HelmRelease, chart rendered in-cluster) ---
    const chart = props.chart ?? { name: 'app-template', repository: 'oci://ghcr.io/bjw-s-labs/helm', versionKey: 'app_template_version', values: {} };
    const chartVersion = options.env.versions.get(chart.versionKey);
    let values: Values = props.container
      ? containerValues(props, props.container, options.env.versions.get(props.container.image.versionKey))
      : chart.values;
    if (chart.name === 'app-template' && props.volumes.length) values = mergeValues({ persistence: persistenceValues(props) }, values);
    const repository = new HelmRepository(unit, 'HelmRepository', { name: props.name, url: chart.repository });
    new HelmRelease(unit, 'HelmRelease', { name: props.name, targetNamespace: ns, chart: chart.name, version: chartVersion, repository, values });
    // The app's Kustomization is ready when its release is, so units depending on the app wait for it.
    configureFluxUnit(unit, { healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: props.name, namespace: FLUX_NAMESPACE }] });
    if (this.database || this.cache || props.secrets.generated.length) unit.dependOn(...services.secretOperators);

    // --- routes and canary ---
    const hosts: string[] = [];
    for (const r of props.routes) {
      const domain = r.gateway === 'internal' ? options.env.internalDomain : options.env.externalDomain;
      const host = `${r.subdomain ?? props.name}.${domain}`;
      hosts.push(host);
      new HttpRoute(unit, `Route-${r.gateway}-${host}`, {
        metadata: { name: `${(r.subdomain ?? props.name).replace(/\./g, '-')}-${r.gateway}`, namespace: ns },
        spec: {
          parentRefs: [{ name: r.gateway, namespace: options.env.gatewayNamespace, sectionName: 'https' }],
          hostnames: [host],
          rules: [{ backendRefs: [{ name: r.service ?? props.name, port: r.port }] }],
        },
      });
    }
    this.hosts = hosts;
    if (props.canary !== false && hosts.length) {
      const c = props.canary ?? { path: '/', responseCodes: [200] };
      new Canary(unit, 'Canary', {
        metadata: { name: `http-check-${props.name}`, namespace: ns },
        spec: {
          schedule: '@every 1m',
          http: hosts.map((h) => ({ name: h, url: `https://${h}${c.path}`, responseCodes: c.responseCodes, maxSslExpiry: 7, thresholdMillis: 5000 })),
        },
      });
    } else if (props.canary && !hosts.length) {
      fail('canary', 'a canary checks the app through its route, but the app declares no route');
    }

    // --- monitoring ---
    if (props.serviceMonitor) {
      const sm = props.serviceMonitor;
      new ServiceMonitor(unit, 'ServiceMonitor', {
        metadata: { name: props.name, namespace: ns },
        spec: { selector: { matchLabels: { 'app.kubernetes.io/instance': props.name } }, endpoints: [{ port: sm.port, path: sm.path, interval: sm.interval }] },
      });
    }
    if (props.alerts.length) {
      new PrometheusRule(unit, 'PrometheusRule', {
        metadata: { name: props.name, namespace: ns },
        spec: {
          groups: [
            {
              name: `${props.name}.rules`,
              rules: props.alerts.map((a) => ({
                alert: a.alert,
                expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
                for: a.for,
                labels: { severity: a.severity },
                annotations: { summary: a.summary },
              })),
            },
          ],
        },
      });
    }
    if (props.dashboard) {
      new KubeConfigMap(unit, 'Dashboard', {
        metadata: { name: `${props.name}-dashboard`, namespace: 'monitoring', labels: { grafana_dashboard: 'true' }, annotations: { grafana_folder: props.dashboard.folder } },
        data: { [`${props.name}.json`]: `${JSON.stringify(sortedJson(props.dashboard.json), null, 2)}\n` },
      });
    }

    // --- extra egress and world ingress (policies by the netpol builder); app-to-app rules in connect() ---
    const e = props.egress;
    if (e.world.length) this.appNamespace.allowEgress(Peer.world(), policyPort(e.world[0]!), ...e.world.slice(1).map(policyPort));
    for (const f of e.fqdns) this.appNamespace.allowEgress(Peer.fqdn(f.name), policyPort(f));
    if (props.exposed.length) {
      if (props.profile === 'isolated') fail('exposed', 'the "isolated" profile admits no ingress, so it cannot expose ports to the world');
      this.appNamespace.allowIngress(Peer.world(), policyPort(props.exposed[0]!), ...props.exposed.slice(1).map(policyPort));
    }
    for (const w of e.world) net.system.addWorldEgressException({ namespace: ns, port: policyPort(w), reason: `app ${props.name}: ${w.reason}` });
  }

  /** Resolves references to other apps (called once by the registry after every app is declared). */
  connect(registry: AppRegistry): void {
    const e = this.props.egress;
    for (const [i, a] of e.apps.entries()) {
      const target = registry.get(a.app);
      if (!target) throw new SynthError(this.where, `app "${this.appName}": egress to unknown app "${a.app}" on cluster "${this.env.cluster}"`, `egress.apps.${i}.app`);
      if (target === this) throw new SynthError(this.where, `app "${this.appName}": egress to itself is always allowed`, `egress.apps.${i}.app`);
      this.appNamespace.allowTo(target.appNamespace, policyPort(a));
    }
    for (const [i, d] of this.props.dependsOn.entries()) {
      const target = registry.get(d);
      if (!target) throw new SynthError(this.where, `app "${this.appName}": dependsOn unknown app "${d}" on cluster "${this.env.cluster}"`, `dependsOn.${i}`);
      this.unit.dependOn(target.unit);
    }
  }

  /** The gateway of each route. */
  get gateways(): readonly GatewayName[] {
    return this.props.routes.map((r) => r.gateway);
  }

  /** Checks app-template container security contexts against the namespace's PodSecurity level. */
  private checkChartSecurity(props: ResolvedAppProps, fail: (field: string, message: string) => never): void {
    if (props.chart?.name !== 'app-template' || props.podSecurity === 'privileged') return;
    const values = props.chart.values as { defaultPodOptions?: { securityContext?: Values }; controllers?: Record<string, { containers?: Record<string, { securityContext?: Values }>; pod?: { securityContext?: Values } }> };
    const podSc = values.defaultPodOptions?.securityContext ?? {};
    for (const [cn, ctrl] of Object.entries(values.controllers ?? {})) {
      for (const [name, c] of Object.entries(ctrl.containers ?? {})) {
        const effective = { ...podSc, ...ctrl.pod?.securityContext, ...c.securityContext } as never;
        const v = podSecurityViolations(props.podSecurity, effective);
        if (v.length) fail(`chart.values.controllers.${cn}.containers.${name}.securityContext.${v[0]!.field}`, `${v.map((x) => x.message).join('; ')} (namespace "${props.namespace ?? props.name}")`);
      }
    }
  }
}

/** A JSON value with object keys sorted at every level (deterministic dashboard files). */
function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedJson((v as Record<string, unknown>)[k])]));
  return v;
}
