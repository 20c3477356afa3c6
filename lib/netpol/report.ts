import type { KubeObject } from '../core/manifest.js';
import type { AnyPortAllowance } from './ports.js';
import type { ConnectivityTable, PolicyModel } from './reachability.js';
import type { RequiredPath } from './system.js';

/** A required path with the evaluator's verdict over the synthesized policies. */
export interface PathVerdict {
  readonly path: RequiredPath;
  readonly open: boolean;
}

/** Evaluates each required path (sorted by source, then endpoints) against the policies of `model`. */
export function requiredPathVerdicts(model: PolicyModel, paths: readonly RequiredPath[]): PathVerdict[] {
  const key = (p: RequiredPath) => [p.from.name, p.to.name, p.port.toString(), p.why].join('|');
  return [...paths]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((path) => ({ path, open: model.allows(path.from.endpoint, path.to.endpoint, { protocol: path.port.protocol, port: path.port.port }) }));
}

/**
 * The ports of one pair, sorted, once per distinct list: the table shares one list per port set, and at 1000
 * apps there are a million pairs but only a handful of lists.
 */
function sortedOnce<T>(memo: Map<readonly string[], T>, ports: readonly string[], make: (sorted: string[]) => T): T {
  let v = memo.get(ports);
  if (v === undefined) memo.set(ports, (v = make([...ports].sort())));
  return v;
}

const isArrayIndex = (k: string) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;

/**
 * The order in which `JSON.stringify` lists the keys of an object built by inserting `sorted` in order: JS
 * objects enumerate array-index keys ("0", "42") first, numerically. (A namespace may be named "42".)
 */
function propertyOrder(sorted: readonly string[]): number[] {
  const all = sorted.map((_, i) => i);
  const index = all.filter((i) => isArrayIndex(sorted[i]!)).sort((a, b) => Number(sorted[a]) - Number(sorted[b]));
  return [...index, ...all.filter((i) => !isArrayIndex(sorted[i]!))];
}

/**
 * The JSON twin of the connectivity report (shared contract: version 1): `{ version, cluster, reach: { from: {
 * to: [ports] } } }` with keys and ports sorted, exactly as `JSON.stringify(…, null, 2)` prints it. Written
 * directly from the table: at 1000 apps the reach object would have a million entries (tested equal to the
 * stringified form).
 */
export function renderConnectivityJson(cluster: string, { names, ports }: ConnectivityTable): string {
  const n = names.length;
  const key = names.map((name) => JSON.stringify(name));
  const memo = new Map<readonly string[], string>();
  const list = (p: readonly string[]) => sortedOnce(memo, p, (s) => (s.length ? `[\n${s.map((x) => `        ${JSON.stringify(x)}`).join(',\n')}\n      ]` : '[]'));
  const order = propertyOrder(names);
  const rows: string[] = [];
  for (const f of order) {
    const cells: string[] = [];
    for (const t of order) {
      const p = ports[f * n + t];
      if (p) cells.push(`      ${key[t]}: ${list(p)}`);
    }
    if (cells.length) rows.push(`    ${key[f]}: {\n${cells.join(',\n')}\n    }`);
  }
  return `{\n  "version": 1,\n  "cluster": ${JSON.stringify(cluster)},\n  "reach": ${rows.length ? `{\n${rows.join(',\n')}\n  }` : '{}'}\n}\n`;
}

