import { Construct } from 'constructs';
import { Canary } from '../generated/crds/canaries.flanksource.com.js';
import { HttpRoute } from '../generated/crds/gateway.networking.k8s.io.js';
import { GeneratedSecret } from '../data-services/secrets.js';
import { SsmExternalSecret } from '../flux/ssm-secret.js';

/** The istiod extension provider that asks oauth2-proxy (declared by `oauth2ProxyExtensionProvider`). */
export const OAUTH2_PROXY_PROVIDER = 'oauth2-proxy';

export const OAUTH2_PROXY = { name: 'oauth2-proxy', port: 4180, metricsPort: 44180, subdomain: 'oauth2-proxy' } as const;
const COOKIE_SECRET = 'oauth2-proxy-cookie-secret';
const GITHUB_SECRET = 'github-oauth-credentials';

export interface OAuth2ProxyProps {
  readonly namespace: string;
  /** SSM path prefixes the cluster's ExternalSecrets may read. */
  readonly ssmPrefixes: readonly string[];
  /** Namespace of the internal Gateway the proxy's own route attaches to. */
  readonly gatewayNamespace: string;
  /** The internal domain: the proxy's host, its cookie domain and the only domain it redirects to. */
  readonly internalDomain: string;
  /** GitHub accounts allowed through. */
  readonly githubUsers: readonly string[];
  /** SSM parameter with JSON properties `client-id` and `client-secret` of the GitHub OAuth app. */
  readonly githubOAuthKey: string;
}

/**
 * The configuration oauth2-proxy runs with (reference: apps.md §4): the GitHub OAuth app's credentials from
 * SSM, a generated cookie secret, the proxy's own route on the internal gateway (its callback) and a canary.
 * `oauth2ProxyValues()` are the chart values; `oauth2ProxyExtensionProvider()` is the istiod mesh-config entry a
 * CUSTOM AuthorizationPolicy names (each app with `auth: 'oauth2-proxy'` writes its own policy).
 */
export class OAuth2ProxyConfig extends Construct {
  readonly host: string;

  constructor(scope: Construct, id: string, props: OAuth2ProxyProps) {
    super(scope, id);
    const ns = props.namespace;
    this.host = `${OAUTH2_PROXY.subdomain}.${props.internalDomain}`;
    new SsmExternalSecret(this, 'GithubOAuth', {
      name: GITHUB_SECRET,
      namespace: ns,
      allowedPrefixes: props.ssmPrefixes,
      data: {
        'client-id': { key: props.githubOAuthKey, property: 'client-id' },
        'client-secret': { key: props.githubOAuthKey, property: 'client-secret' },
      },
    });
    new GeneratedSecret(this, 'CookieSecret', { name: COOKIE_SECRET, namespace: ns, keys: ['cookie-secret'], length: 32, encoding: 'hex' });
    new HttpRoute(this, 'Route', {
      metadata: {
        name: `${OAUTH2_PROXY.name}-internal`,
        namespace: ns,
        annotations: { 'gethomepage.dev/enabled': 'false' },
      },
      spec: {
        parentRefs: [{ name: 'internal', namespace: props.gatewayNamespace, sectionName: 'https' }],
        hostnames: [this.host],
        rules: [{ backendRefs: [{ name: OAUTH2_PROXY.name, port: OAUTH2_PROXY.port }] }],
      },
    });
    new Canary(this, 'Canary', {
      metadata: { name: `http-check-${OAUTH2_PROXY.name}`, namespace: ns },
      spec: { schedule: '@every 1m', http: [{ name: this.host, url: `https://${this.host}/ping`, responseCodes: [200], maxSslExpiry: 7, thresholdMillis: 5000 }] },
    });
  }
}

/** The oauth2-proxy chart values (config file, credentials from the config unit's Secrets, metrics, hardening). */
export function oauth2ProxyValues(props: Pick<OAuth2ProxyProps, 'internalDomain' | 'githubUsers'>): Record<string, unknown> {
  const domain = `.${props.internalDomain}`;
  const host = `${OAUTH2_PROXY.subdomain}.${props.internalDomain}`;
  const env = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const toml = [
    'provider = "github"',
    `github_users = [${props.githubUsers.map((u) => JSON.stringify(u)).join(', ')}]`,
    'email_domains = ["*"]',
    `cookie_domains = ["${domain}"]`,
    'cookie_expire = "168h"',
    'cookie_secure = true',
    'cookie_samesite = "lax"',
    'upstreams = ["static://200"]',
    'set_xauthrequest = true',
    'skip_provider_button = true',
    'reverse_proxy = true',
    `redirect_url = "https://${host}/oauth2/callback"`,
    `whitelist_domains = ["${domain}"]`,
    '',
  ].join('\n');
  return {
    replicaCount: 2,
    priorityClassName: 'platform',
    podAnnotations: { 'reloader.stakater.com/auto': 'true' },
    config: { configFile: toml },
    extraEnv: [
      env('OAUTH2_PROXY_CLIENT_ID', GITHUB_SECRET, 'client-id'),
      env('OAUTH2_PROXY_CLIENT_SECRET', GITHUB_SECRET, 'client-secret'),
      env('OAUTH2_PROXY_COOKIE_SECRET', COOKIE_SECRET, 'cookie-secret'),
    ],
    metrics: { enabled: true, port: OAUTH2_PROXY.metricsPort, servicemonitor: { enabled: true } },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

/** The istiod `meshConfig.extensionProviders` entry (ext_authz over HTTP to the proxy) a CUSTOM policy names. */
export function oauth2ProxyExtensionProvider(namespace: string): Record<string, unknown> {
  return {
    name: OAUTH2_PROXY_PROVIDER,
    envoyExtAuthzHttp: {
      service: `${OAUTH2_PROXY.name}.${namespace}.svc.cluster.local`,
      port: OAUTH2_PROXY.port,
      headersToDownstreamOnDeny: ['content-type', 'set-cookie', 'location'],
      headersToUpstreamOnAllow: ['authorization', 'cookie', 'x-auth-request-user', 'x-auth-request-email'],
      headersToDownstreamOnAllow: ['set-cookie'],
      includeRequestHeadersInCheck: ['authorization', 'cookie', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-for'],
      includeAdditionalHeadersInCheck: { 'x-forwarded-proto': 'https', 'X-Auth-Request-Redirect': 'https://%REQ(:authority)%%REQ(:path)%' },
    },
  };
}
