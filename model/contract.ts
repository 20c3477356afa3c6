// The contract between the two sides: everything the Terraform stacks (infra/) and the Kubernetes tree
// (clusters/) must agree on, stated once. Writers and readers import these constants; neither side restates
// a path, a name or a value of the other (SPEC §3.9).
import { externalSecretReaders, ssmWiringErrors, stackParameters, type ExportedParameter, type SeededParameter, type SsmReader } from '../lib/contract/ssm.js';
import type { SynthError } from '../lib/core/errors.js';
import { ClusterSync, type FluxRepository } from '../lib/flux/sync.js';
import type { RenderedCluster } from '../lib/k8s/render.js';
import type { RenderedStack } from '../lib/terraform/render.js';
import type { StateBackend } from '../lib/terraform/stack.js';
import { accounts } from '../site/accounts.js';
import type { ClusterName } from '../site/index.js';
import type { ClusterConfig } from './clusters.js';

export { ciliumValues, type CiliumValues } from './cilium-values.js';

/** The AWS region of SSM Parameter Store (read by External Secrets) and of the state bucket. */
export const AWS_REGION = accounts.aws.region;

/** Where every stack keeps its OpenTofu state. */
export const STATE_BACKEND: StateBackend = { bucket: accounts.aws.stateBucket, region: AWS_REGION };

const K8S = '/homelab/kubernetes';
const INFRA = '/homelab/infrastructure';

/** SSM parameter paths written by one side and read by the other. */
export const ssm = {
  /** The prefix of the parameters only `cluster` reads. */
  clusterPrefix: (cluster: string) => `${K8S}/${cluster}/`,
  /** The prefix of the parameters every cluster may read. */
  sharedPrefix: `${K8S}/shared/`,
  /** What a cluster's ExternalSecrets may read: its own prefix and the shared one (reference invariant 10). */
  readablePrefixes: (cluster: string): readonly string[] => [ssm.clusterPrefix(cluster), ssm.sharedPrefix],
  /** Cluster access written by the cluster stack, for operators. */
  clusterAccess: (cluster: string) => ({ kubeconfig: `${INFRA}/clusters/${cluster}/kubeconfig`, talosconfig: `${INFRA}/clusters/${cluster}/talosconfig` }),
  /** Velero's S3 key for `cluster`: access key id and secret in two parameters (global stack). */
  velero: (cluster: string) => ({ accessKeyId: `${K8S}/${cluster}/velero-s3-backup/access-key-id`, secretAccessKey: `${K8S}/${cluster}/velero-s3-backup/secret-access-key` }),
  /** The mesh root CA, `{"tls.crt","tls.key"}` (global stack). */
  istioMeshCa: `${K8S}/shared/istio-mesh-ca`,
  /** The ingress root CA behind the `homelab-ca` ClusterIssuer, `{"tls.crt","tls.key"}` (global stack). */
  ingressCa: `${K8S}/shared/homelab-ingress-ca`,
  /** Generated application secrets, one JSON object per app (global stack). */
  appSecrets: (cluster: string, app: string) => `${K8S}/${cluster}/${app}-secrets`,
  /** Cloudflare API token (JSON, property `token`) of a cluster that issues ACME certificates; seeded. */
  cloudflareApiToken: (cluster: string) => `${K8S}/${cluster}/cloudflare-api-token`,
  /**
   * The heartbeat ping URL of a cluster's Alertmanager (a healthchecks.io check that expects a ping every 2
   * minutes and notifies Discord itself when pings stop); seeded: no Terraform provider here creates the check.
   */
  heartbeatPingUrl: (cluster: string) => `${K8S}/${cluster}/heartbeat-ping-url`,
  /** Discord webhook URL of the Flux and Alertmanager notifications; seeded (docs/promotion.md). */
  discordWebhook: `${K8S}/shared/flux-discord-webhook`,
  /** The GitHub OAuth app oauth2-proxy logs users in with, JSON `client-id`/`client-secret`; seeded per cluster. */
  githubOAuthProxy: (cluster: string) => `${K8S}/${cluster}/github-oauth-proxy`,
  /** The BMC user the IPMI exporter reads sensors with (operator privilege), JSON `username`/`password`; seeded per cluster. */
  ipmiCredentials: (cluster: string) => `${K8S}/${cluster}/ipmi-credentials`,
  /** The MaxMind account (GeoLite2) the log pipeline downloads its geo database with, JSON `account-id`/`license-key`; seeded once for all clusters. */
  maxmindGeoip: `${K8S}/shared/maxmind-geoip`,
  /** GitHub token allowed to dispatch `promote.yaml`; seeded (docs/promotion.md). */
  fluxGithubDispatchToken: (cluster: string) => `${K8S}/${cluster}/flux-github-dispatch-token`,
} as const;

