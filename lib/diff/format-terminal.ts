import { groupAcrossClusters, groupTitle } from './group.js';
import { hasChanges, sortClusters, type DiffReport, type FieldChange, type FileDiff } from './model.js';
import { describeFieldLines, describeMove, describePlan, describeReach, describeRef, describeRemovedEndpoint, describeUnit, summaryRows } from './text.js';

export interface TerminalOptions {
  /** ANSI colours (default: off; the CLI turns them on for a TTY unless NO_COLOR is set). */
  readonly color?: boolean;
  /** Field changes shown per object before "… N more" (default 50). */
  readonly maxFields?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

/**
 * The diff for a terminal: risks first, the per-cluster summary, then every change — identical changes
 * across clusters once, groups of clusters live → integration → dev — per stack (with its plan) and report.
 */
export function formatTerminal(report: DiffReport, options: TerminalOptions = {}): string {
  const paint = (code: keyof typeof CODES, s: string): string => (options.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
  const byOp = (line: string): string => {
    const t = line.trimStart();
    return t.startsWith('+') ? paint('green', line) : t.startsWith('-') ? paint('red', line) : paint('yellow', line);
  };
  const maxFields = options.maxFields ?? 50;
  const order = { clusterOrder: report.clusterOrder };
  const lines: string[] = [];
  if (!hasChanges(report)) {
    lines.push('No differences in the synthesized output.');
    for (const c of report.clusters) for (const m of c.moved) lines.push(paint('dim', `  (renamed file, same unit: not a change) cluster ${c.cluster}: ${describeRef(m.ref)} ${m.from} → ${m.to}`));
    return `${lines.join('\n')}\n`;
  }
  if (report.risks.length > 0) {
    lines.push(paint('bold', paint('red', `Risks (${report.risks.length})`)));
    for (const r of report.risks) lines.push(`  ${paint('red', '!')} ${paint('bold', r.kind)}  ${r.where}: ${r.message}`);
    lines.push('');
  }
  lines.push(paint('bold', 'Summary'));
  const rows = summaryRows(report, order);
  const width = Math.max(...rows.map((r) => r.area.length));
  for (const r of rows) lines.push(`  ${r.area.padEnd(width)}  ${paint('green', `+${r.added}`)} ${paint('red', `-${r.removed}`)} ${paint('yellow', `~${r.changed}`)}${r.note ? paint('dim', `  ${r.note}`) : ''}`);
  const fieldLines = (changes: readonly FieldChange[]): void => {
    for (const f of changes.slice(0, maxFields)) for (const l of describeFieldLines(f, 160)) lines.push(`      ${byOp(l)}`);
    if (changes.length > maxFields) lines.push(paint('dim', `      … ${changes.length - maxFields} more changes`));
  };
  const files = (list: readonly FileDiff[]): void => {
    for (const f of list) {
      lines.push(`  ${paint('yellow', `${f.op} ${f.file}`)}${f.redacted ? paint('dim', ' (content not shown: may hold secrets)') : ''}`);
      for (const l of f.lines.slice(0, maxFields)) lines.push(`      ${byOp(`${l.op} ${l.line}`)}`);
      if (f.lines.length > maxFields) lines.push(paint('dim', `      … ${f.lines.length - maxFields} more lines`));
    }
  };

  for (const g of groupAcrossClusters(report.clusters, order)) {
    lines.push('', paint('bold', paint('cyan', `${g.clusters.length > 1 ? 'clusters' : 'cluster'} ${groupTitle(g.clusters, report.clusterOrder)}`)));
    for (const e of g.entries) {
      if (e.op === 'added') lines.push(`  ${paint('green', `+ ${describeRef(e.ref)}`)}  ${paint('dim', e.ref.file)}`);
      else if (e.op === 'removed') lines.push(`  ${paint('red', `- ${describeRef(e.ref)}`)}  ${paint('dim', e.ref.file)}`);
      else if (e.op === 'moved') lines.push(`  ${paint('yellow', describeMove(e.ref, e.move!.from, e.move!.to))}`);
      else {
        lines.push(`  ${paint('yellow', `~ ${describeRef(e.ref)}`)}  ${paint('dim', e.ref.file)}`);
        fieldLines(e.changes ?? []);
      }
    }
  }
  for (const s of report.stacks) {
    lines.push('', paint('bold', paint('cyan', `stack ${s.stack}`)) + paint('dim', `  plan: ${describePlan(s)}`));
    const replaced = new Map(s.replaced.map((r) => [r.address, r.because]));
    for (const a of s.added) lines.push(`  ${paint('green', `+ ${a}`)}`);
    for (const a of s.removed) lines.push(`  ${paint('red', `- ${a}`)}`);
    for (const b of s.changed) {
      const because = replaced.get(b.address);
      lines.push(`  ${because ? paint('red', `-/+ ${b.address} (replaced: ${because.join(', ')})`) : paint('yellow', `~ ${b.address}`)}`);
      fieldLines(b.changes);
    }
  }
  const reportsByCluster = new Map(report.reports.map((r) => [r.cluster, r]));
  for (const name of sortClusters(reportsByCluster.keys(), order)) {
    const r = reportsByCluster.get(name)!;
    lines.push('', paint('bold', paint('cyan', `reports ${r.cluster}`)));
    for (const e of r.removedEndpoints) lines.push(`  ${byOp(describeRemovedEndpoint(e))}`);
    for (const reach of r.reach) for (const l of describeReach(reach)) lines.push(`  ${byOp(l)}`);
    for (const u of r.units) lines.push(`  ${byOp(describeUnit(u))}`);
    files(r.files);
  }
  if (report.otherFiles.length > 0) {
    lines.push('', paint('bold', paint('cyan', 'other files')));
    files(report.otherFiles);
  }
  return `${lines.join('\n')}\n`;
}
