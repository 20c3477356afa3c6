import { diffClusters } from './kubernetes.js';
import { sortClusters, type DiffOptions, type DiffReport, type FileDiff } from './model.js';
import { diffFile, diffReports } from './reports.js';
import { computeRisks } from './risks.js';
import { diffStacks } from './terraform.js';
import { loadTree, readFiles, type OutputTree } from './tree.js';

/** Cluster names of a file set (paths relative to dist/). */
function clusterNames(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const m = /^kubernetes\/clusters\/([^/]+)\//.exec(f);
    if (m) out.add(m[1]!);
  }
  return out;
}

/**
 * The semantic diff of two loaded output trees (base = before, head = after). `present`: the clusters of
 * the complete trees, when these hold only the files that differ.
 */
export function diffOutputTrees(base: OutputTree, head: OutputTree, labels: { base?: string; head?: string } = {}, options: DiffOptions = {}, present?: ReadonlySet<string>): DiffReport {
  const clusters = diffClusters(base, head);
  const stacks = diffStacks(base, head);
  const deletedNamespaces = new Map(clusters.map((c) => [c.cluster, new Set(c.removed.filter((r) => r.group === '' && r.kind === 'Namespace').map((r) => r.name))]));
  const reports = diffReports(base, head, labels.base, labels.head, deletedNamespaces);
  const otherFiles: FileDiff[] = [];
  for (const file of [...new Set([...base.other.keys(), ...head.other.keys()])].sort()) {
    const d = diffFile(file, base.other.get(file), head.other.get(file));
    if (d) otherFiles.push(d);
  }
  const all = present ?? new Set([...base.clusters.keys(), ...head.clusters.keys()]);
  return { version: 2, clusterOrder: sortClusters(all, options), risks: computeRisks(base, { clusters, stacks, reports, present: all }, options), clusters, stacks, reports, otherFiles };
}

/**
 * The semantic diff of two file sets (paths relative to the dist/ root → content). A file with the same
 * content at the same path on both sides holds the same objects on both sides (identities are unique per
 * tree), so it cannot contribute a change and is not parsed: a mostly unchanged tree diffs in the time
 * it takes to compare strings.
 */
export function diffFileSets(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>, labels: { base?: string; head?: string } = {}, options: DiffOptions = {}): DiffReport {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  for (const [rel, text] of base) if (head.get(rel) !== text) a.set(rel, text);
  for (const [rel, text] of head) if (base.get(rel) !== text) b.set(rel, text);
  const present = clusterNames([...base.keys(), ...head.keys()]);
  return diffOutputTrees(loadTree(a, labels.base ?? 'base'), loadTree(b, labels.head ?? 'head'), labels, options, present);
}

/**
 * The semantic diff of two output directories (each a dist/ folder): what `npm run bench` times.
 * Throws SynthError on unreadable input, naming the file and field.
 */
export function diffTrees(baseDir: string, headDir: string, options: DiffOptions = {}): DiffReport {
  return diffFileSets(readFiles(baseDir), readFiles(headDir), { base: baseDir, head: headDir }, options);
}
