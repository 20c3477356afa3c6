import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { HomelabGateway } from './gateway.js';

export interface GatewayAuthPolicyProps {
  readonly name: string;
  readonly gateway: HomelabGateway;
  /** Name of the ext-authz provider in istiod's `meshConfig.extensionProviders` (e.g. `oauth2-proxy`). */
  readonly provider: string;
}

/**
 * An Istio AuthorizationPolicy on a Gateway that sends requests for the registered hosts to an external
 * authorizer (action CUSTOM) before they reach the backend (reference: platform-extras.md §1g). Hosts are
 * registered by whatever declares the route (`protect(host)`); other hosts skip the check. With no host
 * registered the policy is not rendered at all: a CUSTOM rule without hosts would gate every request.
 */
export class GatewayAuthPolicy extends Construct {
  private readonly hosts = new Set<string>();

  constructor(scope: Construct, id: string, props: GatewayAuthPolicyProps) {
    super(scope, id);
    const obj = new ApiObject(this, 'Resource', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: props.name, namespace: props.gateway.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.gateway.gatewayName }],
        action: 'CUSTOM',
        provider: { name: props.provider },
        rules: [{ to: [{ operation: { hosts: Lazy.any({ produce: () => this.protectedHosts }) } }] }],
      },
    });
    this.node.addValidation({ validate: () => (this.hosts.size ? [] : [`AuthorizationPolicy ${props.name} protects no host; remove it or register one`]) });
    void obj;
  }

  /** Puts `host` behind the external authorizer. */
  protect(host: string): void {
    this.hosts.add(host);
  }

  get protectedHosts(): string[] {
    return [...this.hosts].sort();
  }
}
