import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider/index.js';
import type { App } from 'cdktf';
import { AppSecrets } from '../lib/terraform/app-secrets.js';
import { RootCa } from '../lib/terraform/root-ca.js';
import { HomelabStack } from '../lib/terraform/stack.js';
import { VeleroStorage } from '../lib/terraform/velero-storage.js';
import { AWS_REGION, ssm, STATE_BACKEND } from '../model/contract.js';
import type { HomelabModel } from '../model/index.js';

/**
 * The persistent stack (never destroyed with a cluster): backup storage per cluster, the shared root CAs
 * and generated application secrets, all delivered through SSM (reference: infra.md §5, global).
 */
export function composeGlobalStack(app: App, model: HomelabModel): HomelabStack {
  const stack = new HomelabStack(app, { name: 'global', backend: STATE_BACKEND });
  new AwsProvider(stack, 'aws', { region: AWS_REGION });
  new TlsProvider(stack, 'tls');
  new RandomProvider(stack, 'random');

  for (const { name } of model.clusters) new VeleroStorage(stack, `velero-${name}`, { cluster: name, ssmPrefix: ssm.velero(name) });

  new RootCa(stack, 'istio-mesh-ca', { commonName: 'istio-mesh-root-ca', organization: 'homelab', ssmParameter: ssm.istioMeshCa });
  new RootCa(stack, 'ingress-ca', { commonName: 'homelab-ingress-root-ca', organization: 'homelab', ssmParameter: ssm.ingressCa });

  new AppSecrets(stack, 'lldap-secrets', {
    app: 'lldap',
    ssmParameter: ssm.appSecrets('live', 'lldap'),
    secrets: { LLDAP_JWT_SECRET: { length: 32 }, LLDAP_LDAP_USER_PASS: { length: 32 }, LLDAP_KEY_SEED: { length: 32 } },
  });
  new AppSecrets(stack, 'authelia-secrets', {
    app: 'authelia',
    ssmParameter: ssm.appSecrets('live', 'authelia'),
    secrets: {
      STORAGE_ENCRYPTION_KEY: { length: 64 },
      SESSION_ENCRYPTION_KEY: { length: 64 },
      JWT_SECRET: { length: 64 },
      OIDC_HMAC_SECRET: { length: 64 },
    },
  });
  return stack;
}
