import type { App } from 'cdk8s';
import { appModules } from 'virtual:homelab-apps';
import { z } from '../lib/core/zod.js';
import { SynthError, throwIfAny, within } from '../lib/core/errors.js';
import { HomelabApp, type AppEnvironment } from '../lib/app/app.js';
import { appContext, isGroupDefinition, type AppContext, type AppDefinition, type GroupDefinition, type RecordedReference } from '../lib/app/define.js';
import { HomelabAppGroup } from '../lib/app/group.js';
import { AppRegistry } from '../lib/app/registry.js';
import { DataServices } from '../lib/data-services/registry.js';
import type { Unit } from '../lib/k8s/unit.js';
import { KUBERNETES_OUTPUT } from '../lib/flux/sync.js';
import { fluxRepository } from '../model/contract.js';
import type { NetworkPolicySystem } from '../lib/netpol/system.js';
import type { ClusterContext } from './compose.js';
import { GATEWAY_NAMESPACE } from './platform-namespaces.js';
import { namedCidrs } from './network-policy.js';

export interface DiscoveredApp {
  readonly source: string;
  readonly definition: AppDefinition | GroupDefinition;
}

const definitionSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase DNS label (a-z, 0-9, -)').max(63),
  props: z.custom<AppDefinition['props']>((v) => typeof v === 'function', 'must be a function (ctx) => props'),
});

/** Loads one app or group file and checks that its default export is a `defineApp`/`defineGroup({...})`. */
function loadDefinition(source: string, load: () => unknown): DiscoveredApp {
  const m = within(source, load, (message) => `the file threw while loading: ${message}`);
  const definition = (m as { default?: unknown } | undefined)?.default;
  const kind = source.endsWith('/group.ts') ? 'defineGroup' : 'defineApp';
  if (!definition || typeof definition !== 'object') {
    const exported = Object.keys((m ?? {}) as object).filter((k) => k !== 'default');
    throw new SynthError(source, `the file must \`export default ${kind}({...})\`${exported.length ? ` (it exports only: ${exported.join(', ')})` : ''}`, 'default');
  }
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    const which = isGroupDefinition(definition) ? 'defineGroup' : 'defineApp';
    throwIfAny(parsed.error.issues.map((i) => new SynthError(source, `${which}({...}): ${i.path.join('.') || 'definition'} ${i.message}`, i.path.join('.') || undefined)));
  }
  return { source, definition: definition as AppDefinition | GroupDefinition };
}

/** Every app and group file under apps/ (discovered at build time), keyed by path. A broken file is an error naming it. */
export function discoveredApps(): readonly DiscoveredApp[] {
  const files: DiscoveredApp[] = [];
  const errors: Error[] = [];
  for (const [source, load] of Object.entries(appModules)) {
    try {
      files.push(loadDefinition(source, load));
    } catch (e) {
      errors.push(e as Error);
    }
  }
  throwIfAny(errors);
  return files;
}

/** A definition's props for one cluster: `props()` must return an object, and whatever it throws names the file. */
function propsOf<P>(source: string, definition: { props: (ctx: AppContext) => P }, ctx: AppContext): P {
  const props = within(source, () => definition.props(ctx), (message) => `props() threw: ${message}`, 'props');
  if (!props || typeof props !== 'object' || Array.isArray(props)) {
    throw new SynthError(source, `props() returned ${props === null ? 'null' : Array.isArray(props) ? 'an array' : typeof props}; it must return the props object (a missing \`return\`?)`, 'props');
  }
  return props;
}

/** The definition-level fields (name, clusters, group) every app and group file must get right. */
function checkDefinitions(files: readonly DiscoveredApp[], clusterNames: readonly string[]): void {
  const errors: SynthError[] = [];
  const groups = new Map(files.filter((f) => isGroupDefinition(f.definition)).map((f) => [f.definition.name, f]));
  for (const { source, definition } of files) {
    const kind = isGroupDefinition(definition) ? 'defineGroup' : 'defineApp';
    const clusters = Array.isArray(definition.clusters) ? definition.clusters : [];
    if (!Array.isArray(definition.clusters)) errors.push(new SynthError(source, `${kind}({...}) needs "clusters", a list of ${clusterNames.join(', ')}`, 'clusters'));
    for (const [i, c] of clusters.entries()) {
      if (!clusterNames.includes(c)) errors.push(new SynthError(source, `unknown cluster "${String(c)}" (one of ${clusterNames.join(', ')})`, `clusters.${i}`));
    }
    if (isGroupDefinition(definition)) continue;
    if (definition.group === undefined) continue;
    const group = groups.get(definition.group);
    if (!group) {
      errors.push(new SynthError(source, `group "${definition.group}" has no group file (known groups: ${[...groups.keys()].sort().join(', ') || 'none'})`, 'group'));
      continue;
    }
    for (const [i, c] of clusters.entries()) {
      if (!group.definition.clusters.includes(c)) errors.push(new SynthError(source, `app "${definition.name}" runs on cluster "${c}", where its group "${definition.group}" does not exist (${group.source} lists ${group.definition.clusters.join(', ')})`, `clusters.${i}`));
    }
  }
  throwIfAny(errors);
}

