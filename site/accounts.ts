import { siteNetwork } from './networking.js';

/**
 * External accounts (reference: accounts.hcl, infra.md §5): where state lives, the UniFi controller, the GitHub
 * repository. Secrets appear only as the names of SSM parameters an operator seeds by hand (model/contract.ts
 * lists them with their runbooks).
 */
export const accounts = {
  aws: { region: 'us-east-2', stateBucket: 'homelab-terragrunt-remote-state' },
  unifi: { apiUrl: `https://${siteNetwork.endpoints['unifi-network'].address}`, site: 'default', apiKey: '/homelab/infrastructure/accounts/unifi/api-key' },
  cloudflare: { acmeEmail: 'ionfury@gmail.com' },
  github: { org: 'ionfury', repository: 'homelab', token: '/homelab/infrastructure/accounts/github/token' },
  externalSecrets: { id: '/homelab/infrastructure/accounts/external-secrets/id', secret: '/homelab/infrastructure/accounts/external-secrets/secret' },
} as const;