/** Egress to named destinations (FQDNs, CIDRs), which the namespace matrix cannot show. */
export function namedDestinations(objects: readonly KubeObject[]): string[][] {
  const rows: string[][] = [];
  for (const o of objects) {
    if (o.apiVersion !== 'cilium.io/v2' || (o.kind !== 'CiliumNetworkPolicy' && o.kind !== 'CiliumClusterwideNetworkPolicy')) continue;
    const policy = `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    const spec = (o.spec ?? {}) as { egress?: Record<string, unknown>[] };
    for (const r of spec.egress ?? []) {
      const dests = [
        ...((r.toFQDNs as { matchName?: string; matchPattern?: string }[] | undefined) ?? []).map((f) => `fqdn ${f.matchName ?? f.matchPattern}`),
        ...((r.toCIDR as string[] | undefined) ?? []).map((c) => `cidr ${c}`),
        ...((r.toCIDRSet as { cidr: string }[] | undefined) ?? []).map((c) => `cidr ${c.cidr}`),
      ];
      const ports = ((r.toPorts as { ports?: { port: string; endPort?: number; protocol?: string }[] }[] | undefined) ?? [])
        .flatMap((tp) => tp.ports ?? [])
        .map((p) => `${(p.protocol ?? 'any').toLowerCase()}/${p.port}${p.endPort ? `-${p.endPort}` : ''}`);
      for (const d of dests) rows.push([policy, d, ports.length ? ports.join(', ') : 'any']);
    }
  }
  return rows.sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
}

/** The human connectivity matrix reviewers diff: one table row per allowed (from, to) pair. */
export function renderConnectivityMarkdown(
  cluster: string,
  { names, ports }: ConnectivityTable,
  anyPort: readonly AnyPortAllowance[],
  folded?: string,
  destinations: readonly string[][] = [],
  required: readonly PathVerdict[] = [],
): string {
  const lines = [
    `# Connectivity: ${cluster}`,
    '',
    'Generated by `npm run synth` from the synthesized Cilium policies (lib/netpol/reachability.ts); do not edit.',
    'A row means some workload of *from* (a plain pod, or a labelled workload a policy names, such as Prometheus',
    'or a gateway) may open connections to some workload of *to* on the listed ports. `any` = every port and',
    'protocol. Pairs not listed are denied. Entities: `world` (an Internet address; FQDN and named-CIDR rules are',
    'not shown), `kube-apiserver`, `host`.',
    ...(folded ? ['', `\`${folded}\` (Istio ambient HBONE between ambient namespaces) is folded out of the table and listed below; the JSON twin has it inline.`] : []),
    '',
    '| from | to | ports |',
    '|---|---|---|',
  ];
  // The folded pairs, row by row (one string per pair and one join of a million of them cost twice as much).
  const foldedRows: string[] = [];
  let foldedCount = 0;
  const memo = new Map<readonly string[], { shown: string | undefined; hasFolded: boolean }>();
  const n = names.length;
  for (let f = 0; f < n; f++) {
    const from = names[f]!;
    const folds: string[] = [];
    for (let t = 0; t < n; t++) {
      const p = ports[f * n + t];
      if (!p) continue;
      const { shown, hasFolded } = sortedOnce(memo, p, (all) => {
        const shownPorts = all.filter((x) => x !== folded);
        return { shown: shownPorts.length ? shownPorts.join(', ') : undefined, hasFolded: shownPorts.length !== all.length };
      });
      const to = names[t]!;
      if (hasFolded) folds.push(to);
      if (shown !== undefined) lines.push(`| ${from} | ${from === to ? '(same namespace)' : to} | ${shown} |`);
    }
    if (folds.length) foldedRows.push(`${from} → ${folds.join(`, ${from} → `)}`);
    foldedCount += folds.length;
  }
  if (folded) lines.push('', `## ${folded}`, '', foldedCount ? `${foldedCount} pairs: ${foldedRows.join(', ')}` : 'none');
  lines.push(
    '',
    '## Required paths',
    '',
    'Connections the declarations rely on (OIDC issuers, routes, reasoned world ports, references between apps), each',
    'evaluated for the named workloads against the synthesized policies. `DENIED` means a declaration needs a path the policies close.',
    '',
    '| from | to | port | verdict | why | declared by |',
    '|---|---|---|---|---|---|',
    ...required.map(({ path: p, open }) => `| ${p.from.name} | ${p.to.name} | ${p.port} | ${open ? 'open' : '**DENIED**'} | ${p.why} | ${p.declaredBy} |`),
  );
  lines.push('', '## Named destinations (FQDN, CIDR)', '', '| policy | destination | ports |', '|---|---|---|', ...destinations.map((r) => `| ${r.join(' | ')} |`));
  lines.push('', '## Any-port rules', '', 'Every rule that leaves ports open, by allowlist entry (lib/netpol: `AnyPortAllowlist`).', '', '| entry | reason | used by |', '|---|---|---|');
  for (const a of anyPort) {
    const uses = [...new Set(a.usedBy)];
    lines.push(`| ${a.id} | ${a.reason} | ${uses.length ? uses.join('<br>') : '(unused)'} |`);
  }
  return `${lines.join('\n')}\n`;
}
