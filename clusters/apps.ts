import type { App } from 'cdk8s';
import { appModules } from 'virtual:homelab-apps';
import { SynthError } from '../lib/core/errors.js';
import { HomelabApp } from '../lib/app/app.js';
import { appContext, type AppDefinition } from '../lib/app/define.js';
import { AppRegistry } from '../lib/app/registry.js';
import { DataServices } from '../lib/data-services/registry.js';
import type { Unit } from '../lib/k8s/unit.js';
import type { NetworkPolicySystem } from '../lib/netpol/system.js';
import type { ClusterContext } from './compose.js';
import { GATEWAY_NAMESPACE } from './platform-namespaces.js';

export interface DiscoveredApp {
  readonly source: string;
  readonly definition: AppDefinition;
}

/** Every app file under apps/ (discovered at build time), keyed by path. */
export function discoveredApps(): readonly DiscoveredApp[] {
  return Object.entries(appModules).map(([source, m]) => {
    if (!m.default || typeof m.default.props !== 'function') throw new SynthError(source, 'an app file must `export default defineApp({...})`');
    return { source, definition: m.default };
  });
}

/**
 * Declares the apps enabled on this cluster, then lets the registry resolve cross-app references. Pure
 * composition: nothing here names an app.
 */
export function composeApps(
  app: App,
  ctx: ClusterContext,
  network: NetworkPolicySystem,
  apps = discoveredApps(),
  platformReleases?: ReadonlyMap<string, Unit>,
): readonly HomelabApp[] {
  const { cluster, versions } = ctx;
  const env = { cluster: cluster.name, internalDomain: cluster.network.internalDomain, externalDomain: cluster.network.externalDomain, gatewayNamespace: GATEWAY_NAMESPACE, versions };
  const ds = DataServices.of(app);
  const declared: HomelabApp[] = [];
  for (const { source, definition } of apps) {
    const unknown = definition.clusters.filter((c) => !ctx.clusterNames.includes(c));
    if (unknown.length) throw new SynthError(source, `app "${definition.name}" names unknown cluster(s) ${unknown.map((c) => `"${c}"`).join(', ')} (known: ${ctx.clusterNames.join(', ')})`, 'clusters');
    if (!definition.clusters.includes(cluster.name)) continue;
    const props = definition.props(appContext(cluster.name, definition.name, source, ds.endpointsFor(definition.name), { internal: env.internalDomain, external: env.externalDomain }, versions));
    if (props.name !== definition.name) throw new SynthError(source, `defineApp name "${definition.name}" differs from props name "${String(props.name)}"`, 'name');
    // Construct id from the file, so two files declaring one name reach the registry's duplicate check.
    declared.push(new HomelabApp(app, source.replace(/[^A-Za-z0-9-]/g, '-'), props, { env, network, source, ...(platformReleases ? { platformReleases } : {}) }));
  }
  AppRegistry.of(app).connect();
  return declared;
}
