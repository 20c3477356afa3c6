import { Construct } from 'constructs';
import { inputIssues, SynthError, throwIfAny } from '../core/errors.js';
import type { DataConsumer } from '../data-services/consumer.js';
import { DragonflyService, type CacheGrant } from '../data-services/dragonfly.js';
import { GarageService, type BucketGrant } from '../data-services/garage.js';
import { PostgresService, type DatabaseGrant } from '../data-services/postgres.js';
import { DataServices } from '../data-services/registry.js';
import { autheliaOidcValues, OidcSigningKey } from '../identity/authelia.js';
import { CLIENT_SECRET_KEY, clientSecretName, IdentityProvider, issuerUrl, type OidcClient } from '../identity/oidc.js';
import { ipRange } from '../inventory/ip.js';
import { Unit } from '../k8s/unit.js';
import type { NamedCidr } from '../netpol/cidr.js';
import { AppNamespace, type PlatformNamespace } from '../netpol/namespaces.js';
import { Peer } from '../netpol/peers.js';
import { Port } from '../netpol/ports.js';
import { profileAdmits, profileSpec, profilesAdmitting, type GatewayName, type Profile } from '../netpol/profiles.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import type { Versions } from '../versions/versions.js';
import { containerValues, MAIN_CONTAINER, RELOADER_ANNOTATION, servicePorts } from './container.js';
import type { RecordedReference } from './define.js';
import type { HomelabAppGroup } from './group.js';
import { AppMonitoring } from './monitoring.js';
import { AppTraffic, CANARY_CHECKER, declareAppTraffic, gatewayEnd, policyPort, WORLD_END } from './network.js';
import { homelabAppSchema, type HomelabAppProps, type ResolvedAppProps } from './props.js';
import { AppRegistry } from './registry.js';
import { AppRoutes } from './routes.js';
import { AppSecrets } from './secrets.js';
import { AppStorage, containerNames } from './storage.js';
import { mergeValues, isPlain, type Values } from './values.js';
import { APP_TEMPLATE, AppWorkload } from './workload.js';

/** The cluster facts an app needs; resolved at synth, never substituted by Flux. */
export interface AppEnvironment {
  readonly cluster: string;
  readonly internalDomain: string;
  readonly externalDomain: string;
  /** Namespace of the internal and external Gateways routes attach to. */
  readonly gatewayNamespace: string;
  readonly versions: Versions;
  /** The LoadBalancer address pool (Cilium LB-IPAM) and the addresses the platform already uses in it. */
  readonly loadBalancer?: { readonly start: string; readonly stop: string; readonly reserved: ReadonlyMap<string, string> };
  /** The node subnet (ingress for `loadBalancer.lan` ports). */
  readonly nodeSubnet?: NamedCidr;
}

export interface HomelabAppOptions {
  readonly env: AppEnvironment;
  /** The cluster's network-policy system (the app's namespace registers with it). */
  readonly network: NetworkPolicySystem;
  /** The file that declares the app (named in errors), e.g. `apps/paperless.ts`. */
  readonly source?: string;
  /** The cluster's platform release units by name (for `dependsOnPlatform`). */
  readonly platformReleases?: ReadonlyMap<string, Unit>;
  /** The group (shared namespace) the app belongs to. */
  readonly group?: HomelabAppGroup;
  /** The other apps the app file referred to with `c.app(name).url(port)`. */
  readonly references?: readonly RecordedReference[];
}

/** An app or group may not take a namespace the platform owns (its policy and labels are hand-made). */
export function rejectPlatformNamespace(network: NetworkPolicySystem, namespace: string, fail: (field: string, message: string) => never): void {
  const owner = network.registeredNamespace(namespace);
  if (owner && !(owner instanceof AppNamespace)) fail('name', `namespace "${namespace}" is a platform namespace; an app needs its own (rename it, or join a group)`);
}

/** What the shared data services granted the app. */
export interface AppGrants {
  readonly database?: DatabaseGrant;
  readonly cache?: CacheGrant;
  readonly bucket?: BucketGrant;
}

