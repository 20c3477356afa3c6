import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm } from '../generated/crds/cert-manager.io.js';
import { CLIENT_SECRET_KEY, clientSecretName, type OidcClient } from './oidc.js';

/** Where the chart mounts Secrets (`secret.mountPath`): each at `/secrets/<name>/<key>`. */
export const AUTHELIA_SECRETS_PATH = '/secrets';
/** The Secret (cert-manager) holding the OIDC issuer's signing key. */
export const OIDC_JWK_SECRET = 'authelia-oidc-jwk';

/** The path of a key of a Secret mounted through `secret.additionalSecrets`. */
export function autheliaSecretPath(secret: string, key: string): string {
  return `${AUTHELIA_SECRETS_PATH}/${secret}/${key}`;
}

/**
 * The OIDC part of the Authelia chart values, from the registered clients: one client entry each (its
 * secret read from the mounted `<client>-oidc-client-secret`), an authorization policy per client whose
 * policy names directory groups, a claims policy per client asking for ID-token claims, the issuer's
 * signing key, and every client secret in `secret.additionalSecrets` so the chart mounts it.
 */
export function autheliaOidcValues(clients: readonly OidcClient[]): { identityProviders: Record<string, unknown>; additionalSecrets: Record<string, object> } {
  const policies: Record<string, unknown> = {};
  const claims: Record<string, unknown> = {};
  const entries = clients.map((c) => {
    let policy: string;
    if (typeof c.policy === 'string') policy = c.policy;
    else {
      policy = c.clientId;
      policies[policy] = { default_policy: 'deny', rules: [{ policy: 'two_factor', subject: c.policy.groups.map((g) => `group:${g}`) }] };
    }
    if (c.claims?.length) claims[c.clientId] = { id_token: [...c.claims] };
    return {
      client_id: c.clientId,
      client_name: c.clientName,
      client_secret: { path: autheliaSecretPath(clientSecretName(c.clientId), CLIENT_SECRET_KEY) },
      public: false,
      authorization_policy: policy,
      consent_mode: 'implicit',
      ...(c.pkce ? { require_pkce: true, pkce_challenge_method: 'S256' } : {}),
      redirect_uris: [...c.redirectUris],
      scopes: [...c.scopes],
      grant_types: c.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod,
      ...(c.unsignedUserinfo ? { access_token_signed_response_alg: 'none', userinfo_signed_response_alg: 'none' } : {}),
      ...(c.claims?.length ? { claims_policy: c.clientId } : {}),
    };
  });
  return {
    identityProviders: {
      oidc: {
        enabled: true,
        jwks: [{ key: { path: autheliaSecretPath(OIDC_JWK_SECRET, 'tls.key') } }],
        cors: { endpoints: ['authorization', 'token', 'revocation', 'introspection', 'userinfo'], allowed_origins_from_client_redirect_uris: true },
        ...(Object.keys(policies).length ? { authorization_policies: policies } : {}),
        ...(Object.keys(claims).length ? { claims_policies: claims } : {}),
        clients: entries,
      },
    },
    additionalSecrets: {
      [OIDC_JWK_SECRET]: {},
      ...Object.fromEntries(clients.map((c) => [clientSecretName(c.clientId), {}])),
    },
  };
}

/**
 * The issuer's signing key: an RSA-4096 certificate from the homelab CA (10 years, renewed a year ahead),
 * which cert-manager keeps in the Secret Authelia mounts.
 */
export class OidcSigningKey extends Construct {
  constructor(scope: Construct, id: string, props: { readonly namespace: string; readonly issuer: string }) {
    super(scope, id);
    new Certificate(this, 'Resource', {
      metadata: { name: OIDC_JWK_SECRET, namespace: props.namespace },
      spec: {
        secretName: OIDC_JWK_SECRET,
        commonName: 'authelia-oidc',
        duration: '87600h',
        renewBefore: '8760h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 4096 },
        issuerRef: { kind: 'ClusterIssuer', name: props.issuer },
      },
    });
  }
}
