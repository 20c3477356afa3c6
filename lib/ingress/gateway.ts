import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  GatewaySpecListenersTlsMode,
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
} from '../generated/crds/gateway.networking.k8s.io.js';

export interface HomelabGatewayProps {
  /** `internal` or `external` (apps' routes name it). */
  readonly name: string;
  readonly namespace: string;
  /** Routes attach under `*.domain`. */
  readonly domain: string;
  /** Secret of the wildcard certificate in the gateway namespace. */
  readonly certificateSecret: string;
  /** LoadBalancer address (Cilium LB-IPAM) from the networking model. */
  readonly address: string;
  readonly className?: string;
}

/**
 * One Istio Gateway API Gateway (reference: platform.md §6): an `https` listener terminating TLS for
 * `*.domain` that accepts HTTPRoutes from every namespace (apps attach with sectionName `https`), and an
 * `http` listener that only redirects to HTTPS (its redirect route lives here, so no app can attach to
 * plain HTTP). The address comes from the typed networking model.
 */
export class HomelabGateway extends Construct {
  readonly gatewayName: string;

  constructor(scope: Construct, id: string, props: HomelabGatewayProps) {
    super(scope, id);
    this.gatewayName = props.name;
    new Gateway(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        gatewayClassName: props.className ?? 'istio',
        infrastructure: { annotations: { 'lbipam.cilium.io/ips': props.address } },
        listeners: [
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: `*.${props.domain}`,
            tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: props.certificateSecret }] },
            allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } },
          },
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } } },
        ],
      },
    });
    new HttpRoute(this, 'HttpsRedirect', {
      metadata: { name: `${props.name}-https-redirect`, namespace: props.namespace },
      spec: {
        parentRefs: [{ name: props.name, namespace: props.namespace, sectionName: 'http' }],
        rules: [
          {
            filters: [
              {
                type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                requestRedirect: { scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301 },
              },
            ],
          },
        ],
      },
    });
  }
}
