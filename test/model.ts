// The built-in homelab's model for tests that compose one part of it (the synth builds its own per run).
import { buildModel, type ClusterConfig, type ClusterName } from '../model/index.js';
import { homelabSite } from '../site/index.js';

export { CLUSTER_NAMES } from '../site/networking.js';

export const model = buildModel(homelabSite);

/** The clusters of the model by name. */
export const clusters = Object.fromEntries(model.clusters.map((c) => [c.name, c])) as Record<ClusterName, ClusterConfig>;

/** The context `composeCluster`/`composeDataServices`/`composeApps` take, for one cluster. */
export function clusterContext<V>(cluster: ClusterConfig, versions: V) {
  return { cluster, clusterNames: model.clusters.map((c) => c.name), versions };
}
