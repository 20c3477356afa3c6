// The contract between the two sides: everything the Terraform stacks (infra/) and the Kubernetes tree
// (clusters/) must agree on, stated once. Writers and readers import these constants; neither side restates
// a path, a name or a value of the other (SPEC §3.9).
import { ClusterSync, type FluxRepository } from '../lib/flux/sync.js';
import type { StateBackend } from '../lib/terraform/stack.js';
import { accounts } from '../site/accounts.js';
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
  /** Velero's S3 key for `cluster` (global stack). */
  velero: (cluster: string) => `${K8S}/${cluster}/velero-s3-backup`,
  /** The mesh root CA, `{"tls.crt","tls.key"}` (global stack). */
  istioMeshCa: `${K8S}/shared/istio-mesh-ca`,
  /** The ingress root CA behind the `homelab-ca` ClusterIssuer, `{"tls.crt","tls.key"}` (global stack). */
  ingressCa: `${K8S}/shared/homelab-ingress-ca`,
  /** Generated application secrets, one JSON object per app (global stack). */
  appSecrets: (cluster: string, app: string) => `${K8S}/${cluster}/${app}-secrets`,
  /** Read in-cluster, seeded by hand. */
  cloudflareApiToken: `${K8S}/shared/cloudflare-api-token`,
  /**
   * The heartbeat ping URL of a cluster's Alertmanager (a healthchecks.io check that expects a ping every 2
   * minutes and notifies Discord itself when pings stop); seeded: no Terraform provider here creates the check.
   */
  heartbeatPingUrl: (cluster: string) => `${K8S}/${cluster}/heartbeat-ping-url`,
  /** Discord webhook URL of the Flux and Alertmanager notifications. */
  discordWebhook: `${K8S}/shared/flux-discord-webhook`,
  /** The GitHub OAuth app oauth2-proxy logs users in with, JSON `client-id`/`client-secret`; seeded per cluster. */
  githubOAuthProxy: (cluster: string) => `${K8S}/${cluster}/github-oauth-proxy`,
  fluxGithubDispatchToken: (cluster: string) => `${K8S}/${cluster}/flux-github-dispatch-token`,
} as const;

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
