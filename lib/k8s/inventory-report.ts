import type { IConstruct } from 'constructs';
import { isClusterScoped } from '../core/kinds.js';
import type { KubeObject } from '../core/manifest.js';
import { synthesizedObjects } from './render.js';
import { Unit } from './unit.js';

/** Counts of the system being modelled, to compare against. */
export interface ReferenceCounts {
  readonly objects: number;
  readonly namespaces: number;
  readonly helmReleases: number;
  /** Where the figures come from. */
  readonly source: string;
  /** Objects the output splits where the reference had one: counted like for like in a second total. */
  readonly adjustments?: readonly CountAdjustment[];
  /** Kinds the fact sheets count, compared one by one. */
  readonly kinds?: readonly KindReference[];
  /** Named objects of ours among the other kinds (the fact sheets count those only in the total). */
  readonly otherKinds?: ReadonlyArray<{ readonly ours: (object: KubeObject) => boolean; readonly why: string }>;
}

/** A set of objects of ours that stands for fewer objects of the reference (one per namespace for one cluster-wide). */
export interface CountAdjustment {
  /** What they are, in the plural, e.g. `same-namespace CiliumNetworkPolicies`. */
  readonly what: string;
  readonly matches: (object: KubeObject) => boolean;
  /** How many objects of the reference they stand for (at most as many as match). */
  readonly referenceObjects: number;
  /** Why the output splits them. */
  readonly why: string;
}

/**
 * The reference's count of one kind (from its fact sheets) and the named causes of our difference: objects of
 * ours with no counterpart there (counted from the output by `ours`), or objects of the reference we do not
 * emit (`theirs`, a figure of the fact sheets). What the causes leave unexplained is reported as such.
 */
export interface KindReference {
  readonly kind: string;
  readonly reference: number;
  /** Why a remaining difference has no finer attribution (shown when something remains). */
  readonly remaining?: string;
  readonly causes?: readonly KindCause[];
}

export type KindCause =
  | { readonly ours: (object: KubeObject) => boolean; readonly why: string }
  | { readonly theirs: number; readonly why: string };

export interface InventoryInput {
  readonly cluster: string;
  readonly reference?: ReferenceCounts;
  /** Notes explaining differences from the reference (rendered under the totals). */
  readonly notes?: readonly string[];
}

interface Row {
  readonly object: KubeObject;
  readonly unit: string;
}

const NS_LABEL_PROFILE = 'network-policy.homelab/profile';
const NS_LABEL_PSA = 'pod-security.kubernetes.io/enforce';

function unitPathOf(c: IConstruct): string {
  for (let s: IConstruct | undefined = c.node.scope; s; s = s.node.scope) if (Unit.isUnit(s)) return s.path;
  return '';
}

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/**
 * The kinds the reference's fact sheets count, side by side with ours: each difference split into its named
 * causes (measured from the output, or the fact sheets' figure for what we do not emit) and what remains.
 */
