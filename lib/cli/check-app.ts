// `npm run check:app <name>`: the inner loop of an app author. Synthesizes the homelab in memory and checks the
// one app on every cluster it runs on: its objects against their strict schemas, its folder with kustomize, and
// its reachability in the connectivity matrix computed from the synthesized policies against what the app
// declares. Seconds, not the minute of `npm test`; the full suite still runs every check for every app.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppRegistry } from '../app/registry.js';
import type { HomelabApp } from '../app/app.js';
import type { RenderedObject } from '../k8s/render.js';
import { HBONE_PORT } from '../netpol/system.js';
import { findKubectl, formatIssue, kustomizeCacheDir, KustomizeBuilder, kustomizeIssues, validateObjects, type ValidationIssue } from '../validation/index.js';
import type { CommandContext } from './command.js';
import { KUBERNETES_ROOT, REPORTS_ROOT, synthesize, type HomelabDefinition, type SynthOutput } from './synth.js';

/** What the check found for the app on one cluster. */
export interface AppClusterCheck {
  readonly cluster: string;
  readonly folder: string;
  readonly objects: readonly RenderedObject[];
  /** Egress row and ingress column of the app's namespace: peer → ports. */
  readonly egress: Readonly<Record<string, readonly string[]>>;
  readonly ingress: Readonly<Record<string, readonly string[]>>;
  /** Whether the folder was built with kustomize (false: kubectl missing), and whether from the cache. */
  readonly kustomize: 'built' | 'cached' | 'skipped';
  readonly issues: readonly ValidationIssue[];
}

const HBONE = `tcp/${HBONE_PORT}`;
/** Whether the matrix's port list (`tcp/443`, ranges `udp/2456-2457` where adjacent ports merged, `any`) covers `port`. */
const reaches = (ports: readonly string[] | undefined, port: string): boolean => {
  if (!ports) return false;
  if (ports.includes('any') || ports.includes(port)) return true;
  const [proto, n] = port.split('/') as [string, string];
  return ports.some((p) => {
    const m = /^(\w+)\/(\d+)-(\d+)$/.exec(p);
    return !!m && m[1] === proto && Number(n) >= Number(m[2]) && Number(n) <= Number(m[3]);
  });
};

/**
 * Reachability an app's declaration implies, checked against the matrix: every grant, declared egress, route
 * and exposed port must be reachable, and no other app's namespace may reach it (or be reached by it) unless
 * one of the two declares it (`egress.apps`). Platform peers (DNS, monitoring, mesh, gateway) are reported, not
 * judged: their baselines are the policy model's business and are tested there.
 */
function reachabilityIssues(app: HomelabApp, apps: readonly HomelabApp[], reach: Record<string, Record<string, readonly string[]>>): ValidationIssue[] {
  const ns = app.namespace;
  const issues: ValidationIssue[] = [];
  const at = { object: `app ${app.appName}`, file: app.where };
  const expectReach = (from: string, to: string, port: string, why: string, path: string) => {
    if (!reaches(reach[from]?.[to], port)) issues.push({ ...at, path, message: `${from} cannot reach ${to} on ${port}, but ${why}` });
  };
  for (const [kind, grant] of Object.entries(app.grants)) {
    if (grant) expectReach(ns, grant.access.provider, grant.access.port.toString(), `the app is granted ${kind} (${grant.access.name})`, `/${kind}`);
  }
  const port = (p: { port: number; protocol: string }) => `${p.protocol.toLowerCase()}/${p.port}`;
  app.props.egress.world.forEach((w, i) => expectReach(ns, 'world', port(w), 'the app declares that world egress', `/egress/world/${i}`));
  app.props.egress.apps.forEach((a, i) => {
    const target = apps.find((x) => x.appName === a.app);
    if (target) expectReach(ns, target.namespace, port(a), `the app declares egress to app ${a.app}`, `/egress/apps/${i}`);
  });
  const lbPorts = new Map(app.servicePortList().map((p) => [p.name, p]));
  app.props.loadBalancer?.world.forEach((n, i) => expectReach('world', ns, port(lbPorts.get(n)!), 'the app exposes that port to the world', `/loadBalancer/world/${i}`));
  const gateways = app.env.gatewayNamespace;
  if (app.props.routes.length && !reach[gateways]?.[ns]) {
    issues.push({ ...at, path: '/routes', message: `the gateway namespace ${gateways} cannot reach ${ns}, but the app declares routes` });
  }
  // App to app only where declared, in either direction. HBONE between ambient namespaces is the mesh's
  // transport (its policy is the mesh baseline; the workloads' ports are what an app declares).
  // Declared: `egress.apps`, or a `c.app(name).url(port)` reference. Apps of one group share a namespace
  // (the same-namespace rule), so the namespace matrix cannot tell them apart.
  const declares = (from: HomelabApp, to: HomelabApp) => from.props.egress.apps.some((a) => a.app === to.appName) || from.references.some((r) => r.app === to.appName);
  const appPorts = (from: string, to: string) => (reach[from]?.[to] ?? []).filter((p) => p !== HBONE);
  // The matrix is per namespace: a pair of namespaces may talk when some app of one declares some app of the other.
  const declaredNs = (fromNs: string, toNs: string) => apps.some((f) => f.namespace === fromNs && apps.some((t) => t.namespace === toNs && declares(f, t)));
  for (const otherNs of new Set(apps.map((a) => a.namespace))) {
    if (otherNs === ns) continue;
    const out = appPorts(ns, otherNs);
    if (out.length && !declaredNs(ns, otherNs)) issues.push({ ...at, path: '/egress/apps', message: `reaches namespace ${otherNs} on ${out.join(', ')} without any app there being declared` });
    const into = appPorts(otherNs, ns);
    if (into.length && !declaredNs(otherNs, ns)) issues.push({ ...at, path: '/', message: `is reachable from namespace ${otherNs} on ${into.join(', ')}, whose apps do not declare it` });
  }
  return issues;
}