/**
 * One application, declared once. The constructor validates the props and composes the parts, each a
 * sub-construct in the app's own folder (Flux unit): the namespace (its own, or its group's), the grants
 * of the shared data services (each service writes both halves, see `grantTo`), storage, secrets, routes
 * with their canary and gateway auth, monitoring, the OIDC client registration, and its traffic rules.
 * `connect()` runs once every app of the cluster is declared: it resolves references to other apps
 * (traffic both ways, dependsOn), checks every Secret and port the app names, and builds the workload
 * (HelmRelease) — last, because the identity provider's values hold every client registered before.
 */
export class HomelabApp extends Construct {
  readonly appName: string;
  readonly namespace: string;
  readonly props: ResolvedAppProps;
  readonly profile: Profile;
  readonly unit: Unit;
  /** The file (or construct path) errors name. */
  readonly where: string;
  readonly env: AppEnvironment;
  readonly group?: HomelabAppGroup;
  /** The app's namespace in the network-policy model (profile, access labels). */
  readonly appNamespace: AppNamespace;
  /** The app's own traffic rules and the peer other apps name. */
  readonly traffic: AppTraffic;
  readonly grants: AppGrants;
  readonly storage: AppStorage;
  readonly secrets: AppSecrets;
  readonly routes: AppRoutes;
  readonly monitoring: AppMonitoring;
  /** The OIDC client the app registered (with `sso.oidc`). */
  readonly oidcClient?: OidcClient;
  private workloadConstruct?: AppWorkload;
  private readonly network: NetworkPolicySystem;
  /** The other apps the file referred to with `c.app(name).url(port)`. */
  readonly references: readonly RecordedReference[];
  private readonly ssoEnv: Values[] = [];

