import type { GrafanaDashboard } from './dashboard.js';
import type { AlertRule, PrometheusRules } from './rules.js';
import type { ObservabilitySystem } from './system.js';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * `alerts.md`: the on-call page. Alerts by component and severity, each with its condition window and
 * runbook, and the deployed components that have no alert of their own.
 */
export function alertsReport(system: ObservabilitySystem, deployed: ReadonlyArray<{ readonly name: string; readonly components: readonly string[] }>, reference?: ReferenceFigures): string {
  const files = system.items<PrometheusRules>('rules');
  const byComponent = new Map<string, Array<{ raw: AlertRule }>>();
  let records = 0;
  for (const f of files) {
    for (const g of f.groups) {
      records += g.records.length;
      for (const a of g.alerts) {
        const list = byComponent.get(f.component) ?? [];
        list.push({ raw: a });
        byComponent.set(f.component, list);
      }
    }
  }
  const components = [...byComponent.keys()].sort();
  const total = [...byComponent.values()].reduce((n, l) => n + l.length, 0);
  const count = (c: string, s: keyof typeof SEVERITY_ORDER) => byComponent.get(c)!.filter((x) => x.raw.props.severity === s).length;
  const lines = [
    `# Alerts — cluster ${system.cluster}`,
    '',
    `${total} alerts and ${records} recording rules in ${files.length} PrometheusRule objects (kube-prometheus-stack's default rules come on top and are not listed).`,
    'Generated — do not edit.',
    '',
    '| component | critical | warning | info | total |',
    '|---|---:|---:|---:|---:|',
    ...components.map((c) => `| ${c} | ${count(c, 'critical')} | ${count(c, 'warning')} | ${count(c, 'info')} | ${byComponent.get(c)!.length} |`),
    '',
  ];
  const silent = deployed.filter((d) => !d.components.some((c) => byComponent.has(c))).map((d) => d.name);
  lines.push('## Components without alerts of their own', '');
  lines.push(silent.length ? silent.map((c) => `- ${c} (only the generic target-down and workload rules watch it)`).join('\n') : 'None.', '');
  if (reference) lines.push(...referenceSection(system, reference));
  for (const c of components) {
    lines.push(`## ${c}`, '', '| alert | severity | for | summary | runbook |', '|---|---|---|---|---|');
    const list = byComponent.get(c)!.sort((a, b) => SEVERITY_ORDER[a.raw.props.severity] - SEVERITY_ORDER[b.raw.props.severity] || (a.raw.props.alert < b.raw.props.alert ? -1 : 1));
    for (const x of list) {
      const p = x.raw.props;
      lines.push(`| ${p.alert} | ${p.severity} | ${p.for ?? '0s'} | ${cell(p.summary)} | [${p.runbook}](../../../docs/runbooks/${p.runbook}) |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** One component of the reference system, counted, and where its counterpart lives in our output. */
export interface ReferenceComponent {
  readonly component: string;
  readonly alerts: number;
  readonly records: number;
  readonly dashboards: number;
  /** Our rule files' components (`slo: *` = every name with that prefix) and dashboard uids that stand for it. */
  readonly ours: { readonly components: readonly string[]; readonly dashboards?: readonly string[] };
}

export interface ReferenceFigures {
  /** Where the reference figures come from. */
  readonly source: string;
  readonly components: readonly ReferenceComponent[];
}

export interface ComparedComponent {
  readonly reference: ReferenceComponent;
  readonly alerts: number;
  readonly records: number;
  readonly dashboards: number;
}

const matches = (patterns: readonly string[], name: string) => patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** Our alert, recording-rule and dashboard counts beside each reference component's, counted from the output. */
export function compareWithReference(system: ObservabilitySystem, reference: ReferenceFigures): { rows: ComparedComponent[]; unmatched: string[] } {
  const files = system.items<PrometheusRules>('rules');
  const dashboards = new Set(system.items<GrafanaDashboard>('dashboard').map((d) => d.uid));
  const rows = reference.components.map((r) => {
    const mine = files.filter((f) => matches(r.ours.components, f.component));
    return {
      reference: r,
      alerts: mine.reduce((n, f) => n + f.groups.reduce((m, g) => m + g.alerts.length, 0), 0),
      records: mine.reduce((n, f) => n + f.groups.reduce((m, g) => m + g.records.length, 0), 0),
      dashboards: (r.ours.dashboards ?? []).filter((uid) => dashboards.has(uid)).length,
    };
  });
  const claimed = reference.components.flatMap((r) => r.ours.components);
  const unmatched = [...new Set(files.map((f) => f.component))].filter((c) => !matches(claimed, c)).sort();
  return { rows, unmatched };
}

function referenceSection(system: ObservabilitySystem, reference: ReferenceFigures): string[] {
  const { rows, unmatched } = compareWithReference(system, reference);
  const sum = (f: (r: ComparedComponent) => number) => rows.reduce((n, r) => n + f(r), 0);
  const holds = (r: ComparedComponent) => r.alerts >= r.reference.alerts && r.records >= r.reference.records && r.dashboards >= r.reference.dashboards;
  return [
    '## Compared with the reference',
    '',
    `Reference figures: ${reference.source}. Ours are counted from this cluster's output (rule files and dashboards); "ours from" names the rule components and dashboard uids that stand for the reference component.`,
    '',
    '| component | alerts ref | alerts ours | records ref | records ours | dashboards ref | dashboards ours | at least the reference | ours from |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.reference.component} | ${r.reference.alerts} | ${r.alerts} | ${r.reference.records} | ${r.records} | ${r.reference.dashboards} | ${r.dashboards} | ${holds(r) ? 'yes' : '**no**'} | ${cell([...r.reference.ours.components, ...(r.reference.ours.dashboards ?? []).map((d) => `dashboard ${d}`)].join(', '))} |`),
    `| **total** | ${sum((r) => r.reference.alerts)} | ${sum((r) => r.alerts)} | ${sum((r) => r.reference.records)} | ${sum((r) => r.records)} | ${sum((r) => r.reference.dashboards)} | ${sum((r) => r.dashboards)} | ${rows.every(holds) ? 'yes' : '**no**'} | |`,
    '',
    unmatched.length ? `Rule components of ours with no reference counterpart: ${unmatched.join(', ')}.` : 'Every rule component of ours has a reference counterpart.',
    '',
  ];
}
