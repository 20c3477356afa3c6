import { site } from './networking.js';

/** External accounts the stacks use; secrets are only ever SSM parameter names (reference: accounts.hcl). */
export const accounts = {
  unifi: { apiUrl: `https://${site.endpoints['unifi-network'].address}`, site: 'default', apiKey: '/homelab/infrastructure/accounts/unifi/api-key' },
  github: { org: 'ionfury', repository: 'homelab', token: '/homelab/infrastructure/accounts/github/token' },
  externalSecrets: { id: '/homelab/infrastructure/accounts/external-secrets/id', secret: '/homelab/infrastructure/accounts/external-secrets/secret' },
} as const;

/** SSM parameters the stacks write (read in-cluster by ExternalSecrets, or by operators). */
export const ssmPaths = {
  clusterAccess: (cluster: string) => ({ kubeconfig: `/homelab/infrastructure/clusters/${cluster}/kubeconfig`, talosconfig: `/homelab/infrastructure/clusters/${cluster}/talosconfig` }),
  velero: (cluster: string) => `/homelab/kubernetes/${cluster}/velero-s3-backup`,
  istioMeshCa: '/homelab/kubernetes/shared/istio-mesh-ca',
  ingressCa: '/homelab/kubernetes/shared/homelab-ingress-ca',
  appSecrets: (cluster: string, app: string) => `/homelab/kubernetes/${cluster}/${app}-secrets`,
} as const;

