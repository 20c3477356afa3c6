import { diffLines } from './lines.js';
import type { DiffOptions, DiffReport, FieldChange, ObjectRef, ReachChange, RemovedEndpoint, StackDiff, UnitChange } from './model.js';
import { refId, sortClusters, unitOf } from './model.js';

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

/**
 * A field change as lines: one line, or for a multi-line string (a Talos patch, a config file) a header and
 * the lines removed and added (`maxLines` at most).
 */
export function describeFieldLines(c: FieldChange, max = 100, maxLines = 20): string[] {
  const multi = (v: unknown) => typeof v === 'string' && v.includes('\n');
  if (c.op !== 'changed' || typeof c.old !== 'string' || typeof c.new !== 'string' || !(multi(c.old) || multi(c.new))) return [describeField(c, max)];
  const lines = diffLines(c.old, c.new);
  const out = [`~ ${c.path}: text changed (${lines.filter((l) => l.op === '-').length} line(s) removed, ${lines.filter((l) => l.op === '+').length} added)`];
  for (const l of lines.slice(0, maxLines)) out.push(`    ${l.op} ${l.line.length > max ? `${l.line.slice(0, max - 1)}…` : l.line}`);
  if (lines.length > maxLines) out.push(`    … ${lines.length - maxLines} more lines`);
  return out;
}

/** `- namespace paperless is gone: 59 reachability pair(s) with it (authelia, cache, …)`. */
export function describeRemovedEndpoint(e: RemovedEndpoint, maxPeers = 8): string {
  const peers = e.peers.slice(0, maxPeers).join(', ');
  return `- ${e.endpoint} is gone: ${e.pairs} reachability pair(s) with it (${peers}${e.peers.length > maxPeers ? `, … ${e.peers.length - maxPeers} more` : ''})`;
}

/** `1 to add, 2 to change, 1 to replace, 0 to destroy` (resources, as `tofu plan` counts them). */
export function describePlan(s: StackDiff): string {
  return `${s.plan.add} to add, ${s.plan.change} to change, ${s.plan.replace} to replace, ${s.plan.destroy} to destroy`;
}

/** `~ ConfigMap monitoring/x moves from unit apps/a to apps/b`. */
export function describeMove(ref: ObjectRef, from: string, to: string): string {
  return `> ${describeRef(ref)} moves from unit ${unitOf(from)} to ${unitOf(to)}`;
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
  /** Moves between units, the plan of a stack, removed endpoints. */
  readonly note?: string;
}

/**
 * The per-cluster summary: one row per cluster (live, integration, dev: the order of `options`), stack (with
 * its plan) and cluster's reports that changed. Formats show it before anything that may be cut.
 */
export function summaryRows(report: DiffReport, options: DiffOptions = {}): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const byCluster = new Map(report.clusters.map((c) => [c.cluster, c]));
  for (const name of sortClusters(byCluster.keys(), options)) {
    const c = byCluster.get(name)!;
    const moves = c.moved.filter((m) => m.betweenUnits).length;
    if (c.added.length + c.removed.length + c.changed.length + moves === 0) continue;
    rows.push({ area: `cluster ${c.cluster}`, added: c.added.length, removed: c.removed.length, changed: c.changed.length, ...(moves ? { note: `${moves} moved between units` } : {}) });
  }
  for (const s of report.stacks) rows.push({ area: `stack ${s.stack}`, added: s.added.length, removed: s.removed.length, changed: s.changed.length, note: `plan: ${describePlan(s)}` });
  const byReports = new Map(report.reports.map((r) => [r.cluster, r]));
  for (const name of sortClusters(byReports.keys(), options)) {
    const r = byReports.get(name)!;
    const added = r.reach.filter((x) => x.added.length > 0).length + r.units.filter((u) => u.op === 'added').length + r.files.filter((f) => f.op === 'added').length;
    const removed = r.reach.filter((x) => x.removed.length > 0).length + r.units.filter((u) => u.op === 'removed').length + r.files.filter((f) => f.op === 'removed').length;
    const changed = r.units.filter((u) => u.op === 'changed').length + r.files.filter((f) => f.op === 'changed').length;
    const gone = r.removedEndpoints.map((e) => e.endpoint);
    rows.push({ area: `reports ${r.cluster}`, added, removed, changed, ...(gone.length ? { note: `gone from reachability: ${gone.join(', ')}` } : {}) });
  }
  if (report.otherFiles.length > 0) {
    const n = (op: string) => report.otherFiles.filter((f) => f.op === op).length;
    rows.push({ area: 'other files', added: n('added'), removed: n('removed'), changed: n('changed') });
  }
  return rows;
}
