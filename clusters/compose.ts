import { App } from 'cdk8s';
import { Namespace } from '../lib/k8s/namespace.js';
import { Unit } from '../lib/k8s/unit.js';
import type { Versions } from '../lib/versions/versions.js';
import { addPlatform, fluxTree } from './flux.js';
import type { ClusterConfig } from './model.js';
import { platformNamespaces } from './platform-namespaces.js';

export interface ClusterContext {
  readonly cluster: ClusterConfig;
  readonly versions: Versions;
}

/** Builds one cluster's whole desired state as a cdk8s App (one Unit per output folder). */
export function composeCluster(ctx: ClusterContext): App {
  const app = new App({ outdir: 'unused' });
  const flux = fluxTree(app, ctx.cluster);
  const namespaces = new Unit(app, 'namespaces', { path: 'platform/namespaces' });
  for (const spec of platformNamespaces) new Namespace(namespaces, spec.name, spec);
  // platform.release('cloudnative-pg') etc. give other units a release to dependOn.
  const platform = addPlatform(app, flux, ctx.cluster, ctx.versions);
  void platform;
  // Every unit must exist before this line: it turns each unit into a Flux Kustomization.
  flux.finalize();
  return app;
}