/**
 * Application secrets the global stack generates (random, persistent, never regenerated) for apps that need
 * them before their first start. The app reads `ssm.appSecrets(cluster, app)` with these keys as properties.
 */
export const generatedAppSecrets: Readonly<Record<string, { readonly cluster: ClusterName; readonly keys: Readonly<Record<string, number>> }>> = {
  lldap: { cluster: 'live', keys: { LLDAP_JWT_SECRET: 32, LLDAP_LDAP_USER_PASS: 32, LLDAP_KEY_SEED: 32 } },
  authelia: { cluster: 'live', keys: { STORAGE_ENCRYPTION_KEY: 64, SESSION_ENCRYPTION_KEY: 64, JWT_SECRET: 64, OIDC_HMAC_SECRET: 64 } },
};

/** Velero's backup bucket of `cluster` (global stack creates it; the cluster's BackupStorageLocation uses it). */
export const veleroBucket = (cluster: string): { readonly name: string; readonly region: string } => ({ name: `homelab-velero-backup-${cluster}`, region: AWS_REGION });

/** Secrets the Terraform bootstrap creates in a fresh cluster, before Flux and External Secrets run. */
export const bootstrapSecrets = {
  /** The one credential External Secrets reads every other secret with (`access_key`, `secret_access_key`). */
  externalSecrets: { name: 'external-secrets-access-key', namespace: 'kube-system', keys: { accessKeyId: 'access_key', secretAccessKey: 'secret_access_key' } },
} as const;

/** The repository every cluster's Flux syncs (git for dev, OCI artifacts of dist/kubernetes elsewhere). */
export const fluxRepository: FluxRepository = {
  gitUrl: `https://github.com/${accounts.github.org}/${accounts.github.repository}`,
  ociUrl: `oci://ghcr.io/${accounts.github.org}/${accounts.github.repository}/kubernetes`,
};

/** How a cluster's Flux follows the repository: the Terraform FluxInstance and the Flux tree both use it. */
export function clusterSync(cluster: ClusterConfig): ClusterSync {
  return new ClusterSync(cluster.name, cluster.flux, fluxRepository);
}

/** The runbook that says how to seed and rotate every hand-seeded parameter. */
export const SEEDING_RUNBOOK = 'docs/runbooks/ssm-parameters.md';

/**
 * Parameters nothing in the repository can produce (credentials of outside accounts): an operator seeds
 * them once, as SecureStrings, following the runbook. Every entry must be read by something.
 */
