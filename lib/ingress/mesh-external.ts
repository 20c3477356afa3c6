import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface MeshExternalServiceProps {
  /** ServiceEntry / DestinationRule name; the mesh host is `<name>.egress.local`. */
  readonly name: string;
  readonly namespace: string;
  /** The appliance's address: a named endpoint of the networking model, resolved by the caller. */
  readonly address: string;
  /** @default 443 */
  readonly port?: number;
  /**
   * Accept the appliance's self-signed certificate. The gateway terminates TLS with the cluster's
   * certificate and opens a new TLS session to the appliance; there is no CA to pin. @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/**
 * A LAN appliance as a mesh host (reference: platform-extras.md §2): a STATIC ServiceEntry with one endpoint
 * under a synthetic `.egress.local` name (never resolved through DNS) and a DestinationRule that
 * originates TLS to it. An HTTPRoute reaches it with backendRef `{group: networking.istio.io, kind: Hostname}`.
 */
export class MeshExternalService extends Construct {
  readonly meshHost: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: MeshExternalServiceProps) {
    super(scope, id);
    this.meshHost = `${props.name}.egress.local`;
    this.port = props.port ?? 443;
    new ApiObject(this, 'ServiceEntry', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        hosts: [this.meshHost],
        location: 'MESH_EXTERNAL',
        resolution: 'STATIC',
        ports: [{ number: this.port, name: 'https', protocol: 'HTTPS' }],
        endpoints: [{ address: props.address }],
      },
    });
    new ApiObject(this, 'DestinationRule', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: props.name, namespace: props.namespace },
      spec: { host: this.meshHost, trafficPolicy: { tls: { mode: 'SIMPLE', ...(props.insecureSkipVerify ? { insecureSkipVerify: true } : {}) } } },
    });
  }
}