function kindComparison(rows: readonly Row[], kinds: ReadonlyMap<string, number>, reference: ReferenceCounts): string[] {
  const listed = reference.kinds ?? [];
  const out = ['## Kinds against the reference', '', 'Each difference is split into named causes: objects of ours counted from the output (+), objects of the reference the output does not have (−), from the fact sheets. "Remaining" is what no cause accounts for.', ''];
  out.push('| kind | this cluster | reference | difference | explained | remaining |', '|---|---:|---:|---:|---:|---:|');
  const notes: string[] = [];
  let oursListed = 0;
  let theirsListed = 0;
  for (const k of listed) {
    const ours = kinds.get(k.kind) ?? 0;
    oursListed += ours;
    theirsListed += k.reference;
    const parts = (k.causes ?? []).map((c) => {
      const n = 'ours' in c ? rows.filter((r) => r.object.kind === k.kind && c.ours(r.object)).length : -c.theirs;
      return { n, why: c.why };
    });
    const explained = parts.reduce((sum, p) => sum + p.n, 0);
    const remaining = ours - k.reference - explained;
    out.push(`| ${k.kind} | ${ours} | ${k.reference} | ${signed(ours - k.reference)} | ${signed(explained)} | ${signed(remaining)} |`);
    const why = [...parts.filter((p) => p.n !== 0).map((p) => `${signed(p.n)} ${p.why}`), ...(remaining !== 0 && k.remaining ? [`${signed(remaining)} remaining: ${k.remaining}`] : [])];
    if (why.length) notes.push(`- **${k.kind}**: ${why.join('; ')}.`);
  }
  const listedKinds = new Set(listed.map((k) => k.kind));
  const otherRows = rows.filter((r) => !listedKinds.has(r.object.kind));
  const others = otherRows.length;
  const otherParts = (reference.otherKinds ?? []).map((c) => ({ n: otherRows.filter((r) => c.ours(r.object)).length, why: c.why })).filter((p) => p.n);
  const otherExplained = otherParts.reduce((sum, p) => sum + p.n, 0);
  const otherDiff = others - (reference.objects - theirsListed);
  out.push(`| all other kinds | ${others} | ${reference.objects - theirsListed} | ${signed(otherDiff)} | ${signed(otherExplained)} | ${signed(otherDiff - otherExplained)} |`);
  if (otherParts.length) notes.push(`- **all other kinds**: ${otherParts.map((p) => `${signed(p.n)} ${p.why}`).join('; ')}; the rest has no per-kind figure in the fact sheets to compare with.`);
  out.push(`| total | ${oursListed + others} | ${reference.objects} | ${signed(oursListed + others - reference.objects)} | | |`, '');
  out.push(...notes, '');
  out.push('The fact sheets count no other kind one by one; "all other kinds" is the rest of each total.', '');
  return out;
}

const cell = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '–');
const pct = (ours: number, ref: number): string => `${ours >= ref ? '+' : ''}${(((ours - ref) / ref) * 100).toFixed(1)} %`;

/**
 * The fidelity report of one cluster (`dist/reports/<cluster>/inventory.md`): totals against the reference,
 * objects by kind, and per namespace its profile, PodSecurity level, apps, platform releases, the Flux
 * units that write into it and its object count. What a reviewer reads to see what a cluster runs.
 */