export function seededParameters(clusters: readonly ClusterConfig[]): SeededParameter[] {
  const runbook = SEEDING_RUNBOOK;
  return [
    { path: accounts.unifi.apiKey, holds: 'UniFi controller API key (leases, DNS, DHCP boot options)', runbook },
    { path: accounts.github.token, holds: 'GitHub token Flux pulls the repository with (dev)', runbook },
    { path: accounts.externalSecrets.id, holds: 'access key id of the IAM user External Secrets reads SSM with', runbook },
    { path: accounts.externalSecrets.secret, holds: 'secret access key of that IAM user', runbook },
    ...clusters
      // Read by cert-manager's DNS-01 solver and by external-dns.
      .filter((c) => c.tlsIssuer === 'cloudflare' || c.features.publicDns)
      .map((c) => ({ path: ssm.cloudflareApiToken(c.name), holds: 'Cloudflare API token with DNS edit on the zones, JSON {"token": …}', properties: ['token'], runbook })),
    { path: ssm.discordWebhook, holds: 'Discord webhook URL of the Flux and Alertmanager notifications', runbook: 'docs/promotion.md' },
    ...clusters.map((c) => ({ path: ssm.githubOAuthProxy(c.name), holds: `the GitHub OAuth app oauth2-proxy logs in with on ${c.name}, JSON {"client-id", "client-secret"}`, properties: ['client-id', 'client-secret'], runbook })),
    ...clusters.map((c) => ({ path: ssm.heartbeatPingUrl(c.name), holds: `healthchecks.io ping URL of ${c.name}'s Alertmanager heartbeat`, runbook })),
    { path: ssm.maxmindGeoip, holds: 'the MaxMind account (free GeoLite2) the log pipeline downloads its geo database with, JSON {"account-id", "license-key"}', properties: ['account-id', 'license-key'], runbook },
    ...clusters
      // Read by the IPMI exporter's config wherever the cluster has BMCs to poll.
      .filter((c) => c.hardware.bmcs.length > 0)
      .map((c) => ({ path: ssm.ipmiCredentials(c.name), holds: `the BMC user of ${c.name}'s nodes the IPMI exporter logs in with (operator privilege, IPMI LAN 2.0), JSON {"username", "password"}`, properties: ['username', 'password'], runbook })),
    ...clusters
      .filter((c) => c.promotion === 'validate')
      .map((c) => ({ path: ssm.fluxGithubDispatchToken(c.name), holds: 'GitHub token that may send repository_dispatch', runbook: 'docs/promotion.md' })),
  ];
}

/**
 * An app's own secrets, under `<cluster prefix><app namespace>/`, are seeded by the app's owner (the runbook
 * says how): an app declares them in its one file, so no list here grows with the apps.
 */
export function isAppSeeded(reader: SsmReader): boolean {
  const m = /^\/homelab\/kubernetes\/[a-z0-9-]+\/([a-z0-9-]+)\/[A-Za-z0-9_./-]+$/.exec(reader.path);
  return Boolean(m && reader.namespace === m[1]);
}

/** Parameters the stacks write for operators; nothing in the repository reads them. */
export function exportedParameters(clusters: readonly ClusterConfig[]): ExportedParameter[] {
  return clusters.flatMap((c) => {
    const access = ssm.clusterAccess(c.name);
    return [
      { path: access.kubeconfig, usedBy: `operators: kubectl against ${c.name} (docs/infrastructure.md)` },
      { path: access.talosconfig, usedBy: `operators: talosctl against ${c.name} (docs/infrastructure.md)` },
    ];
  });
}

/**
 * The synth-time check of the contract (SPEC §3.9): over the rendered output, every SSM parameter an
 * ExternalSecret or a stack reads is written by a stack or seeded by hand (with its properties), every
 * parameter written is read or exported, and the lists above hold no stale entry.
 */
export function contractCheck(clusters: readonly ClusterConfig[]) {
  return (out: { readonly clusters: readonly RenderedCluster[]; readonly stacks: readonly RenderedStack[] }): SynthError[] => {
    const stacks = stackParameters(out.stacks);
    const readers = [...externalSecretReaders(out.clusters), ...stacks.readers];
    return ssmWiringErrors({
      readers,
      writers: stacks.writers,
      seeded: seededParameters(clusters),
      seededByOwner: isAppSeeded,
      exported: exportedParameters(clusters),
      awaitingReader: (w) => {
        // A generated app secret waits for its app: until the app is deployed on its cluster nothing reads it.
        const entry = Object.entries(generatedAppSecrets).find(([app, s]) => ssm.appSecrets(s.cluster, app) === w.path);
        if (!entry) return undefined;
        const [app, { cluster }] = entry;
        const deployed = out.clusters.find((c) => c.name === cluster)?.objects.some((o) => o.object.kind === 'HelmRelease' && o.object.metadata.name === app);
        return deployed ? undefined : `app ${app} is not deployed on ${cluster} yet`;
      },
      contract: 'model/contract.ts',
    });
  };
}
