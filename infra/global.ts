import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider/index.js';
import type { App } from 'cdktf';
import { CLUSTER_NAMES } from '../lib/model/cluster.js';
import { AppSecrets } from '../lib/terraform/app-secrets.js';
import { RootCa } from '../lib/terraform/root-ca.js';
import { HomelabStack, STATE_BACKEND } from '../lib/terraform/stack.js';
import { VeleroStorage } from '../lib/terraform/velero-storage.js';
import { ssmPaths } from './accounts.js';

/**
 * The persistent stack (never destroyed with a cluster): backup storage per cluster, the shared root CAs
 * and generated application secrets, all delivered through SSM (reference: infra.md §5, global).
 */
export function composeGlobalStack(app: App): HomelabStack {
  const stack = new HomelabStack(app, { name: 'global' });
  new AwsProvider(stack, 'aws', { region: STATE_BACKEND.region });
  new TlsProvider(stack, 'tls');
  new RandomProvider(stack, 'random');

  for (const cluster of CLUSTER_NAMES) new VeleroStorage(stack, `velero-${cluster}`, { cluster, ssmPrefix: ssmPaths.velero(cluster) });

  new RootCa(stack, 'istio-mesh-ca', { commonName: 'istio-mesh-root-ca', organization: 'homelab', ssmParameter: ssmPaths.istioMeshCa });
  new RootCa(stack, 'ingress-ca', { commonName: 'homelab-ingress-root-ca', organization: 'homelab', ssmParameter: ssmPaths.ingressCa });

  new AppSecrets(stack, 'lldap-secrets', {
    app: 'lldap',
    ssmParameter: ssmPaths.appSecrets('live', 'lldap'),
    secrets: { LLDAP_JWT_SECRET: { length: 32 }, LLDAP_LDAP_USER_PASS: { length: 32 }, LLDAP_KEY_SEED: { length: 32 } },
  });
  new AppSecrets(stack, 'authelia-secrets', {
    app: 'authelia',
    ssmParameter: ssmPaths.appSecrets('live', 'authelia'),
    secrets: {
      STORAGE_ENCRYPTION_KEY: { length: 64 },
      SESSION_ENCRYPTION_KEY: { length: 64 },
      JWT_SECRET: { length: 64 },
      OIDC_HMAC_SECRET: { length: 64 },
    },
  });
  return stack;
}
