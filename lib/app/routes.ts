import { Construct } from 'constructs';
import { Canary } from '../generated/crds/canaries.flanksource.com.js';
import { HttpRoute } from '../generated/crds/gateway.networking.k8s.io.js';
import type { ResolvedAppProps } from './props.js';

export interface AppRoutesProps {
  readonly app: string;
  readonly namespace: string;
  readonly routes: ResolvedAppProps['routes'];
  readonly canary: ResolvedAppProps['canary'];
  readonly domains: { readonly internal: string; readonly external: string };
  /** Namespace of the Gateways the routes attach to. */
  readonly gatewayNamespace: string;
  readonly fail: (field: string, message: string) => never;
}

/**
 * The app's HTTPRoutes (one per declared route, `<subdomain>.<gateway's domain>` on the Gateway's https
 * listener) and the Canary that checks every route from outside the app, through the gateway.
 */
export class AppRoutes extends Construct {
  /** The host names of the routes, in declaration order. */
  readonly hosts: readonly string[];

  constructor(scope: Construct, id: string, props: AppRoutesProps) {
    super(scope, id);
    const hosts: string[] = [];
    for (const r of props.routes) {
      const domain = r.gateway === 'internal' ? props.domains.internal : props.domains.external;
      const host = `${r.subdomain ?? props.app}.${domain}`;
      hosts.push(host);
      new HttpRoute(this, `Route-${r.gateway}-${host}`, {
        metadata: { name: `${(r.subdomain ?? props.app).replace(/\./g, '-')}-${r.gateway}`, namespace: props.namespace },
        spec: {
          parentRefs: [{ name: r.gateway, namespace: props.gatewayNamespace, sectionName: 'https' }],
          hostnames: [host],
          rules: [{ backendRefs: [{ name: r.service ?? props.app, port: r.port }] }],
        },
      });
    }
    this.hosts = hosts;
    if (props.canary !== false && hosts.length) {
      const c = props.canary ?? { path: '/', responseCodes: [200] };
      new Canary(this, 'Canary', {
        metadata: { name: `http-check-${props.app}`, namespace: props.namespace },
        spec: {
          schedule: '@every 1m',
          http: hosts.map((h) => ({ name: h, url: `https://${h}${c.path}`, responseCodes: c.responseCodes, maxSslExpiry: 7, thresholdMillis: 5000 })),
        },
      });
    } else if (props.canary && !hosts.length) {
      props.fail('canary', 'a canary checks the app through its route, but the app declares no route');
    }
  }
}
