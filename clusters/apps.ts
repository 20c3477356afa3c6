import type { App } from 'cdk8s';
import { appModules } from 'virtual:homelab-apps';
import { z } from 'zod';
import { SynthError, throwIfAny, within } from '../lib/core/errors.js';
import { HomelabApp } from '../lib/app/app.js';
import { appContext, type AppContext, type AppDefinition } from '../lib/app/define.js';
import type { HomelabAppProps } from '../lib/app/props.js';
import { CLUSTER_NAMES } from '../lib/model/cluster.js';
import { AppRegistry } from '../lib/app/registry.js';
import { DataServices } from '../lib/data-services/registry.js';
import type { Unit } from '../lib/k8s/unit.js';
import type { NetworkPolicySystem } from '../lib/netpol/system.js';
import type { ClusterContext } from './compose.js';

export interface DiscoveredApp {
  readonly source: string;
  readonly definition: AppDefinition;
}

const definitionSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase DNS label (a-z, 0-9, -)').max(63),
  clusters: z.array(z.enum(CLUSTER_NAMES), 'must list the clusters the app runs on (dev, integration, live)'),
  props: z.custom<AppDefinition['props']>((v) => typeof v === 'function', 'must be a function (ctx) => props'),
});

/** Loads one app file and checks that its default export is a `defineApp({...})`. */
function loadApp(source: string, load: () => unknown): DiscoveredApp {
  const m = within(source, load, (message) => `the app file threw while loading: ${message}`);
  const definition = (m as { default?: unknown } | undefined)?.default;
  if (!definition || typeof definition !== 'object') {
    const exported = Object.keys((m ?? {}) as object).filter((k) => k !== 'default');
    throw new SynthError(source, `an app file must \`export default defineApp({...})\`${exported.length ? ` (it exports only: ${exported.join(', ')})` : ''}`, 'default');
  }
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    throwIfAny(parsed.error.issues.map((i) => new SynthError(source, `defineApp({...}): ${i.path.join('.') || 'definition'} ${i.message}`, i.path.join('.') || undefined)));
  }
  return { source, definition: definition as AppDefinition };
}

/** Every app file under apps/ (discovered at build time), keyed by path. A broken file is an error naming it. */
export function discoveredApps(): readonly DiscoveredApp[] {
  const apps: DiscoveredApp[] = [];
  const errors: Error[] = [];
  for (const [source, load] of Object.entries(appModules)) {
    try {
      apps.push(loadApp(source, load));
    } catch (e) {
      errors.push(e as Error);
    }
  }
  throwIfAny(errors);
  return apps;
}

/** An app's props for one cluster: `props()` must return an object, and whatever it throws names the file. */
function appProps(source: string, definition: AppDefinition, ctx: AppContext): HomelabAppProps {
  const props = within(source, () => definition.props(ctx), (message) => `props() threw: ${message}`, 'props');
  if (!props || typeof props !== 'object' || Array.isArray(props)) {
    throw new SynthError(source, `props() returned ${props === null ? 'null' : Array.isArray(props) ? 'an array' : typeof props}; it must return the app's props object (a missing \`return\`?)`, 'props');
  }
  return props;
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
  const env = { cluster: cluster.name, internalDomain: cluster.network.internalDomain, externalDomain: cluster.network.externalDomain, versions };
  const ds = DataServices.of(app);
  const declared: HomelabApp[] = [];
  for (const { source, definition } of apps) {
    if (!definition.clusters.includes(cluster.name)) continue;
    const props = appProps(source, definition, appContext(cluster.name, definition.name, source, ds.endpointsFor(definition.name), { internal: env.internalDomain, external: env.externalDomain }, versions));
    if (props.name !== definition.name) throw new SynthError(source, `defineApp name "${definition.name}" differs from props name "${String(props.name)}"`, 'name');
    // Construct id from the file, so two files declaring one name reach the registry's duplicate check.
    // Anything that fails while the app is declared (a construct-id collision, a helper's TypeError) names the file.
    declared.push(
      within(source, () => new HomelabApp(app, source.replace(/[^A-Za-z0-9-]/g, '-'), props, { env, network, source, ...(platformReleases ? { platformReleases } : {}) }), (m) => `app "${definition.name}": ${m}`),
    );
  }
  AppRegistry.of(app).connect();
  return declared;
}
