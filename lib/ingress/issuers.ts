import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../generated/crds/cert-manager.io.js';
import { SsmExternalSecret } from '../flux/ssm-secret.js';

export type IssuerName = 'homelab-ca' | 'cloudflare';

/** An SSM parameter holding a CA key pair as JSON `{"tls.crt": <PEM>, "tls.key": <PEM>}`. */
export interface SsmCaKeyPair {
  readonly key: string;
}

export interface ClusterIssuersProps {
  /** SSM path prefixes the cluster's ExternalSecrets may read. */
  readonly ssmPrefixes: readonly string[];
  /** cert-manager's cluster resource namespace (where ClusterIssuer secrets live). */
  readonly namespace: string;
  /** The ingress root CA behind `homelab-ca` (written by the Terraform global stack). */
  readonly homelabCa: SsmCaKeyPair;
  /** The mesh root CA behind `istio-mesh-ca`, shared by every cluster (written by the global stack). */
  readonly meshCa: SsmCaKeyPair;
  /**
   * ACME issuer `cloudflare` (Let's Encrypt, DNS-01 through the Cloudflare API), on clusters that use it: the
   * SSM parameter (JSON) and property holding the API token.
   * @default no `cloudflare` issuer
   */
  readonly cloudflare?: { readonly tokenKey: string; readonly tokenProperty: string; readonly email: string; readonly acmeServer?: string };
}

/** Secret (type kubernetes.io/tls) and ClusterIssuer names of the mesh CA; istio-csr mounts the Secret's tls.crt. */
export const MESH_CA = { issuer: 'istio-mesh-ca', secret: 'istio-mesh-root-ca' } as const;

/**
 * The ClusterIssuers (reference: platform-extras.md §4c–d): `homelab-ca` and `istio-mesh-ca`, CA issuers on root
 * key pairs the Terraform global stack keeps in SSM (the mesh root is shared by all clusters and signs workload
 * certificates through istio-csr directly), and, where used, `cloudflare` (ACME DNS-01). No secret value enters git.
 */
export class ClusterIssuers extends Construct {
  constructor(scope: Construct, id: string, props: ClusterIssuersProps) {
    super(scope, id);
    const ns = props.namespace;
    const caFromSsm = (cid: string, issuer: string, secret: string, pair: SsmCaKeyPair): void => {
      new SsmExternalSecret(this, `${cid}Secret`, {
        name: secret,
        namespace: ns,
        allowedPrefixes: props.ssmPrefixes,
        data: { 'tls.crt': { key: pair.key, property: 'tls.crt' }, 'tls.key': { key: pair.key, property: 'tls.key' } },
        template: { type: 'kubernetes.io/tls' },
      });
      new ClusterIssuer(this, cid, { metadata: { name: issuer }, spec: { ca: { secretName: secret } } });
    };
    caFromSsm('HomelabCa', 'homelab-ca', 'homelab-ingress-root-ca', props.homelabCa);
    caFromSsm('MeshCa', MESH_CA.issuer, MESH_CA.secret, props.meshCa);

    const cf = props.cloudflare;
    if (cf) {
      new SsmExternalSecret(this, 'CloudflareToken', {
        name: 'cloudflare-api-token',
        namespace: ns,
        allowedPrefixes: props.ssmPrefixes,
        data: { token: { key: cf.tokenKey, property: cf.tokenProperty } },
      });
      new ClusterIssuer(this, 'Cloudflare', {
        metadata: { name: 'cloudflare' },
        spec: {
          acme: {
            server: cf.acmeServer ?? 'https://acme-v02.api.letsencrypt.org/directory',
            email: cf.email,
            privateKeySecretRef: { name: 'letsencrypt-prod' },
            solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'token' } } } }],
          },
        },
      });
    }
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
