import { hasChanges, type DiffReport } from './model.js';
import { describeField, describeReach, describeRef, describeUnit, summaryRows } from './text.js';

export interface TerminalOptions {
  /** ANSI colours (default: off; the CLI turns them on for a TTY unless NO_COLOR is set). */
  readonly color?: boolean;
  /** Field changes shown per object before "… N more" (default 50). */
  readonly maxFields?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

/** The diff for a terminal: risks first, a summary, then every change per cluster, stack and report. */
export function formatTerminal(report: DiffReport, options: TerminalOptions = {}): string {
  const paint = (code: keyof typeof CODES, s: string): string => (options.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
  const byOp = (line: string): string => (line.startsWith('+') ? paint('green', line) : line.startsWith('-') ? paint('red', line) : paint('yellow', line));
  const maxFields = options.maxFields ?? 50;
  const lines: string[] = [];
  if (!hasChanges(report)) {
    lines.push('No differences in the synthesized output.');
    for (const c of report.clusters) for (const m of c.moved) lines.push(paint('dim', `  (moved, not a change) cluster ${c.cluster}: ${describeRef(m.ref)} ${m.from} → ${m.to}`));
    return `${lines.join('\n')}\n`;
  }
  if (report.risks.length > 0) {
    lines.push(paint('bold', paint('red', `Risks (${report.risks.length})`)));
    for (const r of report.risks) lines.push(`  ${paint('red', '!')} ${paint('bold', r.kind)}  ${r.where}: ${r.message}`);
    lines.push('');
  }
  lines.push(paint('bold', 'Summary'));
  const rows = summaryRows(report);
  const width = Math.max(...rows.map((r) => r.area.length));
  for (const r of rows) lines.push(`  ${r.area.padEnd(width)}  ${paint('green', `+${r.added}`)} ${paint('red', `-${r.removed}`)} ${paint('yellow', `~${r.changed}`)}`);

  for (const c of report.clusters) {
    lines.push('', paint('bold', paint('cyan', `cluster ${c.cluster}`)));
    for (const ref of c.added) lines.push(`  ${paint('green', `+ ${describeRef(ref)}`)}  ${paint('dim', ref.file)}`);
    for (const ref of c.removed) lines.push(`  ${paint('red', `- ${describeRef(ref)}`)}  ${paint('dim', ref.file)}`);
    for (const ch of c.changed) {
      lines.push(`  ${paint('yellow', `~ ${describeRef(ch.ref)}`)}  ${paint('dim', ch.ref.file)}`);
      for (const f of ch.changes.slice(0, maxFields)) lines.push(`      ${byOp(describeField(f, 160))}`);
      if (ch.changes.length > maxFields) lines.push(paint('dim', `      … ${ch.changes.length - maxFields} more field changes`));
    }
    for (const m of c.moved) lines.push(paint('dim', `  (moved, not a change) ${describeRef(m.ref)} ${m.from} → ${m.to}`));
  }
  for (const s of report.stacks) {
    lines.push('', paint('bold', paint('cyan', `stack ${s.stack}`)));
    for (const a of s.added) lines.push(`  ${paint('green', `+ ${a}`)}`);
    for (const a of s.removed) lines.push(`  ${paint('red', `- ${a}`)}`);
    for (const b of s.changed) {
      lines.push(`  ${paint('yellow', `~ ${b.address}`)}`);
      for (const f of b.changes.slice(0, maxFields)) lines.push(`      ${byOp(describeField(f, 160))}`);
      if (b.changes.length > maxFields) lines.push(paint('dim', `      … ${b.changes.length - maxFields} more attribute changes`));
    }
  }
  for (const r of report.reports) {
    lines.push('', paint('bold', paint('cyan', `reports ${r.cluster}`)));
    for (const reach of r.reach) for (const l of describeReach(reach)) lines.push(`  ${byOp(l)}`);
    for (const u of r.units) lines.push(`  ${byOp(describeUnit(u))}`);
    for (const f of r.files) {
      lines.push(`  ${paint('yellow', `${f.op} ${f.file}`)}${f.redacted ? paint('dim', ' (content not shown: may hold secrets)') : ''}`);
      for (const l of f.lines.slice(0, maxFields)) lines.push(`      ${byOp(`${l.op} ${l.line}`)}`);
      if (f.lines.length > maxFields) lines.push(paint('dim', `      … ${f.lines.length - maxFields} more lines`));
    }
  }
  if (report.otherFiles.length > 0) {
    lines.push('', paint('bold', paint('cyan', 'other files')));
    for (const f of report.otherFiles) {
      lines.push(`  ${paint('yellow', `${f.op} ${f.file}`)}${f.redacted ? paint('dim', ' (content not shown: may hold secrets)') : ''}`);
      for (const l of f.lines.slice(0, maxFields)) lines.push(`      ${byOp(`${l.op} ${l.line}`)}`);
      if (f.lines.length > maxFields) lines.push(paint('dim', `      … ${f.lines.length - maxFields} more lines`));
    }
  }
  return `${lines.join('\n')}\n`;
}
