import { diffClusters } from './kubernetes.js';
import type { DiffReport, FileDiff } from './model.js';
import { diffFile, diffReports } from './reports.js';
import { computeRisks } from './risks.js';
import { diffStacks } from './terraform.js';
import { loadTree, loadTreeFromDir, type OutputTree } from './tree.js';

/** The semantic diff of two loaded output trees (base = before, head = after). */
export function diffOutputTrees(base: OutputTree, head: OutputTree, labels: { base?: string; head?: string } = {}): DiffReport {
  const clusters = diffClusters(base, head);
  const stacks = diffStacks(base, head);
  const reports = diffReports(base, head, labels.base, labels.head);
  const otherFiles: FileDiff[] = [];
  for (const file of [...new Set([...base.other.keys(), ...head.other.keys()])].sort()) {
    const d = diffFile(file, base.other.get(file), head.other.get(file));
    if (d) otherFiles.push(d);
  }
  return { version: 1, risks: computeRisks(base, clusters, stacks, reports), clusters, stacks, reports, otherFiles };
}

/** The semantic diff of two file sets (paths relative to the dist/ root → content). */
export function diffFileSets(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>, labels: { base?: string; head?: string } = {}): DiffReport {
  return diffOutputTrees(loadTree(base, labels.base ?? 'base'), loadTree(head, labels.head ?? 'head'), labels);
}

/** The semantic diff of two output directories (each a dist/ folder). Throws SynthError on unreadable input. */
export function diffTrees(baseDir: string, headDir: string): DiffReport {
  return diffOutputTrees(loadTreeFromDir(baseDir), loadTreeFromDir(headDir), { base: baseDir, head: headDir });
}