  constructor(scope: Construct, id: string, input: HomelabAppProps, options: HomelabAppOptions) {
    super(scope, id);
    const name = typeof (input as { name?: unknown }).name === 'string' ? (input as { name: string }).name : id;
    this.where = options.source ?? this.node.path;
    const parsed = homelabAppSchema.safeParse(input);
    if (!parsed.success) {
      throwIfAny(inputIssues(parsed.error.issues).map((i) => new SynthError(this.where, `app "${name}": ${i.message}`, i.path || undefined)));
    }
    const props = parsed.data!;
    this.props = props;
    this.env = options.env;
    this.network = options.network;
    this.references = options.references ?? [];
    this.appName = props.name;
    const group = options.group;
    if (group) this.group = group;
    const fail = this.fail.bind(this);
    if (group && props.profile) fail('profile', `the profile of a grouped app is its group's ("${group.props.profile}", ${group.where})`);
    if (group && props.podSecurity) fail('podSecurity', `the PodSecurity level of a grouped app is its group's ("${group.props.podSecurity}", ${group.where})`);
    if (!group && !props.profile) fail('profile', 'a profile is required (one of the network profiles; grouped apps take their group\'s)');
    this.profile = group ? group.props.profile : props.profile!;
    this.namespace = group ? group.namespace : props.name;
    const ns = this.namespace;
    if (!group) rejectPlatformNamespace(options.network, ns, fail);
    const registry = AppRegistry.of(this);
    registry.register(this);
    this.unit = new Unit(this, 'Unit', { path: group ? `apps/${group.groupName}/${props.name}` : `apps/${props.name}` });
    const unit = this.unit;
    if (group) unit.dependOn(group.unit);

    for (const [i, r] of props.routes.entries()) {
      if (!profileAdmits(this.profile, r.gateway)) {
        const admitting = profilesAdmitting(r.gateway).map((p) => `"${p}"`).join(' or ');
        fail(`routes.${i}.gateway`, `a route on the ${r.gateway} gateway needs a profile admitting it (${admitting}), but the profile is "${this.profile}"`);
      }
    }

    const network = options.network;
    this.appNamespace =
      group?.appNamespace ??
      new AppNamespace(unit, 'Namespace', { name: ns, podSecurity: props.podSecurity ?? 'baseline', dataplane: 'ambient', profile: this.profile, network });
    if (props.kubeApi) network.kubeApi.grant(this.appNamespace);
    this.traffic = group ? AppTraffic.ofPods(this.appNamespace, network, props.name, this.where) : AppTraffic.ofNamespace(this.appNamespace, network, props.name, this.where);
    this.grants = this.grantDataServices(props);
    for (const [i, r] of props.dependsOnPlatform.entries()) {
      const release = options.platformReleases?.get(r);
      if (!release) fail(`dependsOnPlatform.${i}`, `dependsOnPlatform names release "${r}", which cluster "${options.env.cluster}" does not deploy`);
      unit.dependOn(release!);
    }

    const services = DataServices.of(this);
    this.storage = new AppStorage(unit, 'Storage', {
      app: props.name,
      namespace: ns,
      volumes: props.volumes,
      sharedClaims: group?.volumes.claims ?? new Set(),
      containers: containerNames(props.container),
      controller: props.name,
      fail,
    });
    this.secrets = new AppSecrets(unit, 'Secrets', { cluster: options.env.cluster, namespace: ns, secrets: props.secrets, store: services.secretStore, fail });
    // secret-generator fills, replicator copies the Secrets of the grants, of `secrets.generated` and of SSO.
    if (this.grants.database || this.grants.cache || props.secrets.generated.length || props.sso) unit.dependOn(...services.secretOperators);
    const domains = { internal: options.env.internalDomain, external: options.env.externalDomain };
    this.routes = new AppRoutes(unit, 'Routes', {
      app: props.name,
      namespace: ns,
      routes: props.routes,
      canary: props.canary,
      auth: props.auth,
      domains,
      gatewayNamespace: options.env.gatewayNamespace,
      serviceUrl: (port) => {
        const p = this.servicePortList().find((x) => x.name === port);
        return p ? `http://${props.name}.${ns}.svc.cluster.local:${p.port}` : undefined;
      },
      fail,
    });
    for (const [i, h] of this.routes.hosts.entries()) {
      registry.claim('host', h, this.where, `routes.${i}`);
      const r = props.routes[i]!;
      // The gateway reaches the container port (app-template Services target the same number).
      if (!r.service && props.container) this.traffic.requireFrom(gatewayEnd(options.env.gatewayNamespace, r.gateway), Port.tcp(r.port), `route https://${h}`);
    }
    if (props.canary && props.canary.port) {
      const p = this.servicePortList().find((x) => x.name === (props.canary as { port: string }).port)!;
      this.traffic.allowIngress(CANARY_CHECKER, policyPort(p));
    }
    this.monitoring = new AppMonitoring(unit, 'Monitoring', {
      app: props.name,
      namespace: ns,
      file: this.where,
      routedServices: [...new Set(props.routes.map((r) => r.service ?? props.name))],
      slo: props.slo,
      metrics: props.metrics,
      serviceMonitor: props.serviceMonitor,
      alerts: props.alerts,
      dashboard: props.dashboard,
    });

    const exposed = this.loadBalancerPorts(props, registry);
    declareAppTraffic({ app: props.name, traffic: this.traffic, profile: this.profile, egress: props.egress, exposed, nodeSubnet: options.env.nodeSubnet, fail });

    if (props.identityProvider) {
      IdentityProvider.of(this).registerProvider({ name: props.name, namespace: ns, where: this.where, scope: unit });
      new OidcSigningKey(unit, 'OidcSigningKey', { namespace: ns, issuer: 'homelab-ca' });
    }
    if (props.sso) this.oidcClient = this.registerOidcClient(props, domains);
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

  /** The workload (after `connect`). */
  get workload(): AppWorkload {
    if (!this.workloadConstruct) throw new Error(`${this.node.path}: the workload is built in connect()`);
    return this.workloadConstruct;
  }

  /** Throws a SynthError naming the app file and the field. */
  fail(field: string, message: string): never {
    throw new SynthError(this.where, `app "${this.appName}": ${message}`, field);
  }

  /** The ports of the app's Service (`undefined` for a chart whose Services we do not model). */
  servicePortList(): Array<{ name: string; port: number; protocol: 'TCP' | 'UDP' }> {
    const p = this.props;
    if (p.container) return servicePorts(p.container);
    if (p.chart?.name !== APP_TEMPLATE.name) return [];
    const services = (p.chart.values as { service?: Record<string, { ports?: Record<string, { port: number; protocol?: 'TCP' | 'UDP' }> }> }).service ?? {};
    return Object.values(services).flatMap((s) => Object.entries(s.ports ?? {}).map(([name, x]) => ({ name, port: x.port, protocol: x.protocol ?? 'TCP' })));
  }

  /** Whether the app's Services are modelled (container apps and app-template charts). */
  private get portsKnown(): boolean {
    return !!this.props.container || this.props.chart?.name === APP_TEMPLATE.name;
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
        const own = props.database.cluster;
        grants.database = own
          ? pg.service.dedicatedTo(this.consumer, {
              image: `${own.image.repository}:${this.env.versions.get(own.image.versionKey)}`,
              storageSize: own.size,
              extensions: own.extensions,
              sharedPreloadLibraries: own.sharedPreloadLibraries,
              ...(own.parameters ? { parameters: own.parameters } : {}),
              ...(own.resources ? { resources: own.resources } : {}),
              ...(names ? { databases: names } : {}),
            })
          : pg.service.grantTo(this.consumer, names ? { databases: names } : {});
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

  /** The LoadBalancer's address (in the pool, unique) and the ports it exposes, by audience. */
  private loadBalancerPorts(props: ResolvedAppProps, registry: AppRegistry): { world: Port[]; lan: Port[] } {
    const lb = props.loadBalancer;
    if (!lb) return { world: [], lan: [] };
    if (!props.container) this.fail('loadBalancer', 'a LoadBalancer Service is built from "container" ports; with "chart", set it in the chart values');
    const pool = this.env.loadBalancer;
    if (!pool) this.fail('loadBalancer.ip', `cluster "${this.env.cluster}" has no LoadBalancer pool`);
    if (!ipRange(pool!.start, pool!.stop).includes(lb.ip)) this.fail('loadBalancer.ip', `${lb.ip} is outside the cluster's LoadBalancer pool ${pool!.start}-${pool!.stop}`);
    const reserved = pool!.reserved.get(lb.ip);
    if (reserved) this.fail('loadBalancer.ip', `${lb.ip} is already the address of ${reserved}`);
    registry.claim('LoadBalancer address', lb.ip, this.where, 'loadBalancer.ip');
    const ports = this.servicePortList();
    const pick = (names: readonly string[], field: string) =>
      names.map((n, i) => {
        const p = ports.find((x) => x.name === n) ?? this.fail(`loadBalancer.${field}.${i}`, `no port named "${n}" (ports: ${ports.map((x) => x.name).join(', ') || 'none'})`);
        return policyPort(p);
      });
    return { world: pick(lb.world, 'world'), lan: pick(lb.lan, 'lan') };
  }

  /** Registers the app's OIDC client and prepares the env the main container receives. */
  private registerOidcClient(props: ResolvedAppProps, domains: Record<GatewayName, string>): OidcClient {
    const o = props.sso!.oidc;
    const hosts = this.routes.hosts;
    const redirectUris = o.redirectUris.map((u, i) => {
      if (!u.startsWith('/')) return u;
      if (!hosts.length) this.fail(`sso.oidc.redirectUris.${i}`, `"${u}" is a path on the app's host, but the app has no route`);
      return `https://${hosts[0]}${u}`;
    });
    const client: OidcClient = {
      clientId: props.name,
      clientName: o.clientName ?? props.name,
      namespace: this.namespace,
      where: this.where,
      redirectUris,
      scopes: o.scopes,
      policy: o.policy,
      pkce: o.pkce,
      tokenEndpointAuthMethod: o.tokenEndpointAuthMethod,
      unsignedUserinfo: o.unsignedUserinfo,
      ...(o.claims ? { claims: o.claims } : {}),
    };
    IdentityProvider.of(this).registerClient(client, this.unit);
    const gateway: GatewayName = o.issuer ?? (props.routes.some((r) => r.gateway === 'external') ? 'external' : 'internal');
    const issuer = issuerUrl(domains, gateway);
    if (o.env.issuer) this.ssoEnv.push({ name: o.env.issuer, value: issuer });
    if (o.env.discovery) this.ssoEnv.push({ name: o.env.discovery, value: `${issuer}/.well-known/openid-configuration` });
    if (o.env.clientId) this.ssoEnv.push({ name: o.env.clientId, value: client.clientId });
    if (o.env.clientSecret) this.ssoEnv.push({ name: o.env.clientSecret, valueFrom: { secretKeyRef: { name: clientSecretName(client.clientId), key: CLIENT_SECRET_KEY } } });
    if (Object.keys(o.env).length && !props.container) this.fail('sso.oidc.env', 'env injection needs "container"; with "chart", pass the issuer and client secret in the chart values');
    // The app talks to the issuer itself (discovery, token, userinfo): internal issuer through the internal
    // gateway (the LoadBalancer address resolves to the gateway pods in-cluster), external over the internet.
    if (gateway === 'internal') {
      const gateways = this.env.gatewayNamespace;
      this.traffic.allowEgress(Peer.gateway(gateways, 'internal'), Port.tcp(443));
      const gw = this.network.registeredNamespace(gateways) as PlatformNamespace | undefined;
      gw?.policy.allowFrom(this.traffic.peer, Port.tcp(443));
    } else if (!profileSpec(this.profile).worldEgress.some((p) => p.toString() === 'tcp/443')) {
      this.traffic.allowWorldEgress([{ port: Port.tcp(443), reason: `app ${props.name}: OIDC issuer ${issuer}` }]);
    }
    this.traffic.require(gateway === 'internal' ? gatewayEnd(this.env.gatewayNamespace, 'internal') : WORLD_END, Port.tcp(443), `OIDC issuer ${issuer}`);
    return client;
  }

  /** Resolves references to other apps and builds the workload (called once by the registry after every app is declared). */
  connect(registry: AppRegistry): void {
    const errors: Error[] = [];
    const attempt = (f: () => void) => {
      try {
        f();
      } catch (e) {
        errors.push(e as Error);
      }
    };
    const targets = new Map<string, { app: HomelabApp; ports: Port[] }>();
    const reach = (app: string, port: Port, field: string) => {
      const target = registry.get(app) ?? this.fail(field, `refers to app "${app}", which does not run on cluster "${this.env.cluster}"`);
      if (target === this) this.fail(field, 'traffic to itself is always allowed');
      if (target.portsKnown && !target.servicePortList().some((p) => p.port === port.port && p.protocol === port.protocol)) {
        this.fail(field, `app "${app}" serves no ${port} (its ports: ${target.servicePortList().map((p) => `${p.protocol.toLowerCase()}/${p.port}`).join(', ') || 'none'})`);
      }
      const entry = targets.get(app) ?? targets.set(app, { app: target, ports: [] }).get(app)!;
      if (entry.ports.some((p) => p.toString() === port.toString())) return;
      entry.ports.push(port);
      this.traffic.require(target.traffic.end, port, field.startsWith('c.app') ? field : `egress.apps: ${app}`);
    };
    for (const [i, a] of this.props.egress.apps.entries()) attempt(() => reach(a.app, policyPort(a), `egress.apps.${i}.app`));
    for (const r of this.references) attempt(() => reach(r.app, Port.tcp(r.port), `c.app('${r.app}').url(${r.port})`));
    for (const { app, ports } of targets.values()) {
      // Apps of one group already reach each other (same-namespace rule).
      if (app.namespace !== this.namespace) this.traffic.allowTo(app.traffic, ports[0]!, ...ports.slice(1));
    }
    for (const [i, d] of this.props.dependsOn.entries()) {
      attempt(() => {
        const target = registry.get(d) ?? this.fail(`dependsOn.${i}`, `dependsOn unknown app "${d}" on cluster "${this.env.cluster}"`);
        if (target === this) this.fail(`dependsOn.${i}`, 'an app cannot depend on itself');
        this.unit.dependOn(target.unit);
      });
    }
    attempt(() => this.checkPorts());
    attempt(() => this.buildWorkload());
    attempt(() => this.checkSecretReferences(registry));
    throwIfAny(errors);
  }

  /** Routes and the ServiceMonitor must name ports the app's Service has. */
  private checkPorts(): void {
    if (!this.portsKnown) return;
    const ports = this.servicePortList();
    const list = ports.map((p) => `${p.name}=${p.port}`).join(', ') || 'none';
    for (const [i, r] of this.props.routes.entries()) {
      if (!r.service && !ports.some((p) => p.port === r.port)) this.fail(`routes.${i}.port`, `the app's Service has no port ${r.port} (ports: ${list})`);
    }
    const sm = this.props.serviceMonitor;
    if (sm && !ports.some((p) => p.name === sm.port)) this.fail('serviceMonitor.port', `the app's Service has no port named "${sm.port}" (ports: ${list})`);
  }

  /** The HelmRelease, with the values every other part contributes. */
  private buildWorkload(): void {
    const props = this.props;
    // An unknown version key names this app's file, not the helper that looked it up.
    const versions = this.env.versions.for(this.where);
    let values: Values | undefined;
    if (props.container) {
      values = containerValues(props, props.container, versions, props.loadBalancer ? { loadBalancerIp: props.loadBalancer.ip } : {});
      if (this.ssoEnv.length) {
        const main = (values.controllers as Record<string, { containers: Record<string, Values> }>)[props.name]!.containers[MAIN_CONTAINER]!;
        // First, so the app's own env can use them with $(VAR) (e.g. inside a JSON setting).
        main.env = [...this.ssoEnv, ...((main.env as Values[] | undefined) ?? [])];
      }
      if (props.values) values = mergeValues(values, props.values as Values);
    } else if (props.chart?.name === APP_TEMPLATE.name && props.reloader) {
      // Reloader's annotation on every controller of typed app-template values.
      const controllers = (props.chart.values as { controllers?: Record<string, unknown> }).controllers ?? {};
      values = mergeValues({ controllers: Object.fromEntries(Object.keys(controllers).map((c) => [c, { annotations: { [RELOADER_ANNOTATION]: 'true' } }])) }, props.chart.values);
    }
    if (props.identityProvider) {
      const oidc = autheliaOidcValues(IdentityProvider.of(this).clients);
      values = mergeValues(values ?? props.chart?.values ?? {}, { configMap: { identity_providers: oidc.identityProviders }, secret: { additionalSecrets: oidc.additionalSecrets } });
    }
    this.workloadConstruct = new AppWorkload(this.unit, 'Workload', {
      props,
      podSecurity: this.group?.props.podSecurity ?? props.podSecurity ?? 'baseline',
      namespace: this.namespace,
      versions,
      persistence: this.storage.persistence,
      ...(values ? { values } : {}),
      fail: this.fail.bind(this),
    });
  }

  /** Secret keys the app produces in its namespace: its own, its grants', its OIDC client's. */
  producedSecrets(): Map<string, Set<string> | 'any'> {
    const out = new Map<string, Set<string> | 'any'>();
    const add = (name: string, keys: readonly string[] | 'any') => {
      const cur = out.get(name);
      if (keys === 'any' || cur === 'any') out.set(name, 'any');
      else out.set(name, new Set([...(cur ?? []), ...keys]));
    };
    for (const [name, keys] of this.secrets.keys) add(name, keys);
    if (this.grants.database) add(PostgresService.credentialsSecret(this.appName), ['username', 'password']);
    if (this.grants.cache) add(DragonflyService.AUTH_SECRET, [DragonflyService.PASSWORD_KEY]);
    if (this.grants.bucket) add(GarageService.credentialsSecret(this.appName), [GarageService.KEYS.accessKeyId, GarageService.KEYS.secretAccessKey, 'endpoint', 'region']);
    if (this.oidcClient) add(clientSecretName(this.oidcClient.clientId), [CLIENT_SECRET_KEY]);
    if (this.props.identityProvider) add('authelia-oidc-jwk', ['tls.crt', 'tls.key', 'ca.crt']);
    return out;
  }

  /** Every Secret (and key) the app's containers read must be produced by some object of its namespace. */
  private checkSecretReferences(registry: AppRegistry): void {
    const produced = new Map<string, Set<string> | 'any'>();
    const merge = (m: Map<string, Set<string> | 'any'>) => {
      for (const [k, v] of m) {
        const cur = produced.get(k);
        produced.set(k, v === 'any' || cur === 'any' ? 'any' : new Set([...(cur ?? []), ...v]));
      }
    };
    for (const app of registry.appsIn(this.namespace)) merge(app.producedSecrets());
    if (this.group) merge(new Map([...this.group.secrets.keys].map(([k, v]) => [k, new Set(v)])));
    const known = () => [...produced.keys()].sort().join(', ') || 'none';
    for (const ref of this.secretReferences()) {
      const keys = produced.get(ref.secret);
      if (!keys) this.fail(ref.field, `Secret "${ref.secret}" is not produced in namespace "${this.namespace}" (Secrets there: ${known()})`);
      if (ref.key !== undefined && keys !== 'any' && !keys!.has(ref.key)) this.fail(ref.field, `Secret "${ref.secret}" has no key "${ref.key}" (keys: ${[...keys!].sort().join(', ')})`);
    }
  }

  /** The Secret references of the app's containers and volumes (container apps and app-template values). */
  private secretReferences(): Array<{ secret: string; key?: string; field: string }> {
    const out: Array<{ secret: string; key?: string; field: string }> = [];
    const p = this.props;
    const c = p.container;
    if (c) {
      const containers: Array<[string, typeof c | (typeof c.sidecars)[number] | (typeof c.initContainers)[number]]> = [
        ['container', c],
        ...c.sidecars.map((s, i) => [`container.sidecars.${i}`, s] as [string, typeof s]),
        ...c.initContainers.map((s, i) => [`container.initContainers.${i}`, s] as [string, typeof s]),
      ];
      for (const [at, x] of containers) {
        for (const [k, v] of Object.entries(x.env ?? {})) if (typeof v !== 'string') out.push({ secret: v.secret, key: v.key, field: `${at}.env.${k}` });
        for (const [i, s] of (x.envFrom ?? []).entries()) out.push({ secret: s, field: `${at}.envFrom.${i}` });
      }
    } else if (p.chart?.name === APP_TEMPLATE.name) {
      const ctrls = ((p.chart.values as { controllers?: Record<string, unknown> }).controllers ?? {}) as Record<string, { containers?: Record<string, unknown>; initContainers?: Record<string, unknown> }>;
      for (const [cn, ctl] of Object.entries(ctrls)) {
        for (const kind of ['containers', 'initContainers'] as const) {
          for (const [name, ct] of Object.entries(ctl[kind] ?? {})) {
            const env = (ct as { env?: unknown }).env;
            const list = Array.isArray(env) ? env : isPlain(env) ? Object.entries(env).map(([n, v]) => (isPlain(v) ? { name: n, ...v } : { name: n })) : [];
            for (const e of list as Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>) {
              const ref = e.valueFrom?.secretKeyRef;
              if (ref) out.push({ secret: ref.name, key: ref.key, field: `chart.values.controllers.${cn}.${kind}.${name}.env.${e.name}` });
            }
          }
        }
      }
    }
    for (const [i, v] of p.volumes.entries()) if ('secret' in v) out.push({ secret: v.secret, field: `volumes.${i}.secret` });
    return out;
  }
}
