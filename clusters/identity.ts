import type { App } from 'cdk8s';
import { Unit } from '../lib/k8s/unit.js';
import { AppSlo } from '../lib/observability/slo.js';
import { OAuth2ProxyConfig, OAUTH2_PROXY } from '../lib/identity/oauth2-proxy.js';
import type { ClusterContext } from './compose.js';
import type { PlatformUnits } from './flux.js';
import { GATEWAY_NAMESPACE } from './platform-namespaces.js';
import { ssm } from '../model/contract.js';

/** Who oauth2-proxy lets through, and where the GitHub OAuth app's credentials live in SSM (reference: apps.md §4). */
export const OAUTH2_PROXY_SETTINGS = {
  namespace: OAUTH2_PROXY.name,
  githubUsers: ['ionfury'],
} as const;

/**
 * The gateway-auth half of identity (apps.md §4): oauth2-proxy's configuration unit (GitHub OAuth
 * credentials from SSM, cookie secret, its route and canary), which its release waits for. The release's
 * values and istiod's extension provider come from the same settings (clusters/platform-releases.ts); each
 * app with `auth: 'oauth2-proxy'` adds its own CUSTOM AuthorizationPolicy. The OIDC provider (Authelia) and
 * its directory (LLDAP) are apps: apps/authelia/.
 */
export function composeIdentity(app: App, { cluster }: ClusterContext, platform: PlatformUnits): void {
  const release = platform.releases.get(OAUTH2_PROXY.name);
  if (!release) return;
  const unit = new Unit(app, 'oauth2-proxy-config', { path: 'config/oauth2-proxy-config' });
  new OAuth2ProxyConfig(unit, 'OAuth2Proxy', {
    namespace: OAUTH2_PROXY_SETTINGS.namespace,
    ssmPrefixes: ssm.readablePrefixes(cluster.name),
    gatewayNamespace: GATEWAY_NAMESPACE,
    internalDomain: cluster.network.internalDomain,
    githubUsers: OAUTH2_PROXY_SETTINGS.githubUsers,
    githubOAuthKey: ssm.githubOAuthProxy(cluster.name),
  });
  // Every platform login passes through it: the reference's 500 ms latency objective beside availability.
  new AppSlo(unit, 'slo', { app: OAUTH2_PROXY.name, namespace: OAUTH2_PROXY_SETTINGS.namespace, services: [OAUTH2_PROXY.name], objectives: { latencyMs: 500 }, file: 'clusters/identity.ts' });
  unit.dependOn(platform.secretStores, ...['secret-generator'].flatMap((r) => (platform.releases.get(r) ? [platform.releases.get(r)!] : [])));
  release.dependOn(unit);
}
