import type { ClusterDiff, DiffOptions, FieldChange, ObjectRef } from './model.js';
import { clusterRank, refId, sortClusters } from './model.js';

/** One object-level change, possibly made identically on several clusters. */
export interface ObjectEntry {
  readonly op: 'added' | 'removed' | 'changed' | 'moved';
  /** The object as found on the first of its clusters. */
  readonly ref: ObjectRef;
  readonly clusters: readonly string[];
  readonly changes?: readonly FieldChange[];
  /** Folders (units) of a move between units. */
  readonly move?: { readonly from: string; readonly to: string };
}

/** Entries made on exactly the same set of clusters. */
export interface ClusterGroup {
  readonly clusters: readonly string[];
  readonly entries: readonly ObjectEntry[];
}

/**
 * Identical changes across clusters collapsed: an object added, removed, moved or changed in exactly the
 * same way (same identity, same field changes) on several clusters is one entry naming them. Entries are then
 * grouped by their set of clusters, groups ordered by their most important cluster (live, then integration,
 * then the rest: a truncated comment loses dev first), larger sets first.
 */
export function groupAcrossClusters(clusters: readonly ClusterDiff[], options: DiffOptions = {}): ClusterGroup[] {
  const entries = new Map<string, { entry: Omit<ObjectEntry, 'clusters'>; clusters: string[] }>();
  const add = (cluster: string, entry: Omit<ObjectEntry, 'clusters'>): void => {
    const key = [entry.op, refId(entry.ref), entry.changes ? JSON.stringify(entry.changes) : '', entry.move ? `${entry.move.from}>${entry.move.to}` : ''].join('\u0000');
    const found = entries.get(key);
    if (found) found.clusters.push(cluster);
    else entries.set(key, { entry, clusters: [cluster] });
  };
  for (const c of clusters) {
    for (const ref of c.added) add(c.cluster, { op: 'added', ref });
    for (const ref of c.removed) add(c.cluster, { op: 'removed', ref });
    for (const ch of c.changed) add(c.cluster, { op: 'changed', ref: ch.ref, changes: ch.changes });
    for (const m of c.moved) if (m.betweenUnits) add(c.cluster, { op: 'moved', ref: m.ref, move: { from: m.from, to: m.to } });
  }
  const groups = new Map<string, ObjectEntry[]>();
  for (const { entry, clusters: on } of entries.values()) {
    const sorted = sortClusters(on, options);
    const key = sorted.join(',');
    const list = groups.get(key) ?? [];
    list.push({ ...entry, clusters: sorted });
    groups.set(key, list);
  }
  const rank = clusterRank(options);
  const best = (names: readonly string[]) => Math.min(...names.map(rank));
  return [...groups.entries()]
    .map(([key, list]) => ({ clusters: key.split(','), entries: list }))
    .sort((a, b) => best(a.clusters) - best(b.clusters) || b.clusters.length - a.clusters.length || (a.clusters.join() < b.clusters.join() ? -1 : 1));
}

/** `live, integration, dev`, or `live only` when other clusters exist (`all`: every cluster of the report). */
export function groupTitle(clusters: readonly string[], all: readonly string[]): string {
  return clusters.length === 1 && all.length > 1 ? `${clusters[0]} only` : clusters.join(', ');
}
