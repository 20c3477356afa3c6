// Ingress of a cluster (reference: platform-extras.md §1, §2, §4d, §5): issuers and wildcard certificates,
// the internal and external Gateways with their deployment defaults, the external gateway's security (WAF,
// rate limit, security headers), oauth2-proxy in front of the platform UIs, the platform UI routes and the
// UniFi appliances reached through the mesh. Homelab facts only; the constructs live in lib/ingress/.
import { ApiObject, type App } from 'cdk8s';
import { AppRegistry } from '../lib/app/registry.js';
import { Unit } from '../lib/k8s/unit.js';
import { AppSlo } from '../lib/observability/slo.js';
import { GatewayAuthPolicy } from '../lib/ingress/auth-policy.js';
import { GatewayDeploymentDefaults } from '../lib/ingress/deployment-defaults.js';
import { LocalRateLimit, SecurityHeaders } from '../lib/ingress/envoy-filters.js';
import { HomelabGateway } from '../lib/ingress/gateway.js';
import { GatewayRoute, type GatewayRouteProps } from '../lib/ingress/gateway-route.js';
import { ClusterIssuers, WildcardCertificate } from '../lib/ingress/issuers.js';
import { MeshExternalService } from '../lib/ingress/mesh-external.js';
import { CorazaWaf, type WafExclusion } from '../lib/ingress/waf.js';
import { ssm } from '../model/contract.js';
import type { ClusterConfig } from '../model/index.js';
import type { ClusterContext } from './compose.js';
import { KROMGO, kromgoMetrics } from './kromgo.js';
import { GATEWAY_NAMESPACE } from './platform-namespaces.js';

const SOURCE = 'clusters/ingress.ts';

/**
 * The name external-dns points every external route's record at (a CNAME to the external gateway's address,
 * `gw.ionfury.tv` on live). Derived per cluster, where the reference wrote live's name on every cluster.
 */
export const externalDnsTarget = (externalDomain: string): string => `gw.${externalDomain}`;

/** coraza-proxy-wasm, pinned by digest (Renovate: docker ghcr.io/corazawaf/coraza-proxy-wasm). */
const CORAZA_MODULE = 'oci://ghcr.io/corazawaf/coraza-proxy-wasm:0.6.0@sha256:65d6009b9da2e8965e592a08b74a86725435fc01aa39c756dce0bd5ea64b3f4e';

/** Response headers of every external response. CSP and X-Frame-Options stay with the apps (they differ per app). */
const SECURITY_HEADERS = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
} as const;

/**
 * WAF exclusions, each for one app's host; an exclusion applies only on clusters that run its app.
 * `subdomain` is under the external domain.
 */
const WAF_EXCLUSIONS: ReadonlyArray<{ readonly app: string; readonly subdomain: string } & Omit<WafExclusion, 'host'>> = [
  {
    app: 'immich',
    subdomain: 'photos',
    id: 9000003,
    pathPrefix: '/api/assets',
    skip: 'requestBody',
    reason: 'Immich uploads exceed the WASM memory limit; rule 200002 blocked them with a multipart EOF error.',
  },
  {
    app: 'immich',
    subdomain: 'photos',
    id: 9000004,
    pathPrefix: '/api/auth/validateToken',
    skip: { rule: 920420 },
    reason: 'The Immich iOS app validates its token with Content-Type text/plain, which rule 920420 rejects.',
  },
];

export interface ClusterIngress {
  readonly gateways: { readonly internal: HomelabGateway; readonly external: HomelabGateway };
  /** oauth2-proxy in front of the internal gateway's platform UIs. */
  readonly platformAuth: GatewayAuthPolicy;
  readonly units: { readonly gateway: Unit; readonly platformUis: Unit; readonly unifi: Unit };
}