export function inventoryReport(root: IConstruct, input: InventoryInput): string {
  const rows: Row[] = synthesizedObjects(root).map(({ object, apiObject }) => ({ object, unit: unitPathOf(apiObject) }));
  const count = (kind: string) => rows.filter((r) => r.object.kind === kind).length;
  const namespaces = rows.filter((r) => r.object.kind === 'Namespace');
  const releases = rows.filter((r) => r.object.kind === 'HelmRelease');
  const out: string[] = [`# Inventory of cluster \`${input.cluster}\``, '', 'Generated by `npm run synth` from the TypeScript model; every figure below is counted from the output.', ''];

  out.push('## Totals', '', '| | this cluster |' + (input.reference ? ' reference | difference |' : ''), '|---|---:|' + (input.reference ? '---:|---:|' : ''));
  const total = (label: string, ours: number, ref?: number) =>
    out.push(`| ${label} | ${ours} |` + (input.reference ? ` ${ref ?? '–'} | ${ref ? pct(ours, ref) : '–'} |` : ''));
  total('objects', rows.length, input.reference?.objects);
  const adjusted = (input.reference?.adjustments ?? []).map((a) => {
    const n = rows.filter((r) => a.matches(r.object)).length;
    return { ...a, n, counted: Math.min(n, a.referenceObjects) };
  });
  if (adjusted.some((a) => a.n > a.counted)) {
    total('objects, like for like (below)', rows.length - adjusted.reduce((sum, a) => sum + a.n - a.counted, 0), input.reference?.objects);
  }
  // flux-system comes with the bootstrap (not an object of ours) but the reference counts it.
  total('namespaces (with flux-system)', namespaces.length + 1, input.reference?.namespaces);
  total('HelmReleases', releases.length, input.reference?.helmReleases);
  total('Flux Kustomizations', count('Kustomization'));
  out.push('');
  if (input.reference) out.push(`Reference figures: ${input.reference.source}.`, '');
  const split = adjusted.filter((a) => a.n > a.counted);
  if (split.length) {
    out.push('Like for like, these count as the objects of the reference they stand for:', '');
    out.push(...split.map((a) => `- ${a.n} ${a.what} as ${a.counted}: ${a.why}`), '');
  }
  if (input.notes?.length) out.push(...input.notes.map((n) => `- ${n}`), '');

  const kinds = new Map<string, number>();
  for (const r of rows) kinds.set(r.object.kind, (kinds.get(r.object.kind) ?? 0) + 1);
  if (input.reference?.kinds?.length) out.push(...kindComparison(rows, kinds, input.reference));

  out.push('## Objects by kind', '', '| kind | objects |', '|---|---:|');
  for (const [kind, n] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`| ${kind} | ${n} |`);
  out.push('');

  out.push('## Namespaces', '', 'Apps and platform releases deploy into the namespace (their HelmRelease lives in `flux-system`); units are the Flux Kustomizations (output folders) that write objects into it.', '');
  out.push('| namespace | profile | PodSecurity | apps | platform releases | units | objects |', '|---|---|---|---|---|---|---:|');
  // Grouped once: one pass per namespace over every object would make the report quadratic in apps.
  const group = <K>(items: readonly Row[], key: (r: Row) => K | undefined): Map<K, Row[]> => {
    const m = new Map<K, Row[]>();
    for (const r of items) {
      const k = key(r);
      if (k !== undefined) (m.get(k) ?? m.set(k, []).get(k)!).push(r);
    }
    return m;
  };
  const nsObjects = group(namespaces, (r) => r.object.metadata.name);
  const releasesByTarget = group(releases, (r) => (r.object as { spec?: { targetNamespace?: string } }).spec?.targetNamespace);
  const rowsByNamespace = group(rows, (r) => r.object.metadata.namespace || undefined);
  const names = [...new Set([...nsObjects.keys(), ...rowsByNamespace.keys()])].sort();
  for (const ns of names) {
    const nsObj = nsObjects.get(ns)?.[0]?.object;
    const labels = (nsObj?.metadata.labels ?? {}) as Readonly<Record<string, string>>;
    const targeting = releasesByTarget.get(ns) ?? [];
    const release = (r: Row) => {
      const chart = (r.object as { spec?: { chart?: { spec?: { chart?: string; version?: string } } } }).spec?.chart?.spec;
      return `${r.object.metadata.name} (${chart?.chart}@${chart?.version})`;
    };
    const apps = targeting.filter((r) => r.unit.startsWith('apps/')).map(release).sort();
    const platform = targeting.filter((r) => !r.unit.startsWith('apps/')).map(release).sort();
    const inNs = rowsByNamespace.get(ns) ?? [];
    const units = [...new Set(inNs.map((r) => r.unit || '(root)'))].sort();
    // flux-system holds every unit's Kustomization and every release: a count says more than the list.
    const unitCell = units.length > 8 ? `${units.length} units` : cell(units);
    out.push(`| ${ns} | ${labels[NS_LABEL_PROFILE] ?? '–'} | ${labels[NS_LABEL_PSA] ?? '–'} | ${cell(apps)} | ${cell(platform)} | ${unitCell} | ${inNs.length} |`);
  }
  out.push('');

  const clusterScoped = rows.filter((r) => isClusterScoped(r.object.apiVersion, r.object.kind));
  out.push('## Cluster-scoped objects', '', '| kind | names |', '|---|---|');
  const byKind = new Map<string, string[]>();
  for (const r of clusterScoped) (byKind.get(r.object.kind) ?? byKind.set(r.object.kind, []).get(r.object.kind)!).push(r.object.metadata.name);
  for (const [kind, ns] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`| ${kind} | ${kind === 'Namespace' ? `${ns.length} (above)` : [...ns].sort().join(', ')} |`);
  return `${out.join('\n')}\n`;
}
