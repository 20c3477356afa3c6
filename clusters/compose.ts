import { App } from 'cdk8s';
import { Unit } from '../lib/k8s/unit.js';
import type { Versions } from '../lib/versions/versions.js';
import { composeApps } from './apps.js';
import { composeDataServices, composeIngress } from './data-services.js';
import { addPlatform, fluxTree } from './flux.js';
import type { ClusterConfig } from './model.js';
import { composeNetworkPolicy } from './network-policy.js';

export interface ClusterContext {
  readonly cluster: ClusterConfig;
  readonly versions: Versions;
}

/** Builds one cluster's whole desired state as a cdk8s App (one Unit per output folder). */
export function composeCluster(ctx: ClusterContext): App {
  const app = new App({ outdir: 'unused' });
  const flux = fluxTree(app, ctx.cluster);
  const namespaces = new Unit(app, 'namespaces', { path: 'platform/namespaces' });
  const network = composeNetworkPolicy(app, namespaces, ctx.cluster);
  const platform = addPlatform(app, flux, ctx.cluster, ctx.versions);
  composeDataServices(app, ctx, platform);
  composeIngress(app, ctx);
  composeApps(app, ctx, network, undefined, platform.releases);
  // Every unit must exist before this line: it turns each unit into a Flux Kustomization.
  flux.finalize();
  return app;
}
