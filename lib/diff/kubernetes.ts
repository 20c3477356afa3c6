import { diffValues } from './fields.js';
import { unitOf, type ClusterDiff, type ObjectChange, type ObjectMove, type ObjectRef } from './model.js';
import { kubernetesSensitive } from './redact.js';
import type { LoadedObject, OutputTree } from './tree.js';

function byRef(a: ObjectRef, b: ObjectRef): number {
  const ka = [a.group, a.kind, a.namespace ?? '', a.name].join('\u0000');
  const kb = [b.group, b.kind, b.namespace ?? '', b.name].join('\u0000');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Field-level changes of one object (identity equal on both sides), with Secret values redacted. */
export function diffObject(base: LoadedObject, head: LoadedObject): ObjectChange {
  return { ref: head.ref, changes: diffValues(base.object, head.object, { sensitive: kubernetesSensitive(head.ref.group, head.ref.kind) }) };
}

/**
 * Compares the Kubernetes objects of two trees cluster by cluster, matching objects by identity (group,
 * kind, namespace, name), so a renamed file is not a change — but a file in another folder is another Flux
 * unit (`betweenUnits`). Only clusters with a difference appear.
 */
export function diffClusters(base: OutputTree, head: OutputTree): ClusterDiff[] {
  const names = [...new Set([...base.clusters.keys(), ...head.clusters.keys()])].sort();
  const result: ClusterDiff[] = [];
  for (const cluster of names) {
    const a = base.clusters.get(cluster) ?? new Map<string, LoadedObject>();
    const b = head.clusters.get(cluster) ?? new Map<string, LoadedObject>();
    const added: ObjectRef[] = [];
    const removed: ObjectRef[] = [];
    const changed: ObjectChange[] = [];
    const moved: ObjectMove[] = [];
    for (const [id, obj] of a) if (!b.has(id)) removed.push(obj.ref);
    for (const [id, obj] of b) {
      const old = a.get(id);
      if (!old) {
        added.push(obj.ref);
        continue;
      }
      const change = diffObject(old, obj);
      if (change.changes.length > 0) changed.push(change);
      if (old.ref.file !== obj.ref.file) moved.push({ ref: obj.ref, from: old.ref.file, to: obj.ref.file, betweenUnits: unitOf(old.ref.file) !== unitOf(obj.ref.file) });
    }
    if (added.length + removed.length + changed.length + moved.length === 0) continue;
    added.sort(byRef);
    removed.sort(byRef);
    changed.sort((x, y) => byRef(x.ref, y.ref));
    moved.sort((x, y) => byRef(x.ref, y.ref));
    result.push({ cluster, added, removed, changed, moved });
  }
  return result;
}
