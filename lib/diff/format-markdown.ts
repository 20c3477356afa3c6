import { hasChanges, type DiffReport, type FieldChange, type FileDiff } from './model.js';
import { describeField, describeReach, describeRef, describeUnit, summaryRows } from './text.js';

/** Hidden first line of the comment: the PR workflow finds its previous comment by it and updates it. */
export const MARKDOWN_MARKER = '<!-- homelab-diff -->';

export interface MarkdownOptions {
  /** Items (objects, resources, lines) listed per section before "… and N more" (default 40). */
  readonly maxItems?: number;
  /** Field changes listed per object (default 15). */
  readonly maxFields?: number;
  /** Hard cap on the whole comment (GitHub allows 65 536 characters; default 60 000). */
  readonly maxChars?: number;
  /** Shown in the heading, e.g. `origin/main`. */
  readonly baseLabel?: string;
}

/** HTML-escaped inline code (safe for any content, including backticks and pipes). */
function code(s: string): string {
  return `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')}</code>`;
}

function more(n: number, what: string): string[] {
  return n > 0 ? [`- … and ${n} more ${what}`] : [];
}

function fields(changes: readonly FieldChange[], max: number): string[] {
  const out = changes.slice(0, max).map((c) => `  - ${code(describeField(c, 100))}`);
  if (changes.length > max) out.push(`  - … and ${changes.length - max} more field changes`);
  return out;
}

function fileLines(f: FileDiff, max: number): string[] {
  const out = [`- ${f.op} ${code(f.file)}${f.redacted ? ' (content not shown: may hold secrets)' : ''}`];
  for (const l of f.lines.slice(0, max)) out.push(`  - ${code(`${l.op} ${l.line}`)}`);
  if (f.lines.length > max) out.push(`  - … and ${f.lines.length - max} more lines`);
  return out;
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/**
 * The diff as a pull-request comment: marker, risks, a summary table, then one collapsed section per
 * cluster, stack and cluster's reports; long lists cut with counts, the whole kept under `maxChars`.
 */
export function formatMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const maxItems = options.maxItems ?? 40;
  const maxFields = options.maxFields ?? 15;
  const maxChars = options.maxChars ?? 60_000;
  const head = [MARKDOWN_MARKER, `### Synthesized output diff${options.baseLabel ? ` against ${code(options.baseLabel)}` : ''}`, ''];
  if (!hasChanges(report)) return `${[...head, 'No differences in the synthesized output.'].join('\n')}\n`;

  const top: string[] = [];
  if (report.risks.length > 0) {
    top.push(`**⚠️ Risks (${report.risks.length})**`, '');
    // Risks come first and must all be counted; listed ones share at most half the comment.
    let budget = maxChars / 2;
    let shown = 0;
    for (const r of report.risks.slice(0, maxItems)) {
      const line = `- **${r.kind}** ${code(r.where)}: ${r.message.replace(/[<>]/g, '')}`;
      budget -= line.length + 1;
      if (budget < 0) break;
      top.push(line);
      shown++;
    }
    top.push(...more(report.risks.length - shown, 'risks'), '');
  } else {
    top.push('No risk flags.', '');
  }
  top.push('| Area | Added | Removed | Changed |', '|---|---:|---:|---:|');
  for (const r of summaryRows(report)) top.push(`| ${r.area} | ${r.added} | ${r.removed} | ${r.changed} |`);
  top.push('');

  const sections: string[][] = [];
  for (const c of report.clusters) {
    if (c.added.length + c.removed.length + c.changed.length === 0) continue;
    const body: string[] = [];
    const items = [
      ...c.added.map((r) => [`- ➕ ${code(describeRef(r))}`]),
      ...c.removed.map((r) => [`- ➖ ${code(describeRef(r))}`]),
      ...c.changed.map((ch) => [`- ✏️ ${code(describeRef(ch.ref))}`, ...fields(ch.changes, maxFields)]),
    ];
    for (const i of items.slice(0, maxItems)) body.push(...i);
    body.push(...more(items.length - maxItems, 'objects'));
    if (c.moved.length > 0) body.push(`- ${c.moved.length} object(s) moved to another file (not a change)`);
    sections.push(details(`cluster <b>${c.cluster}</b>: +${c.added.length} −${c.removed.length} ~${c.changed.length}`, body));
  }
  for (const s of report.stacks) {
    const items = [
      ...s.added.map((a) => [`- ➕ ${code(a)}`]),
      ...s.removed.map((a) => [`- ➖ ${code(a)}`]),
      ...s.changed.map((b) => [`- ✏️ ${code(b.address)}`, ...fields(b.changes, maxFields)]),
    ];
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'resources'));
    sections.push(details(`stack <b>${s.stack}</b>: +${s.added.length} −${s.removed.length} ~${s.changed.length}`, body));
  }
  for (const r of report.reports) {
    const items = [...r.reach.flatMap(describeReach).map((l) => [`- ${code(l)}`]), ...r.units.map((u) => [`- ${code(describeUnit(u))}`]), ...r.files.map((f) => fileLines(f, maxItems))];
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'report changes'));
    sections.push(details(`reports <b>${r.cluster}</b>: ${r.reach.length} reachability, ${r.units.length} unit changes`, body));
  }
  if (report.otherFiles.length > 0) {
    const items = report.otherFiles.map((f) => fileLines(f, maxItems));
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'files'));
    sections.push(details(`other files: ${report.otherFiles.length}`, body));
  }

  const out = [...head, ...top];
  let size = out.join('\n').length;
  let dropped = 0;
  for (const s of sections) {
    const text = s.join('\n');
    if (dropped > 0 || size + text.length + 200 > maxChars) {
      dropped++;
      continue;
    }
    out.push(...s);
    size += text.length + 1;
  }
  if (dropped > 0) out.push(`… ${dropped} more section(s) left out to fit a comment; run \`npm run diff\` locally for the full report.`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
