import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key/index.js';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

export interface RootCaProps {
  readonly commonName: string;
  readonly organization: string;
  readonly validityDays?: number;
  /** SSM parameter holding `{"tls.crt", "tls.key"}` (PEM) for the in-cluster ExternalSecret. */
  readonly ssmParameter: string;
}

/**
 * A self-signed root CA (ECDSA P-256) whose certificate and key live only in Terraform state and SSM;
 * persistent: the parameter cannot be destroyed by a plan (reference: pki module, without its local backup).
 */
export class RootCa extends Construct {
  readonly certificatePem: string;

  constructor(scope: Construct, id: string, props: RootCaProps) {
    super(scope, id);
    const key = new PrivateKey(this, 'key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    const cert = new SelfSignedCert(this, 'cert', {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: props.commonName, organization: props.organization }],
      validityPeriodHours: (props.validityDays ?? 3650) * 24,
      isCaCertificate: true,
      allowedUses: ['cert_signing', 'crl_signing'],
    });
    this.certificatePem = cert.certPem;
    new SsmParameter(this, 'parameter', {
      name: props.ssmParameter,
      type: 'SecureString',
      value: Fn.jsonencode({ 'tls.crt': cert.certPem, 'tls.key': key.privateKeyPem }),
      tags: { 'managed-by': 'opentofu', purpose: 'pki', 'ca-name': props.commonName },
      lifecycle: { preventDestroy: true },
    });
  }
}
