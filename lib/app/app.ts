import { Construct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import type { CacheGrant } from '../data-services/dragonfly.js';
import type { BucketGrant } from '../data-services/garage.js';
import type { DatabaseGrant } from '../data-services/postgres.js';
import { DataServices } from '../data-services/registry.js';
import type { DataConsumer } from '../data-services/consumer.js';
import { Unit } from '../k8s/unit.js';
import { AppNamespace } from '../netpol/namespaces.js';
import { profileAdmits, profilesAdmitting, type GatewayName } from '../netpol/profiles.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import type { Versions } from '../versions/versions.js';
import { AppMonitoring } from './monitoring.js';
import { AppSlo } from '../observability/slo.js';
import { declareAppTraffic, policyPort } from './network.js';
import { homelabAppSchema, type HomelabAppProps, type ResolvedAppProps } from './props.js';
import { AppRegistry } from './registry.js';
import { AppRoutes } from './routes.js';
import { AppSecrets } from './secrets.js';
import { AppStorage } from './storage.js';
import { AppWorkload } from './workload.js';

export { GATEWAY_NAMESPACE } from './routes.js';

/** The cluster facts an app needs; resolved at synth, never substituted by Flux. */
export interface AppEnvironment {
  readonly cluster: string;
  readonly internalDomain: string;
  readonly externalDomain: string;
  readonly versions: Versions;
}

export interface HomelabAppOptions {
  readonly env: AppEnvironment;
  /** The cluster's network-policy system (the app's namespace registers with it). */
  readonly network: NetworkPolicySystem;
  /** The file that declares the app (named in errors), e.g. `apps/paperless.ts`. */
  readonly source?: string;
  /** The cluster's platform release units by name (for `dependsOnPlatform`). */
  readonly platformReleases?: ReadonlyMap<string, Unit>;
  /** Output folder relative to the cluster root (default `apps/<name>`). */
  readonly path?: string;
}

/** What the shared data services granted the app. */
export interface AppGrants {
  readonly database?: DatabaseGrant;
  readonly cache?: CacheGrant;
  readonly bucket?: BucketGrant;
}

/**
 * One application, declared once. The constructor validates the props and composes the parts, each a
 * sub-construct in the app's own folder (Flux unit): the namespace (profile, PodSecurity, access labels),
 * the grants of the shared data services (each service writes both halves, see `grantTo`), storage,
 * secrets, the workload (HelmRelease), routes with their canary, monitoring, and extra traffic rules.
 * References to other apps resolve in `connect()`, once every app of the cluster is declared.
 */
export class HomelabApp extends Construct {
  readonly appName: string;
  readonly namespace: string;
  readonly props: ResolvedAppProps;
  readonly unit: Unit;
  /** The file (or construct path) errors name. */
  readonly where: string;
  readonly env: AppEnvironment;
  /** The app's namespace in the network-policy model (profile, access labels, extra rules). */
  readonly appNamespace: AppNamespace;
  readonly grants: AppGrants;
  readonly storage: AppStorage;
  readonly secrets: AppSecrets;
  readonly workload: AppWorkload;
  readonly routes: AppRoutes;
  readonly monitoring: AppMonitoring;

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
    const fail = this.fail.bind(this);

    AppRegistry.of(this).register(this);
    this.unit = new Unit(this, 'Unit', { path: options.path ?? `apps/${props.name}` });
    const unit = this.unit;

    for (const [i, r] of props.routes.entries()) {
      if (!profileAdmits(props.profile, r.gateway)) {
        const admitting = profilesAdmitting(r.gateway).map((p) => `"${p}"`).join(' or ');
        fail(`routes.${i}.gateway`, `a route on the ${r.gateway} gateway needs a profile admitting it (${admitting}), but the profile is "${props.profile}"`);
      }
    }

    const network = options.network;
    this.appNamespace = new AppNamespace(unit, 'Namespace', {
      name: ns,
      podSecurity: props.podSecurity,
      dataplane: 'ambient',
      profile: props.profile,
      access: props.kubeApi ? [network.kubeApi] : [],
      network,
    });
    this.grants = this.grantDataServices(props);
    for (const [i, r] of props.dependsOnPlatform.entries()) {
      const release = options.platformReleases?.get(r);
      if (!release) fail(`dependsOnPlatform.${i}`, `dependsOnPlatform names release "${r}", which cluster "${options.env.cluster}" does not deploy`);
      unit.dependOn(release!);
    }

    const services = DataServices.of(this);
    this.storage = new AppStorage(unit, 'Storage', { app: props.name, namespace: ns, volumes: props.volumes });
    this.secrets = new AppSecrets(unit, 'Secrets', { cluster: options.env.cluster, namespace: ns, secrets: props.secrets, store: services.secretStore, fail });
    this.workload = new AppWorkload(unit, 'Workload', { props, namespace: ns, versions: options.env.versions, persistence: this.storage.persistence, fail });
    // secret-generator fills, replicator copies the Secrets of the grants and of `secrets.generated`.
    if (this.grants.database || this.grants.cache || props.secrets.generated.length) unit.dependOn(...services.secretOperators);
    this.routes = new AppRoutes(unit, 'Routes', {
      app: props.name,
      namespace: ns,
      routes: props.routes,
      canary: props.canary,
      domains: { internal: options.env.internalDomain, external: options.env.externalDomain },
      fail,
    });
    if (props.routes.length && props.slo !== false) {
      // Every routed app gets SLOs from the gateways' metrics (observability workstream).
      new AppSlo(unit, 'Slo', { app: props.name, namespace: ns, services: [...new Set(props.routes.map((r) => r.service ?? props.name))], objectives: props.slo, file: this.where });
    }
    this.monitoring = new AppMonitoring(unit, 'Monitoring', { app: props.name, namespace: ns, serviceMonitor: props.serviceMonitor, alerts: props.alerts, dashboard: props.dashboard });
    declareAppTraffic({ app: props.name, namespace: this.appNamespace, system: network, egress: props.egress, exposed: props.exposed, fail });
  }

  /** The app as a consumer of the shared data services. */
  get consumer(): DataConsumer {
    return { name: this.appName, namespace: this.appNamespace, scope: this.unit };
  }

  /** Host names of the app's routes. */
  get hosts(): readonly string[] {
    return this.routes.hosts;
  }

  /** The gateway of each route. */
  get gateways(): readonly GatewayName[] {
    return this.props.routes.map((r) => r.gateway);
  }

  /** Throws a SynthError naming the app file and the field. */
  fail(field: string, message: string): never {
    throw new SynthError(this.where, `app "${this.appName}": ${message}`, field);
  }

  /** Asks each shared data service the props name for access; the service writes both halves. */
  private grantDataServices(props: ResolvedAppProps): AppGrants {
    const services = DataServices.of(this);
    const cluster = this.env.cluster;
    const grants: { -readonly [K in keyof AppGrants]: AppGrants[K] } = {};
    if (props.database) {
      const pg = services.postgres ?? this.fail('database', `a database was requested but cluster "${cluster}" has no CNPG postgres service (cloudnative-pg release)`);
      const names = props.database.names?.map((n) => `${props.name}-${n}`);
      try {
        grants.database = pg.service.grantTo(this.consumer, names ? { databases: names } : {});
      } catch (e) {
        this.fail('database', (e as Error).message);
      }
    }
    if (props.cache) {
      const df = services.dragonfly ?? this.fail('cache', `a cache was requested but cluster "${cluster}" has no dragonfly service`);
      grants.cache = df.service.grantTo(this.consumer);
    }
    if (props.bucket) {
      const g = services.garage ?? this.fail('bucket', `a bucket was requested but cluster "${cluster}" has no garage service`);
      g.service.bucket(props.name, props.bucket.maxSize ? { maxSize: props.bucket.maxSize } : {});
      grants.bucket = g.service.grantTo(this.consumer, { bucket: props.name });
    }
    if (props.backup) {
      const b = services.backups ?? this.fail('backup', `backups were requested but cluster "${cluster}" has no backup schedule (velero)`);
      // The schedule names the namespace; on a rebuild the app waits for its volumes' restore.
      b.service.include(this.namespace, this.unit);
    }
    return grants;
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
}
