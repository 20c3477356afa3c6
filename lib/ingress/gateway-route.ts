import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { GatewayAuthPolicy } from './auth-policy.js';
import type { HomelabGateway } from './gateway.js';

/** A Kubernetes Service behind the route. */
export interface ServiceBackend {
  readonly service: string;
  readonly port: number;
}
/** A mesh-external host (an Istio ServiceEntry) behind the route. */
export interface MeshHostBackend {
  readonly meshHost: string;
  readonly port: number;
}

/** gethomepage.dev discovery of a route. */
export interface HomepageEntry {
  readonly name: string;
  readonly group: string;
  readonly icon: string;
  /** Pods whose status homepage shows. @default none (no pod status) */
  readonly podSelector?: string;
}

export interface GatewayRouteProps {
  /** Route name; the canary is `http-check-<name>`. */
  readonly name: string;
  /** Namespace of the route (the backend Service's namespace). */
  readonly namespace: string;
  readonly gateway: HomelabGateway;
  /** Host label under the gateway's domain. */
  readonly subdomain: string;
  readonly backend: ServiceBackend | MeshHostBackend;
  readonly homepage?: HomepageEntry;
  /** Puts the host behind the gateway's external authorizer. @default no gateway auth */
  readonly auth?: GatewayAuthPolicy;
  /** The canary-checker HTTP check through the gateway; `false` for none. */
  readonly canary: false | { readonly path: string; readonly responseCodes: readonly number[] };
}

/**
 * A host on a gateway for something that is not a HomelabApp (platform UIs, LAN appliances): an HTTPRoute
 * with one rule to the backend, optionally gated by the gateway's auth policy, announced to homepage, and
 * checked every minute end to end through the gateway and its certificate (reference: platform-extras.md
 * §2, §5).
 */
export class GatewayRoute extends Construct {
  readonly host: string;

  constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, id);
    this.host = `${props.subdomain}.${props.gateway.domain}`;
    const hp = props.homepage;
    const annotations = hp
      ? {
          'gethomepage.dev/enabled': 'true',
          'gethomepage.dev/name': hp.name,
          'gethomepage.dev/group': hp.group,
          'gethomepage.dev/icon': hp.icon,
          ...(hp.podSelector ? { 'gethomepage.dev/pod-selector': hp.podSelector } : {}),
        }
      : undefined;
    const b = props.backend;
    const backendRef = 'meshHost' in b ? { group: 'networking.istio.io', kind: 'Hostname', name: b.meshHost, port: b.port } : { name: b.service, port: b.port };
    new ApiObject(this, 'Route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: props.name, namespace: props.namespace, ...(annotations ? { annotations } : {}) },
      spec: {
        parentRefs: [{ name: props.gateway.gatewayName, namespace: props.gateway.namespace, sectionName: 'https' }],
        hostnames: [this.host],
        rules: [{ backendRefs: [backendRef] }],
      },
    });
    props.auth?.protect(this.host);
    if (props.canary) {
      new ApiObject(this, 'Canary', {
        apiVersion: 'canaries.flanksource.com/v1',
        kind: 'Canary',
        metadata: { name: `http-check-${props.name}`, namespace: props.namespace },
        spec: {
          schedule: '@every 1m',
          http: [
            {
              name: `${props.name}-gateway-health`,
              url: `https://${this.host}${props.canary.path}`,
              responseCodes: [...props.canary.responseCodes],
              maxSSLExpiry: 7,
              thresholdMillis: 5000,
            },
          ],
        },
      });
    }
  }
}