/** The app's objects, schema, kustomize build and reachability on every cluster that runs it. */
export async function checkApp(def: HomelabDefinition, out: SynthOutput, name: string, builder?: KustomizeBuilder): Promise<AppClusterCheck[]> {
  const checks: AppClusterCheck[] = [];
  for (const { name: cluster, app: root } of def.clusters) {
    const registry = AppRegistry.of(root);
    const app = registry.get(name);
    if (!app) continue;
    const rendered = out.clusters.find((c) => c.name === cluster)!;
    const folder = app.unit.path;
    const objects = rendered.objects.filter((o) => o.source === app.node.path || o.source.startsWith(`${app.node.path}/`));
    const issues: ValidationIssue[] = validateObjects(objects.map((o) => ({ object: o.object, file: `${cluster}/${o.file}` })));

    // Its folder as Flux reads it, with kustomize: the files of the synth, written to a scratch folder.
    let kustomize: AppClusterCheck['kustomize'] = 'skipped';
    if (builder) {
      const scratch = mkdtempSync(join(tmpdir(), 'homelab-check-app-'));
      try {
        const dir = join(scratch, folder);
        for (const [file, content] of rendered.files) {
          if (!file.startsWith(`${folder}/`) || file.slice(folder.length + 1).includes('/')) continue;
          mkdirSync(dirname(join(scratch, file)), { recursive: true });
          writeFileSync(join(scratch, file), content);
        }
        const build = await builder.build(dir);
        kustomize = build.cached ? 'cached' : 'built';
        const inFolder = rendered.objects.filter((o) => o.file.startsWith(`${folder}/`) && !o.file.slice(folder.length + 1).includes('/'));
        issues.push(...kustomizeIssues({ dir, label: `${cluster}/${folder}`, objects: inFolder.map((o) => ({ object: o.object, file: `${cluster}/${o.file}` })) }, build));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    const fluxPath = rendered.objects.some((o) => o.object.kind === 'Kustomization' && String((o.object as { spec?: { path?: unknown } }).spec?.path ?? '').endsWith(`/${folder}`));
    if (!fluxPath) issues.push({ object: `app ${name}`, file: app.where, path: '/', message: `no Flux Kustomization on cluster ${cluster} points at ${folder}` });

    const report = out.files.get(`${REPORTS_ROOT}/${cluster}/connectivity.json`);
    const reach = (report ? JSON.parse(report).reach : {}) as Record<string, Record<string, readonly string[]>>;
    issues.push(...reachabilityIssues(app, registry.all, reach));
    const ingress = Object.fromEntries(Object.entries(reach).filter(([, to]) => app.namespace in to).map(([from, to]) => [from, to[app.namespace]!]));
    checks.push({ cluster, folder, objects, egress: reach[app.namespace] ?? {}, ingress, kustomize, issues });
  }
  return checks;
}

/** `peer ports, …`; peers reached only over HBONE (every ambient namespace) are counted, not listed. */
function peers(m: Readonly<Record<string, readonly string[]>>): string {
  const listed = Object.entries(m).map(([peer, ports]) => [peer, ports.filter((p) => p !== HBONE)] as const).filter(([, ports]) => ports.length);
  const meshOnly = Object.keys(m).length - listed.length;
  return [...listed.map(([peer, ports]) => `${peer} ${ports.join(' ')}`), ...(meshOnly ? [`(+ ${meshOnly} namespaces over the mesh, ${HBONE})`] : [])].join(', ') || '(nothing)';
}

export async function checkAppCommand({ build, root, argv }: CommandContext): Promise<number> {
  const started = performance.now();
  const name = argv.find((a) => !a.startsWith('-'));
  const def = build({ root });
  const known = [...new Set(def.clusters.flatMap((c) => AppRegistry.of(c.app).all.map((a) => a.appName)))].sort();
  if (!name || !known.includes(name)) {
    console.error(`check:app: ${name ? `no app "${name}"` : 'name an app'}; the apps are: ${known.join(', ')}`);
    return 1;
  }
  const kubectl = findKubectl();
  if (!kubectl && process.env.CI === 'true') {
    console.error('check:app: kubectl is required when CI=true (the app folder must be built with kustomize)');
    return 1;
  }
  const builder = kubectl ? new KustomizeBuilder({ kubectl, cacheDir: kustomizeCacheDir(root) }) : undefined;
  const checks = await checkApp(def, synthesize(def), name, builder);
  console.log(`check:app ${name}: on ${checks.map((c) => c.cluster).join(', ')}`);
  for (const c of checks) {
    const kinds = [...new Set(c.objects.map((o) => o.object.kind))].sort().join(', ');
    console.log(`  ${c.cluster}: ${c.objects.length} objects in ${KUBERNETES_ROOT}/${c.cluster}/${c.folder} (${kinds}); kustomize ${c.kustomize}`);
    console.log(`    egress:  ${peers(c.egress)}`);
    console.log(`    ingress: ${peers(c.ingress)}`);
  }
  const issues = checks.flatMap((c) => c.issues);
  const elapsed = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (!issues.length) {
    console.log(`0 issues (${elapsed})`);
    return 0;
  }
  console.error(`${issues.length} issues (${elapsed}):`);
  for (const i of issues) console.error(`  - ${formatIssue(i)}`);
  return 1;
}
