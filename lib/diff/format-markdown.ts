import { groupAcrossClusters, groupTitle, type ObjectEntry } from './group.js';
import { hasChanges, sortClusters, type DiffReport, type FieldChange, type FileDiff } from './model.js';
import { describeFieldLines, describeMove, describePlan, describeReach, describeRef, describeRemovedEndpoint, describeUnit, summaryRows } from './text.js';

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
  const out = changes.slice(0, max).flatMap((c) => {
    const [first, ...rest] = describeFieldLines(c, 100);
    return [`  - ${code(first!)}`, ...rest.map((l) => `    ${code(l.trim())}<br>`)];
  });
  if (changes.length > max) out.push(`  - … and ${changes.length - max} more field changes`);
  return out;
}

function fileLines(f: FileDiff, max: number): string[] {
  const out = [`- ${f.op} ${code(f.file)}${f.redacted ? ' (content not shown: may hold secrets)' : ''}`];
  for (const l of f.lines.slice(0, max)) out.push(`  - ${code(`${l.op} ${l.line}`)}`);
  if (f.lines.length > max) out.push(`  - … and ${f.lines.length - max} more lines`);
  return out;
}

function details(summary: string, body: string[], open = false): string[] {
  return [open ? '<details open>' : '<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function entryLines(e: ObjectEntry, maxFields: number): string[] {
  switch (e.op) {
    case 'added':
      return [`- ➕ ${code(describeRef(e.ref))}`];
    case 'removed':
      return [`- ➖ ${code(describeRef(e.ref))}`];
    case 'moved':
      return [`- 🔀 ${code(describeMove(e.ref, e.move!.from, e.move!.to))}`];
    default:
      return [`- ✏️ ${code(describeRef(e.ref))}`, ...fields(e.changes ?? [], maxFields)];
  }
}

/**
 * The diff as a pull-request comment: marker, heading, the per-cluster summary (clusters live → integration
 * → dev, each stack with its plan), the risks, then one collapsed section per set of clusters sharing
 * identical changes (live first), per stack and per cluster's reports. Long lists are cut with counts; when
 * the whole exceeds `maxChars`, sections are left out from the end — the summary always stays.
 */
export function formatMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const maxItems = options.maxItems ?? 40;
  const maxFields = options.maxFields ?? 15;
  const maxChars = options.maxChars ?? 60_000;
  const order = { clusterOrder: report.clusterOrder };
  const head = [MARKDOWN_MARKER, `### Synthesized output diff${options.baseLabel ? ` against ${code(options.baseLabel)}` : ''}`, ''];
  if (!hasChanges(report)) return `${[...head, 'No differences in the synthesized output.'].join('\n')}\n`;

  const summary = ['| Area | Added | Removed | Changed | Notes |', '|---|---:|---:|---:|---|'];
  for (const r of summaryRows(report, order)) summary.push(`| ${r.area} | ${r.added} | ${r.removed} | ${r.changed} | ${r.note ?? ''} |`);
  summary.push('');

  const risks: string[] = [];
  if (report.risks.length > 0) {
    risks.push(`**⚠️ Risks (${report.risks.length})**`, '');
    // Every risk is counted; the listed ones share at most a third of the comment.
    let budget = maxChars / 3;
    let shown = 0;
    for (const r of report.risks.slice(0, maxItems)) {
      const line = `- **${r.kind}** ${code(r.where)}: ${r.message.replace(/[<>]/g, '')}`;
      budget -= line.length + 1;
      if (budget < 0) break;
      risks.push(line);
      shown++;
    }
    risks.push(...more(report.risks.length - shown, 'risks'), '');
  } else {
    risks.push('No risk flags.', '');
  }

  const sections: string[][] = [];
  for (const g of groupAcrossClusters(report.clusters, order)) {
    const items = g.entries.map((e) => entryLines(e, maxFields));
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'objects'));
    const n = (op: ObjectEntry['op']) => g.entries.filter((e) => e.op === op).length;
    const moved = n('moved') ? ` 🔀${n('moved')}` : '';
    sections.push(details(`${g.clusters.length > 1 ? 'clusters' : 'cluster'} <b>${groupTitle(g.clusters, report.clusterOrder)}</b>: +${n('added')} −${n('removed')} ~${n('changed')}${moved}`, body));
  }
  for (const s of report.stacks) {
    const replaced = new Map(s.replaced.map((r) => [r.address, r.because]));
    const items = [
      ...s.added.map((a) => [`- ➕ ${code(a)}`]),
      ...s.removed.map((a) => [`- ➖ ${code(a)}`]),
      ...s.changed.map((b) => [`- ${replaced.has(b.address) ? `♻️ ${code(b.address)} (replaced: ${replaced.get(b.address)!.join(', ')})` : `✏️ ${code(b.address)}`}`, ...fields(b.changes, maxFields)]),
    ];
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'resources'));
    sections.push(details(`stack <b>${s.stack}</b>: ${describePlan(s)}`, body));
  }
  const reportsByCluster = new Map(report.reports.map((r) => [r.cluster, r]));
  for (const name of sortClusters(reportsByCluster.keys(), order)) {
    const r = reportsByCluster.get(name)!;
    const items = [
      ...r.removedEndpoints.map((e) => [`- ${code(describeRemovedEndpoint(e))}`]),
      ...r.reach.flatMap(describeReach).map((l) => [`- ${code(l)}`]),
      ...r.units.map((u) => [`- ${code(describeUnit(u))}`]),
      ...r.files.map((f) => fileLines(f, maxItems)),
    ];
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'report changes'));
    sections.push(details(`reports <b>${r.cluster}</b>: ${r.reach.length} reachability pair(s)${r.removedEndpoints.length ? `, ${r.removedEndpoints.length} endpoint(s) gone` : ''}, ${r.units.length} unit change(s)`, body));
  }
  if (report.otherFiles.length > 0) {
    const items = report.otherFiles.map((f) => fileLines(f, maxItems));
    const body = items.slice(0, maxItems).flat();
    body.push(...more(items.length - maxItems, 'files'));
    sections.push(details(`other files: ${report.otherFiles.length}`, body));
  }

  // The heading and the summary always stay; risks next; then whole sections while they fit.
  const out = [...head, ...summary];
  const tail = 200;
  let size = out.join('\n').length + tail;
  const risksText = risks.join('\n');
  if (size + risksText.length <= maxChars) {
    out.push(...risks);
    size += risksText.length + 1;
  } else {
    out.push(`**⚠️ Risks (${report.risks.length})**: too many to list here; run \`npm run diff\` locally.`, '');
  }
  let dropped = 0;
  for (const s of sections) {
    const text = s.join('\n');
    if (dropped > 0 || size + text.length > maxChars) {
      dropped++;
      continue;
    }
    out.push(...s);
    size += text.length + 1;
  }
  if (dropped > 0) out.push(`… ${dropped} more section(s) left out to fit a comment; run \`npm run diff\` locally for the full report.`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