export function composeIngress(app: App, { cluster }: ClusterContext): ClusterIngress {
  const issuers = new Unit(app, 'issuers', { path: 'config/issuers' });
  new ClusterIssuers(issuers, 'ClusterIssuers', {
    ssmPrefixes: ssm.readablePrefixes(cluster.name),
    namespace: 'cert-manager',
    homelabCa: { key: ssm.ingressCa },
    meshCa: { key: ssm.istioMeshCa },
    // The ACME issuer only where the cluster's certificates use it (its token is seeded per cluster).
    ...(cluster.tlsIssuer === 'cloudflare' ? { cloudflare: { tokenKey: ssm.cloudflareApiToken(cluster.name), tokenProperty: 'token', email: cluster.acmeEmail } } : {}),
  });
  const certificates = new Unit(app, 'certificates', { path: 'config/certificates' });
  const gatewayUnit = new Unit(app, 'gateway', { path: 'config/gateway' });
  gatewayUnit.dependOn(certificates);
  const defaults = new GatewayDeploymentDefaults(gatewayUnit, 'deployment-defaults', { name: 'gateway-deployment-defaults', namespace: GATEWAY_NAMESPACE, replicas: cluster.replicas });
  const domains = { internal: cluster.network.internalDomain, external: cluster.network.externalDomain } as const;
  const gateway = (name: 'internal' | 'external') => {
    const cert = new WildcardCertificate(certificates, `${name}-certificate`, { name, namespace: GATEWAY_NAMESPACE, domain: domains[name], issuer: cluster.tlsIssuer });
    return new HomelabGateway(gatewayUnit, `${name}-gateway`, {
      name,
      namespace: GATEWAY_NAMESPACE,
      domain: domains[name],
      certificateSecret: cert.secretName,
      address: cluster.network.ingress[name],
      deploymentDefaults: defaults,
      ...(name === 'external' ? { annotations: { 'external-dns.alpha.kubernetes.io/target': externalDnsTarget(domains.external) } } : {}),
    });
  };
  const gateways = { internal: gateway('internal'), external: gateway('external') };

  // The external gateway faces the internet: per-client-IP rate limit and security headers.
  new LocalRateLimit(gatewayUnit, 'rate-limit', { name: 'external-gateway-local-ratelimit', gateway: gateways.external, requestsPerWindow: 1000, window: '60s' });
  new SecurityHeaders(gatewayUnit, 'security-headers', { name: 'external-gateway-security-headers', gateway: gateways.external, headers: SECURITY_HEADERS });
  const platformAuth = new GatewayAuthPolicy(gatewayUnit, 'platform-ui-auth', { name: 'platform-ui-auth', gateway: gateways.internal, provider: 'oauth2-proxy' });

  const platformUis = new Unit(app, 'platform-uis', { path: 'config/platform-uis' });
  addPlatformUis(platformUis, gateways, platformAuth);
  const unifi = new Unit(app, 'unifi-config', { path: 'config/unifi-config' });
  addUnifi(unifi, gateways.internal, cluster);
  return { gateways, platformAuth, units: { gateway: gatewayUnit, platformUis, unifi } };
}

type UiSpec = Omit<GatewayRouteProps, 'gateway' | 'auth' | 'homepage'> & { readonly gateway?: 'internal' | 'external'; readonly auth: boolean; readonly homepage?: GatewayRouteProps['homepage'] };

const platform = (name: string, icon: string) => ({ name, group: 'Platform', icon });
const ok = (path = '/') => ({ path, responseCodes: [200] });
/**
 * Unauthenticated requests to an oauth2-proxy host are redirected to the login (302): the canary asserts the
 * gate is in place end to end, where the reference expected 200 (which only an open host returns).
 */
const gated = { path: '/', responseCodes: [302] };

/** The platform UIs the reference exposes on the internal gateway (§5); hass-code belongs to its app. */
const PLATFORM_UIS: readonly UiSpec[] = [
  { name: 'grafana', namespace: 'monitoring', subdomain: 'grafana', backend: { service: 'grafana', port: 80 }, auth: true, homepage: platform('Grafana', 'grafana.svg'), canary: gated },
  { name: 'prometheus', namespace: 'monitoring', subdomain: 'prometheus', backend: { service: 'prometheus-operated', port: 9090 }, auth: true, homepage: platform('Prometheus', 'prometheus.svg'), canary: gated },
  { name: 'alertmanager', namespace: 'monitoring', subdomain: 'alertmanager', backend: { service: 'alertmanager-operated', port: 9093 }, auth: true, homepage: platform('Alertmanager', 'alertmanager.svg'), canary: gated },
  { name: 'longhorn', namespace: 'longhorn-system', subdomain: 'longhorn', backend: { service: 'longhorn-frontend', port: 80 }, auth: true, homepage: platform('Longhorn', 'longhorn.svg'), canary: gated },
  { name: 'hubble', namespace: 'kube-system', subdomain: 'hubble', backend: { service: 'hubble-ui', port: 80 }, auth: true, homepage: platform('Hubble', 'cilium.svg'), canary: gated },
  // Garage's admin API (3903) serves /health; the reference routed 3902 (the S3 website port), where it 404s.
  { name: 'garage-admin', namespace: 'garage', subdomain: 'garage', backend: { service: 'garage', port: 3903 }, auth: true, homepage: platform('Garage', 'minio.svg'), canary: gated },
  // Path-style S3 for LAN clients (the reference's `garage-s3` Ingress of a class nothing served).
  { name: 'garage-s3', namespace: 'garage', subdomain: 's3', backend: { service: 'garage', port: 3900 }, auth: false, canary: false },
  { name: 'kromgo-internal', namespace: KROMGO.namespace, subdomain: 'kromgo', backend: { service: 'kromgo', port: KROMGO.port }, auth: false, homepage: platform('Kromgo', 'prometheus.svg'), canary: false },
  // Public status badges; the canary reads one through the WAF, rate limit and headers.
  { name: 'kromgo-external', namespace: KROMGO.namespace, gateway: 'external', subdomain: 'kromgo', backend: { service: 'kromgo', port: KROMGO.port }, auth: false, canary: ok(`/${kromgoMetrics[0]!.name}`) },
];

