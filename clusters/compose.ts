import { App } from 'cdk8s';
import { Unit } from '../lib/k8s/unit.js';
import type { Versions } from '../lib/versions/versions.js';
import type { ClusterConfig } from './model.js';
import { composeNetworkPolicy } from './network-policy.js';
import { composeDataServices } from './data-services.js';
import { composeApps } from './apps.js';

export interface ClusterContext {
  readonly cluster: ClusterConfig;
  readonly versions: Versions;
}

/** Builds one cluster's whole desired state as a cdk8s App (one Unit per output folder). */
export function composeCluster(ctx: ClusterContext): App {
  const app = new App({ outdir: 'unused' });
  const namespaces = new Unit(app, 'namespaces', { path: 'namespaces' });
  const network = composeNetworkPolicy(app, namespaces, ctx.cluster);
  composeDataServices(app, ctx);
  composeApps(app, ctx, network);
  return app;
}
