import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../generated/crds/cert-manager.io.js';
import { SsmExternalSecret } from '../flux/ssm-secret.js';

export type IssuerName = 'homelab-ca' | 'cloudflare';

export interface ClusterIssuersProps {
  /** SSM path prefixes the cluster's ExternalSecrets may read. */
  readonly ssmPrefixes: readonly string[];
  /** cert-manager's cluster resource namespace (where ClusterIssuer secrets live). */
  readonly namespace: string;
  /** SSM parameter (JSON with `tls.crt`/`tls.key`) of the homelab CA made by the Terraform `tls` module. */
  readonly homelabCaKey: string;
  /** SSM parameter holding the Cloudflare API token (DNS edit on the zones). */
  readonly cloudflareTokenKey: string;
  readonly acmeServer?: string;
}

/**
 * The ClusterIssuers (reference: platform.md §6): `homelab-ca` (CA key pair from SSM), `cloudflare` (ACME
 * DNS-01 via the Cloudflare API, token from SSM) and the `istio-mesh-ca` chain istio-csr signs workload
 * certificates with (self-signed root → CA Certificate → CA issuer). No secret value enters git.
 */
export class ClusterIssuers extends Construct {
  constructor(scope: Construct, id: string, props: ClusterIssuersProps) {
    super(scope, id);
    const ns = props.namespace;
    new SsmExternalSecret(this, 'HomelabCaSecret', {
      name: 'homelab-ca',
      namespace: ns,
      allowedPrefixes: props.ssmPrefixes,
      data: { 'tls.crt': { key: props.homelabCaKey, property: 'tls.crt' }, 'tls.key': { key: props.homelabCaKey, property: 'tls.key' } },
    });
    new ClusterIssuer(this, 'HomelabCa', { metadata: { name: 'homelab-ca' }, spec: { ca: { secretName: 'homelab-ca' } } });

    new SsmExternalSecret(this, 'CloudflareToken', {
      name: 'cloudflare-api-token',
      namespace: ns,
      allowedPrefixes: props.ssmPrefixes,
      data: { 'api-token': { key: props.cloudflareTokenKey } },
    });
    new ClusterIssuer(this, 'Cloudflare', {
      metadata: { name: 'cloudflare' },
      spec: {
        acme: {
          server: props.acmeServer ?? 'https://acme-v02.api.letsencrypt.org/directory',
          privateKeySecretRef: { name: 'cloudflare-acme-account' },
          solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } } }],
        },
      },
    });

    new ClusterIssuer(this, 'SelfSigned', { metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } });
    new Certificate(this, 'MeshCaCertificate', {
      metadata: { name: 'istio-mesh-ca', namespace: ns },
      spec: {
        isCa: true,
        commonName: 'istio-mesh-ca',
        secretName: 'istio-mesh-ca',
        duration: '87600h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { kind: 'ClusterIssuer', name: 'selfsigned', group: 'cert-manager.io' },
      },
    });
    new ClusterIssuer(this, 'MeshCa', { metadata: { name: 'istio-mesh-ca' }, spec: { ca: { secretName: 'istio-mesh-ca' } } });
  }
}

export interface WildcardCertificateProps {
  readonly name: string;
  readonly namespace: string;
  readonly domain: string;
  readonly issuer: IssuerName;
}

/** `*.domain` + `domain` for a Gateway listener, secret `<name>-tls`. */
export class WildcardCertificate extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: WildcardCertificateProps) {
    super(scope, id);
    this.secretName = `${props.name}-tls`;
    new Certificate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretName: this.secretName,
        dnsNames: [props.domain, `*.${props.domain}`],
        issuerRef: { kind: 'ClusterIssuer', name: props.issuer, group: 'cert-manager.io' },
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
      },
    });
  }
}
