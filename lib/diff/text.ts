import type { DiffReport, FieldChange, ObjectRef, ReachChange, UnitChange } from './model.js';
import { refId } from './model.js';

/** A value on one line, at most `max` characters (long/multi-line strings are cut with a count). */
export function showValue(v: unknown, max = 100): string {
  if (v === undefined) return '(none)';
  let s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  if (typeof v === 'string' && v.includes('\n')) s = `${JSON.stringify(v.split('\n')[0])}… (${v.split('\n').length} lines)`;
  return s.length > max ? `${s.slice(0, max - 1)}… (${s.length} chars)` : s;
}

/** `spec.replicas: 1 → 2`, `+ metadata.labels.x: "y"`, `- spec.foo: 3`. */
export function describeField(c: FieldChange, max = 100): string {
  if (c.op === 'added') return `+ ${c.path}: ${showValue(c.new, max)}`;
  if (c.op === 'removed') return `- ${c.path}: ${showValue(c.old, max)}`;
  if (c.old === c.new) return `~ ${c.path}: changed ${showValue(c.new, max)}`;
  return `~ ${c.path}: ${showValue(c.old, max)} → ${showValue(c.new, max)}`;
}

export function describeRef(ref: ObjectRef): string {
  return refId(ref);
}

/** `monitoring can now reach world on tcp/443`; `… can no longer reach … on …`. */
export function describeReach(r: ReachChange): string[] {
  const out: string[] = [];
  if (r.added.length > 0) out.push(`+ ${r.from} can now reach ${r.to} on ${r.added.join(', ')}`);
  if (r.removed.length > 0) out.push(`- ${r.from} can no longer reach ${r.to} on ${r.removed.join(', ')}`);
  return out;
}

/** `+ unit apps-x added (path apps/x), depends on a, b`; `~ unit a now depends on b; no longer depends on c`. */
export function describeUnit(u: UnitChange): string {
  if (u.op === 'added') return `+ unit ${u.unit} added (path ${u.newPath})${u.dependsOnAdded.length ? `, depends on ${u.dependsOnAdded.join(', ')}` : ''}`;
  if (u.op === 'removed') return `- unit ${u.unit} removed (path ${u.oldPath})`;
  const parts: string[] = [];
  if (u.oldPath !== u.newPath) parts.push(`path ${u.oldPath} → ${u.newPath}`);
  if (u.dependsOnAdded.length) parts.push(`now depends on ${u.dependsOnAdded.join(', ')}`);
  if (u.dependsOnRemoved.length) parts.push(`no longer depends on ${u.dependsOnRemoved.join(', ')}`);
  return `~ unit ${u.unit}: ${parts.join('; ')}`;
}

export interface SummaryRow {
  readonly area: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

/** One row per cluster, stack and cluster's reports that changed, in report order. */
export function summaryRows(report: DiffReport): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const c of report.clusters) {
    if (c.added.length + c.removed.length + c.changed.length === 0) continue;
    rows.push({ area: `cluster ${c.cluster}`, added: c.added.length, removed: c.removed.length, changed: c.changed.length });
  }
  for (const s of report.stacks) rows.push({ area: `stack ${s.stack}`, added: s.added.length, removed: s.removed.length, changed: s.changed.length });
  for (const r of report.reports) {
    const added = r.reach.filter((x) => x.added.length > 0).length + r.units.filter((u) => u.op === 'added').length + r.files.filter((f) => f.op === 'added').length;
    const removed = r.reach.filter((x) => x.removed.length > 0).length + r.units.filter((u) => u.op === 'removed').length + r.files.filter((f) => f.op === 'removed').length;
    const changed = r.units.filter((u) => u.op === 'changed').length + r.files.filter((f) => f.op === 'changed').length;
    rows.push({ area: `reports ${r.cluster}`, added, removed, changed });
  }
  if (report.otherFiles.length > 0) {
    const n = (op: string) => report.otherFiles.filter((f) => f.op === op).length;
    rows.push({ area: 'other files', added: n('added'), removed: n('removed'), changed: n('changed') });
  }
  return rows;
}
