import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  GatewaySpecListenersAllowedRoutesNamespacesFrom as RoutesFrom,
  GatewaySpecListenersTlsMode,
  HttpRouteSpecRulesFiltersRequestRedirectScheme as RedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode as RedirectStatus,
  HttpRouteSpecRulesFiltersType,
  type GatewaySpec,
  type HttpRouteSpec,
} from '../generated/crds/gateway.networking.k8s.io.js';
import { GatewayDeploymentDefaults } from './deployment-defaults.js';

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
  /** How Istio shapes the generated Deployment, PDB and Service. */
  readonly deploymentDefaults: GatewayDeploymentDefaults;
  /** Annotations on the Gateway object itself (e.g. the external-dns target). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default istio */
  readonly className?: string;
}

/**
 * One Istio Gateway API Gateway (reference: platform-extras.md §1a, §1c): an `https` listener terminating
 * TLS for `*.domain` that accepts HTTPRoutes from every namespace, and an `http` listener for the same
 * hostnames that admits routes from its own namespace only, so the one route that attaches there is the
 * 301 redirect to HTTPS declared here. Istio names the generated Deployment and Service `<name>-istio`
 * and labels the pods `gateway.networking.k8s.io/gateway-name=<name>`, which the gateway's Envoy
 * extensions select on (`podSelector`).
 */
export class HomelabGateway extends Construct {
  readonly gatewayName: string;
  readonly namespace: string;
  readonly domain: string;
  /** Labels of the gateway's pods (for WasmPlugin/EnvoyFilter selectors and network policy). */
  readonly podSelector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HomelabGatewayProps) {
    super(scope, id);
    this.gatewayName = props.name;
    this.namespace = props.namespace;
    this.domain = props.domain;
    this.podSelector = { 'gateway.networking.k8s.io/gateway-name': props.name };
    const hostname = `*.${props.domain}`;
    const spec: GatewaySpec = {
      gatewayClassName: props.className ?? 'istio',
      // Istio copies these annotations onto the generated Service, where Cilium LB-IPAM reads the address.
      infrastructure: {
        annotations: { 'lbipam.cilium.io/ips': props.address },
        parametersRef: { group: '', kind: 'ConfigMap', name: props.deploymentDefaults.configMapName },
      },
      listeners: [
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname,
          tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: props.certificateSecret }] },
          allowedRoutes: { namespaces: { from: RoutesFrom.ALL } },
        },
        { name: 'http', port: 80, protocol: 'HTTP', hostname, allowedRoutes: { namespaces: { from: RoutesFrom.SAME } } },
      ],
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: props.name, namespace: props.namespace, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) },
      spec,
    });
    const redirect: HttpRouteSpec = {
      parentRefs: [{ name: props.name, namespace: props.namespace, sectionName: 'http' }],
      hostnames: [hostname],
      rules: [{ filters: [{ type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT, requestRedirect: { scheme: RedirectScheme.HTTPS, statusCode: RedirectStatus.VALUE_301 } }] }],
    };
    new ApiObject(this, 'HttpsRedirect', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `${props.name}-https-redirect`, namespace: props.namespace },
      spec: redirect,
    });
  }
}
