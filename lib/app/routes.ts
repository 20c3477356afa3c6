import { Construct } from 'constructs';
import { Canary } from '../generated/crds/canaries.flanksource.com.js';
import { HttpRoute, type HttpRouteSpecRules } from '../generated/crds/gateway.networking.k8s.io.js';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../generated/crds/security.istio.io.js';
import type { GatewayName } from '../netpol/profiles.js';
import { INSTANCE_LABEL } from './network.js';
import type { ResolvedAppProps } from './props.js';
import { OAUTH2_PROXY_PROVIDER } from '../identity/oauth2-proxy.js';

/** gethomepage.dev discovers HTTPRoutes carrying these annotations. */
const HOMEPAGE = 'gethomepage.dev';

export interface AppRoutesProps {
  readonly app: string;
  readonly namespace: string;
  readonly routes: ResolvedAppProps['routes'];
  readonly canary: ResolvedAppProps['canary'];
  readonly auth: ResolvedAppProps['auth'];
  readonly domains: Readonly<Record<GatewayName, string>>;
  /** Namespace of the Gateways the routes attach to. */
  readonly gatewayNamespace: string;
  /** In-cluster URL of a Service port by name (for a canary with `port`). */
  readonly serviceUrl: (port: string) => string | undefined;
  readonly fail: (field: string, message: string) => never;
}

/** The host of a route. */
export function routeHost(app: string, route: { gateway: GatewayName; subdomain?: string | undefined }, domains: Readonly<Record<GatewayName, string>>): string {
  return `${route.subdomain ?? app}.${domains[route.gateway]}`;
}

/**
 * The app's HTTPRoutes (one per declared route, `<subdomain>.<gateway's domain>` on the Gateway's https
 * listener, optionally only some path prefixes with a redirect for the rest, homepage annotations), the
 * Canary that checks every route from outside the app through the gateway (or one Service port from
 * inside), and — with `auth: 'oauth2-proxy'` — the CUSTOM AuthorizationPolicy that sends requests for the
 * app's internal hosts to oauth2-proxy at the internal gateway.
 */
export class AppRoutes extends Construct {
  /** The host names of the routes, in declaration order. */
  readonly hosts: readonly string[];
  /** Hosts behind oauth2-proxy. */
  readonly protectedHosts: readonly string[];

  constructor(scope: Construct, id: string, props: AppRoutesProps) {
    super(scope, id);
    const hosts: string[] = [];
    for (const [i, r] of props.routes.entries()) {
      const host = routeHost(props.app, r, props.domains);
      if (hosts.includes(host)) props.fail(`routes.${i}.subdomain`, `two routes claim host ${host}`);
      hosts.push(host);
      const backend = { backendRefs: [{ name: r.service ?? props.app, port: r.port }] };
      let rules: HttpRouteSpecRules[] = [backend];
      if (r.paths) {
        rules = r.paths.map((p) => ({ matches: [{ path: { type: 'PathPrefix', value: p } }], ...backend })) as HttpRouteSpecRules[];
        if (r.redirect) {
          rules.push({
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: r.redirect.path }, statusCode: r.redirect.statusCode } }],
          } as HttpRouteSpecRules);
        }
      } else if (r.redirect) {
        props.fail(`routes.${i}.redirect`, '"redirect" sends the paths outside "paths" elsewhere; give "paths" too');
      }
      const hp = r.homepage;
      const annotations = hp
        ? {
            [`${HOMEPAGE}/enabled`]: 'true',
            [`${HOMEPAGE}/name`]: hp.name,
            [`${HOMEPAGE}/group`]: hp.group,
            [`${HOMEPAGE}/icon`]: hp.icon,
            [`${HOMEPAGE}/pod-selector`]: hp.podSelector ?? `${INSTANCE_LABEL}=${props.app}`,
            ...(hp.description ? { [`${HOMEPAGE}/description`]: hp.description } : {}),
          }
        : undefined;
      new HttpRoute(this, `Route-${r.gateway}-${host}`, {
        metadata: { name: `${(r.subdomain ?? props.app).replace(/\./g, '-')}-${r.gateway}`, namespace: props.namespace, ...(annotations ? { annotations } : {}) },
        spec: { parentRefs: [{ name: r.gateway, namespace: props.gatewayNamespace, sectionName: 'https' }], hostnames: [host], rules },
      });
    }
    this.hosts = hosts;

    const internal = props.routes.map((r, i) => ({ r, host: hosts[i]! })).filter((x) => x.r.gateway === 'internal');
    this.protectedHosts = props.auth ? internal.map((x) => x.host) : [];
    if (props.auth && !internal.length) props.fail('auth', 'oauth2-proxy protects internal routes (its cookie lives on the internal domain), but the app has none');
    if (this.protectedHosts.length) {
      new AuthorizationPolicy(this, 'OAuth2Proxy', {
        metadata: { name: `${props.app}-oauth2-proxy`, namespace: props.gatewayNamespace },
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal' }],
          action: AuthorizationPolicySpecAction.CUSTOM,
          provider: { name: OAUTH2_PROXY_PROVIDER },
          rules: [{ to: [{ operation: { hosts: [...this.protectedHosts] } }] }],
        },
      });
    }

    const c = props.canary;
    if (c && c.port) {
      const url = props.serviceUrl(c.port) ?? props.fail('canary.port', `the app's Service has no port "${c.port}"`);
      new Canary(this, 'Canary', {
        metadata: { name: `http-check-${props.app}`, namespace: props.namespace },
        spec: { schedule: '@every 1m', http: [{ name: `${props.app}-${c.port}`, url: `${url}${c.path}`, responseCodes: c.responseCodes, thresholdMillis: 5000 }] },
      });
    } else if (c !== false && hosts.length) {
      const check = c ?? { path: '/', responseCodes: [200] };
      new Canary(this, 'Canary', {
        metadata: { name: `http-check-${props.app}`, namespace: props.namespace },
        spec: {
          schedule: '@every 1m',
          http: hosts.map((h) => ({ name: h, url: `https://${h}${check.path}`, responseCodes: check.responseCodes, maxSslExpiry: 7, thresholdMillis: 5000 })),
        },
      });
    } else if (c && !hosts.length) {
      props.fail('canary', 'a canary checks the app through its route, but the app declares no route (give "port" to check a Service port)');
    }
  }
}