/**
 * Declares the groups and apps enabled on this cluster, then lets the registry resolve cross-app
 * references. Pure composition: nothing here names an app.
 */
export function composeApps(
  app: App,
  ctx: ClusterContext,
  network: NetworkPolicySystem,
  files = discoveredApps(),
  platformReleases?: ReadonlyMap<string, Unit>,
): readonly HomelabApp[] {
  checkDefinitions(files, ctx.clusterNames);
  const { cluster, versions } = ctx;
  const net = cluster.network;
  const reserved = new Map<string, string>([
    [net.ingress.internal, 'the internal gateway'],
    [net.ingress.external, 'the external gateway'],
    ...(net.pxe ? [[net.pxe.serverIp, 'the PXE server'] as [string, string]] : []),
  ]);
  const env: AppEnvironment = {
    cluster: cluster.name,
    internalDomain: net.internalDomain,
    externalDomain: net.externalDomain,
    gatewayNamespace: GATEWAY_NAMESPACE,
    versions,
    loadBalancer: { start: net.ipPool.start, stop: net.ipPool.stop, reserved },
    nodeSubnet: namedCidrs(cluster).nodeSubnet,
  };
  const domains = { internal: env.internalDomain, external: env.externalDomain };
  const repository = { gitUrl: fluxRepository.gitUrl, kubernetesRoot: KUBERNETES_OUTPUT };
  const ds = DataServices.of(app);
  const here = files.filter((f) => (f.definition.clusters as readonly string[]).includes(cluster.name));
  const groupFiles = here.filter((f): f is { source: string; definition: GroupDefinition } => isGroupDefinition(f.definition));
  const appFiles = here.filter((f): f is { source: string; definition: AppDefinition } => !isGroupDefinition(f.definition));
  // Where each app of this cluster lives, so `c.app(name)` resolves before the target is declared.
  const namespaces = new Map(appFiles.map((f) => [f.definition.name, f.definition.group ?? f.definition.name]));
  const id = (source: string) => source.replace(/[^A-Za-z0-9-]/g, '-');
  const context = (name: string, source: string, references: RecordedReference[]) =>
    appContext(cluster.name, name, source, ds.endpointsFor(name), domains, versions, (n) => namespaces.get(n), references, { podSubnet: net.podSubnet, serviceSubnet: net.serviceSubnet, nodeSubnet: net.nodeSubnet }, repository);

  const groups = new Map<string, HomelabAppGroup>();
  for (const { source, definition } of groupFiles) {
    const props = propsOf(source, definition, context(definition.name, source, []));
    groups.set(definition.name, within(source, () => new HomelabAppGroup(app, id(source), definition.name, props, { cluster: cluster.name, network, source }), (m) => `group "${definition.name}": ${m}`));
  }
  const declared: HomelabApp[] = [];
  for (const { source, definition } of appFiles) {
    const references: RecordedReference[] = [];
    const props = propsOf(source, definition, context(definition.name, source, references));
    if (props.name !== definition.name) throw new SynthError(source, `defineApp name "${definition.name}" differs from props name "${String(props.name)}"`, 'name');
    const group = definition.group === undefined ? undefined : groups.get(definition.group);
    // Construct id from the file, so two files declaring one name reach the registry's duplicate check.
    // Anything that fails while the app is declared (a construct-id collision, a helper's TypeError) names the file.
    declared.push(
      within(source, () => new HomelabApp(app, id(source), props, { env, network, source, references, ...(group ? { group } : {}), ...(platformReleases ? { platformReleases } : {}) }), (m) => `app "${definition.name}": ${m}`),
    );
  }
  AppRegistry.of(app).connect();
  return declared;
}
