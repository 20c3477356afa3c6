import { IntOrString, KubeDeployment, KubeService, Quantity } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';

export interface PxeServerProps {
  readonly namespace: string;
  /** Container image with tag, e.g. `ghcr.io/siderolabs/booter:v0.4.0`. */
  readonly image: string;
  /** Talos version the nodes network-boot into (maintenance mode). */
  readonly talosVersion: string;
  /** Image-factory schematic id of the boot image (computed from the schematic, registered by Terraform). */
  readonly schematicId: string;
  /** LoadBalancer address (Cilium LB IPAM) — the DHCP next-server. */
  readonly address: string;
}

export const TFTP_PORT = 69;
export const HTTP_PORT = 50084;

/**
 * Every path booter writes at run time, each an emptyDir (the root filesystem stays read-only): at start-up it
 * writes its patched iPXE binaries (embedded script pointing at its own address) into the TFTP root and the
 * iPXE asset directory, and it downloads boot assets through /tmp.
 */
export const BOOTER_WRITABLE_PATHS = { tftp: '/var/lib/tftp', ipxe: '/var/lib/ipxe', tmp: '/tmp' } as const;

/**
 * The PXE server: Sidero's booter serving iPXE over TFTP and the Talos kernel/initramfs over HTTP from the
 * image factory, behind a LoadBalancer on a fixed address. DHCP stays with the UniFi gateway (no proxy
 * DHCP): its next-server/boot-file options point here (lib/pxe/dhcp-boot.ts).
 */
export class PxeServer extends Construct {
  readonly labels: Readonly<Record<string, string>>;
  /** Name of the Deployment (and Service). */
  readonly deploymentName = 'booter';

  constructor(scope: Construct, id: string, props: PxeServerProps) {
    super(scope, id);
    const name = this.deploymentName;
    this.labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'pxe-server' };
    new KubeDeployment(this, 'deployment', {
      metadata: { name, namespace: props.namespace, labels: { ...this.labels } },
      spec: {
        replicas: 1,
        // One server at a time owns the TFTP address.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...this.labels } },
        template: {
          metadata: { labels: { ...this.labels } },
          spec: {
            automountServiceAccountToken: false,
            volumes: Object.keys(BOOTER_WRITABLE_PATHS).map((name) => ({ name, emptyDir: {} })),
            containers: [
              {
                name,
                image: props.image,
                args: [`--talos-version=${props.talosVersion}`, `--schematic-id=${props.schematicId}`, `--api-advertise-address=${props.address}`, '--disable-dhcp-proxy'],
                ports: [
                  { name: 'tftp', containerPort: TFTP_PORT, protocol: 'UDP' },
                  { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
                ],
                readinessProbe: { tcpSocket: { port: IntOrString.fromString('http') }, periodSeconds: 10 },
                livenessProbe: { tcpSocket: { port: IntOrString.fromString('http') }, periodSeconds: 30 },
                resources: { requests: { cpu: quantity('10m'), memory: quantity('64Mi') }, limits: { memory: quantity('256Mi') } },
                volumeMounts: Object.entries(BOOTER_WRITABLE_PATHS).map(([name, mountPath]) => ({ name, mountPath })),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
                },
              },
            ],
          },
        },
      },
    });
    new KubeService(this, 'service', {
      metadata: { name, namespace: props.namespace, labels: { ...this.labels }, annotations: { 'lbipam.cilium.io/ips': props.address } },
      spec: {
        type: 'LoadBalancer',
        // Keep the client address (TFTP replies come from a new port; no SNAT surprises).
        externalTrafficPolicy: 'Local',
        selector: { ...this.labels },
        ports: [
          { name: 'tftp', port: TFTP_PORT, targetPort: IntOrString.fromString('tftp'), protocol: 'UDP' },
          { name: 'http', port: HTTP_PORT, targetPort: IntOrString.fromString('http'), protocol: 'TCP' },
        ],
      },
    });
  }
}

function quantity(v: string): Quantity {
  return Quantity.fromString(v);
}