function addPlatformUis(unit: Unit, gateways: ClusterIngress['gateways'], auth: GatewayAuthPolicy): void {
  for (const ui of PLATFORM_UIS) {
    const { gateway = 'internal', auth: gatedByAuth, homepage, ...rest } = ui;
    new GatewayRoute(unit, ui.name, { ...rest, gateway: gateways[gateway], ...(gatedByAuth ? { auth } : {}), ...(homepage ? { homepage } : {}) });
  }
  // The public status badges (both gateways): the reference's 1 s latency objective beside availability.
  new AppSlo(unit, 'kromgo-slo', { app: 'kromgo', namespace: KROMGO.namespace, services: ['kromgo'], objectives: { latencyMs: 1000 }, file: 'clusters/ingress.ts' });
}

/** The UniFi appliances behind the internal gateway, by their named endpoints; UniFi's own login applies. */
const UNIFI = [
  { name: 'unifi-network', endpoint: 'unifi-network', subdomain: 'network', title: 'UniFi Network' },
  { name: 'unifi-protect', endpoint: 'unifi-protect', subdomain: 'protect', title: 'UniFi Protect' },
] as const;

function addUnifi(unit: Unit, internal: HomelabGateway, cluster: ClusterConfig): void {
  UNIFI.forEach((u, i) => {
    const address = cluster.endpoint(u.endpoint, SOURCE, `UNIFI[${i}].endpoint`);
    const mesh = new MeshExternalService(unit, `${u.name}-mesh`, { name: u.name, namespace: GATEWAY_NAMESPACE, address, insecureSkipVerify: true });
    new GatewayRoute(unit, u.name, {
      name: u.name,
      namespace: GATEWAY_NAMESPACE,
      gateway: internal,
      subdomain: u.subdomain,
      backend: { meshHost: mesh.meshHost, port: mesh.port },
      homepage: { name: u.title, group: 'Network', icon: 'unifi.svg' },
      // The controllers answer with their login page or a redirect to it.
      canary: { path: '/', responseCodes: [200, 302, 307] },
    });
  });
}

/**
 * The Coraza WAF on the external gateway, with the exclusions of the apps this cluster runs; each exclusion's
 * host must be routed on the external gateway. Call after the apps are composed.
 */
export function composeGatewayWaf(app: App, ingress: ClusterIngress): CorazaWaf {
  const registry = AppRegistry.of(app);
  const external = ingress.gateways.external;
  const exclusions = WAF_EXCLUSIONS.filter((e) => registry.get(e.app)).map(({ app: _app, subdomain, ...e }) => ({ ...e, host: `${subdomain}.${external.domain}` }));
  const waf = new CorazaWaf(ingress.units.gateway, 'coraza-waf', {
    name: 'coraza-waf',
    gateway: external,
    moduleUrl: CORAZA_MODULE,
    blockingParanoiaLevel: 1,
    detectionParanoiaLevel: 2,
    inboundAnomalyThreshold: 10,
    allowedMethods: ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'],
    requestBodyLimit: 10 * 1024 * 1024,
    requestBodyNoFilesLimit: 128 * 1024,
    exclusions,
    source: SOURCE,
  });
  waf.checkHosts(routedHosts(app, external));
  return waf;
}

/** Hostnames of every HTTPRoute attached to `gateway` (its HTTPS listener). */
export function routedHosts(app: App, gateway: HomelabGateway): Set<string> {
  const hosts = new Set<string>();
  for (const o of app.node.findAll().filter(ApiObject.isApiObject)) {
    if (o.kind !== 'HTTPRoute') continue;
    const spec = (o.toJson() as { spec?: { parentRefs?: Array<{ name: string; namespace?: string; sectionName?: string }>; hostnames?: string[] } }).spec;
    const attached = spec?.parentRefs?.some((r) => r.name === gateway.gatewayName && (r.namespace ?? o.metadata.namespace) === gateway.namespace && r.sectionName !== 'http');
    if (attached) for (const h of spec?.hostnames ?? []) hosts.add(h);
  }
  return hosts;
}
