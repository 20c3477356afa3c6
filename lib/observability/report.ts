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
export function alertsReport(system: ObservabilitySystem, deployed: ReadonlyArray<{ readonly name: string; readonly components: readonly string[] }>): string {
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
