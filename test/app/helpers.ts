import { join } from 'node:path';
import { App } from 'cdk8s';
import { composeApps } from '../../clusters/apps.js';
import { composeDataServices } from '../../clusters/data-services.js';
import { composeIngress } from '../../clusters/ingress.js';
import { composeIdentity } from '../../clusters/identity.js';
import { createObservability } from '../../clusters/observability.js';
import { composeDisasterRecovery } from '../../clusters/disaster-recovery.js';
import { composeNetworkPolicy, type ClusterNetworkPolicy } from '../../clusters/network-policy.js';
import { addPlatform, fluxTree } from '../../clusters/flux.js';
import { Unit } from '../../lib/k8s/unit.js';
import { clusterContext, clusters } from '../model.js';
import { defineGroup, type AppContext, type AppDefinition, type GroupDefinition } from '../../lib/app/define.js';
import type { AppGroupProps, HomelabAppProps } from '../../lib/app/props.js';
import { DataServices } from '../../lib/data-services/registry.js';
import { renderCluster, type RenderedCluster } from '../../lib/k8s/render.js';
import type { ClusterName } from '../../model/index.js';
import { Versions } from '../../lib/versions/versions.js';
import { repoRoot } from '../helpers.js';

export const versions = Versions.load(join(repoRoot, 'versions.env'));

export interface TestClusterOptions {
  readonly cluster?: ClusterName;
  /** Drop a shared service from the registry, as on a cluster without that release. */
  readonly without?: ReadonlyArray<'postgres' | 'dragonfly' | 'garage' | 'backups' | 'secretStore'>;
}

export interface TestApp {
  readonly source: string;
  readonly definition: AppDefinition | GroupDefinition;
}

const ALL: readonly ClusterName[] = ['dev', 'integration', 'live'];

/** Definitions as app files would export them, enabled everywhere (source names the pretend file). */
export function defs(...apps: HomelabAppProps[]): TestApp[] {
  return apps.map((a) => ({ source: `apps/${String(a.name)}.ts`, definition: { name: String(a.name), clusters: ALL, props: () => a } }));
}

/** An app of a group, as `apps/<group>/<name>.ts` would export it. */
export function groupApp(group: string, props: HomelabAppProps, clusters: readonly ClusterName[] = ALL): TestApp {
  const name = String(props.name);
  return { source: `apps/${group}/${name}.ts`, definition: { name, group, clusters, props: () => props } };
}

/** A group file `apps/<name>/group.ts`. */
export function groupDef(name: string, props: AppGroupProps, clusters: readonly ClusterName[] = ALL): TestApp {
  return { source: `apps/${name}/group.ts`, definition: defineGroup({ name, clusters, props: () => props }) };
}

/** An app definition with a props function of the context (cross-app references). */
export function defWith(name: string, props: (c: AppContext) => HomelabAppProps, clusters: readonly ClusterName[] = ALL): TestApp {
  return { source: `apps/${name}.ts`, definition: { name, clusters, props } };
}

/** A cluster App with the shared data services and exactly the given apps (a temporary scope). */
export function buildCluster(apps: readonly TestApp[], options: TestClusterOptions = {}): { app: App; services: DataServices; network: ClusterNetworkPolicy } {
  const app = new App({ outdir: 'unused' });
  const ctx = clusterContext(clusters[options.cluster ?? 'live'], versions);
  // The same composition as clusters/compose.ts, with the apps given instead of the discovered ones.
  const observability = createObservability(app, ctx.cluster, process.cwd());
  const flux = fluxTree(app, ctx.cluster);
  const network = composeNetworkPolicy(app, new Unit(app, 'namespaces', { path: 'platform/namespaces' }), ctx.cluster);
  const platform = addPlatform(app, flux, ctx.cluster, versions);
  const services = composeDataServices(app, ctx, network, platform);
  composeIngress(app, ctx);
  composeIdentity(app, ctx, platform);
  for (const w of options.without ?? []) services[w] = undefined;
  composeApps(app, ctx, network.system, apps, platform.releases);
  composeDisasterRecovery(app, ctx);
  observability.finalize();
  flux.finalize();
  return { app, services, network };
}

export function render(apps: readonly TestApp[], options: TestClusterOptions = {}): RenderedCluster {
  return renderCluster(options.cluster ?? 'live', buildCluster(apps, options).app);
}

/** The one object with this kind/namespace/name (throws when absent, so assertions name it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary object fields
export function find(out: RenderedCluster, kind: string, namespace: string | undefined, name: string): { object: any; file: string } {
  const hit = out.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name && o.object.metadata.namespace === namespace);
  if (!hit) throw new Error(`no ${kind} ${namespace ?? ''}/${name}; have: ${out.objects.map((o) => `${o.object.kind} ${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`).join(', ')}`);
  return { object: hit.object, file: hit.file };
}

export function filesIn(out: RenderedCluster, folder: string): string[] {
  return out.objects.filter((o) => o.file.startsWith(`${folder}/`)).map((o) => o.file.slice(folder.length + 1)).sort();
}
