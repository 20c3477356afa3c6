// external-dns (reference: platform-extras.md §4e): publishes the external gateway's HTTPRoute hostnames to
// Cloudflare, on the cluster that serves the public zone (live). Every record points at the external
// gateway's target name (clusters/ingress.ts). A cluster release outside the platform catalog, as in the
// reference (live's own release list), in the platform namespace `external-dns`.
import type { App } from 'cdk8s';
import { SsmExternalSecret } from '../lib/flux/ssm-secret.js';
import { PlatformRelease } from '../lib/flux/release.js';
import { Unit } from '../lib/k8s/unit.js';
import type { Versions } from '../lib/versions/versions.js';
import { ssm } from '../model/contract.js';
import type { PlatformUnits } from './flux.js';
import type { ClusterConfig } from '../model/index.js';

const NAMESPACE = 'external-dns';
const TOKEN_SECRET = 'cloudflare-api-token';

export function composeExternalDns(app: App, cluster: ClusterConfig, versions: Versions, platform: PlatformUnits): PlatformRelease | undefined {
  if (!cluster.features.publicDns) return undefined;
  const config = new Unit(app, 'external-dns-config', { path: 'config/external-dns-config' });
  new SsmExternalSecret(config, 'cloudflare-token', {
    name: TOKEN_SECRET, namespace: NAMESPACE, allowedPrefixes: ssm.readablePrefixes(cluster.name),
    // The Cloudflare API token with DNS edit on the zone (the one cert-manager's DNS-01 solver uses).
    data: { token: { key: ssm.cloudflareApiToken(cluster.name), property: 'token' } },
  });
  const release = new PlatformRelease(app, 'release-external-dns', {
    name: 'external-dns',
    namespace: NAMESPACE,
    chart: 'external-dns',
    repositoryUrl: 'https://kubernetes-sigs.github.io/external-dns/',
    version: versions.get('external_dns_version'),
    dependsOn: [platform.release('external-secrets'), platform.release('kube-prometheus-stack-crds')],
    values: {
      provider: { name: 'cloudflare' },
      sources: ['gateway-httproute'],
      domainFilters: [cluster.network.externalDomain],
      // Deletes records whose route is gone. The TXT registry's owner id stays the default, as the records
      // already in the zone carry it (a new owner would orphan them).
      policy: 'sync',
      env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: TOKEN_SECRET, key: 'token' } } }],
      serviceMonitor: { enabled: true, interval: '1m' },
      priorityClassName: 'platform',
      resources: { requests: { cpu: '10m', memory: '64Mi' } },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534, capabilities: { drop: ['ALL'] } },
    },
  });
  // The token Secret must exist before the pod starts.
  release.dependOn(config);
  return release;
}
