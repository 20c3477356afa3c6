import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider/index.js';
import type { App } from 'cdktf';
import { AppSecrets } from '../lib/terraform/app-secrets.js';
import { RootCa } from '../lib/terraform/root-ca.js';
import { HomelabStack } from '../lib/terraform/stack.js';
import { VeleroStorage } from '../lib/terraform/velero-storage.js';
import { AWS_REGION, generatedAppSecrets, ssm, STATE_BACKEND, veleroBucket } from '../model/contract.js';
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

  for (const { name } of model.clusters) new VeleroStorage(stack, `velero-${name}`, { cluster: name, bucket: veleroBucket(name).name, ssm: ssm.velero(name) });

  new RootCa(stack, 'istio-mesh-ca', { commonName: 'istio-mesh-root-ca', organization: 'homelab', ssmParameter: ssm.istioMeshCa });
  new RootCa(stack, 'ingress-ca', { commonName: 'homelab-ingress-root-ca', organization: 'homelab', ssmParameter: ssm.ingressCa });

  for (const [app, { cluster, keys }] of Object.entries(generatedAppSecrets)) {
    new AppSecrets(stack, `${app}-secrets`, {
      app,
      ssmParameter: ssm.appSecrets(cluster, app),
      secrets: Object.fromEntries(Object.entries(keys).map(([key, length]) => [key, { length }])),
    });
  }
  return stack;
}
