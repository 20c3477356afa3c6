import { SynthError } from '../core/errors.js';
import { diffLines } from './lines.js';
import { mayHoldSecret } from './redact.js';
import type { FileDiff, ReachChange, RemovedEndpoint, ReportsDiff, UnitChange } from './model.js';
import { redactText } from './shapes.js';
import type { OutputTree } from './tree.js';

/** `connectivity.json`: who may reach whom, on which ports (shared contract, version 1). */
export interface ConnectivityReport {
  readonly version: 1;
  readonly cluster: string;
  readonly reach: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** `dependencies.json`: Flux units, their paths and what they depend on (shared contract, version 1). */
export interface DependenciesReport {
  readonly version: 1;
  readonly cluster: string;
  readonly units: Readonly<Record<string, { readonly path: string; readonly dependsOn: readonly string[] }>>;
}

export const CONNECTIVITY_JSON = 'connectivity.json';
export const DEPENDENCIES_JSON = 'dependencies.json';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseJson(where: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SynthError(where, `invalid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(value)) throw new SynthError(where, 'expected a JSON object');
  if (value.version !== 1) throw new SynthError(where, `unsupported report version ${JSON.stringify(value.version)} (expected 1)`, 'version');
  return value;
}

/** Parses and checks a connectivity.json; errors name the file and the field. */
export function parseConnectivity(where: string, text: string): ConnectivityReport {
  const value = parseJson(where, text);
  if (!isRecord(value.reach)) throw new SynthError(where, 'expected an object of sources', 'reach');
  for (const [from, targets] of Object.entries(value.reach)) {
    if (!isRecord(targets)) throw new SynthError(where, 'expected an object of targets', `reach.${from}`);
    for (const [to, ports] of Object.entries(targets)) {
      if (!Array.isArray(ports) || !ports.every((p) => typeof p === 'string')) {
        throw new SynthError(where, 'expected a list of port strings', `reach.${from}.${to}`);
      }
    }
  }
  return value as unknown as ConnectivityReport;
}

/** Parses and checks a dependencies.json; errors name the file and the field. */
export function parseDependencies(where: string, text: string): DependenciesReport {
  const value = parseJson(where, text);
  if (!isRecord(value.units)) throw new SynthError(where, 'expected an object of units', 'units');
  for (const [name, unit] of Object.entries(value.units)) {
    if (!isRecord(unit) || typeof unit.path !== 'string') throw new SynthError(where, 'expected a string', `units.${name}.path`);
    if (!Array.isArray(unit.dependsOn) || !unit.dependsOn.every((d) => typeof d === 'string')) {
      throw new SynthError(where, 'expected a list of unit names', `units.${name}.dependsOn`);
    }
  }
  return value as unknown as DependenciesReport;
}

const EMPTY_REACH: ConnectivityReport = { version: 1, cluster: '', reach: {} };
const EMPTY_UNITS: DependenciesReport = { version: 1, cluster: '', units: {} };

/** Reachability gained and lost between two connectivity reports, per (from, to) pair, sorted. */
export function diffReach(base: ConnectivityReport, head: ConnectivityReport): ReachChange[] {
  const pairs = (r: ConnectivityReport) => {
    const m = new Map<string, { from: string; to: string; ports: Set<string> }>();
    for (const [from, targets] of Object.entries(r.reach)) {
      for (const [to, ports] of Object.entries(targets)) m.set(`${from}\u0000${to}`, { from, to, ports: new Set(ports) });
    }
    return m;
  };
  const a = pairs(base);
  const b = pairs(head);
  const out: ReachChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const old = a.get(key);
    const now = b.get(key);
    const { from, to } = (now ?? old)!;
    const oldPorts = old?.ports ?? new Set<string>();
    const newPorts = now?.ports ?? new Set<string>();
    const added = [...newPorts].filter((p) => !oldPorts.has(p)).sort();
    const removed = [...oldPorts].filter((p) => !newPorts.has(p)).sort();
    if (added.length + removed.length > 0) out.push({ from, to, added, removed });
  }
  return out;
}

/** Every endpoint named in a connectivity report (as a source or a target). */
function endpoints(r: ConnectivityReport): Set<string> {
  const out = new Set<string>();
  for (const [from, targets] of Object.entries(r.reach)) {
    out.add(from);
    for (const to of Object.keys(targets)) out.add(to);
  }
  return out;
}

/**
 * Splits reachability changes: a deleted namespace (its Namespace object removed) that vanished from the
 * report becomes one entry with the number of pairs that went with it; the remaining pairs are listed one
 * by one.
 */
export function collapseRemovedEndpoints(
  base: ConnectivityReport,
  head: ConnectivityReport,
  reach: readonly ReachChange[],
  deletedNamespaces: ReadonlySet<string>,
): { reach: ReachChange[]; removedEndpoints: RemovedEndpoint[] } {
  const still = endpoints(head);
  const gone = new Set([...endpoints(base)].filter((e) => !still.has(e) && deletedNamespaces.has(e)));
  const byEndpoint = new Map<string, { pairs: number; peers: Set<string> }>();
  const kept: ReachChange[] = [];
  for (const r of reach) {
    const lost = r.added.length === 0 ? [r.from, r.to].find((e) => gone.has(e)) : undefined;
    if (!lost) {
      kept.push(r);
      continue;
    }
    const entry = byEndpoint.get(lost) ?? { pairs: 0, peers: new Set<string>() };
    entry.pairs++;
    entry.peers.add(lost === r.from ? r.to : r.from);
    byEndpoint.set(lost, entry);
  }
  const removedEndpoints = [...byEndpoint].map(([endpoint, e]) => ({ endpoint, pairs: e.pairs, peers: [...e.peers].sort() })).sort((a, b) => (a.endpoint < b.endpoint ? -1 : 1));
  return { reach: kept, removedEndpoints };
}

/** Units added, removed, moved or re-wired between two dependency reports, sorted by unit name. */
export function diffUnits(base: DependenciesReport, head: DependenciesReport): UnitChange[] {
  const out: UnitChange[] = [];
  for (const unit of [...new Set([...Object.keys(base.units), ...Object.keys(head.units)])].sort()) {
    const old = base.units[unit];
    const now = head.units[unit];
    const oldDeps = new Set(old?.dependsOn ?? []);
    const newDeps = new Set(now?.dependsOn ?? []);
    const dependsOnAdded = [...newDeps].filter((d) => !oldDeps.has(d)).sort();
    const dependsOnRemoved = [...oldDeps].filter((d) => !newDeps.has(d)).sort();
    if (!old) out.push({ unit, op: 'added', newPath: now!.path, dependsOnAdded, dependsOnRemoved });
    else if (!now) out.push({ unit, op: 'removed', oldPath: old.path, dependsOnAdded, dependsOnRemoved });
    else if (old.path !== now.path || dependsOnAdded.length + dependsOnRemoved.length > 0) {
      out.push({ unit, op: 'changed', oldPath: old.path, newPath: now.path, dependsOnAdded, dependsOnRemoved });
    }
  }
  return out;
}

function stem(file: string): string {
  const slash = file.lastIndexOf('/');
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(0, dot) : file;
}

/**
 * A line diff of two versions of a file (either may be missing), or undefined when equal. `path` (relative
 * to dist/) decides, with the content, whether the lines may be shown at all.
 */
export function diffFile(file: string, oldText: string | undefined, newText: string | undefined, path = file): FileDiff | undefined {
  if (oldText === newText) return undefined;
  const op = oldText === undefined ? 'added' : newText === undefined ? 'removed' : 'changed';
  if (mayHoldSecret(path, oldText ?? '') || mayHoldSecret(path, newText ?? '')) return { file, op, lines: [], redacted: true };
  return { file, op, lines: diffLines(oldText ?? '', newText ?? '').map((l) => ({ op: l.op, line: redactText(l.line) })) };
}

/**
 * Compares the generated reports of two trees as what they mean: connectivity.json as reachability gained
 * and lost, dependencies.json as units and dependencies gained and lost. A human twin of a JSON report
 * (`connectivity.md`, `dependencies.mmd`) says the same thing and is skipped; any other report file is
 * compared line by line.
 */
export function diffReports(
  base: OutputTree,
  head: OutputTree,
  baseLabel = 'base',
  headLabel = 'head',
  deletedNamespaces: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): ReportsDiff[] {
  const out: ReportsDiff[] = [];
  for (const cluster of [...new Set([...base.reports.keys(), ...head.reports.keys()])].sort()) {
    const a = base.reports.get(cluster) ?? new Map<string, string>();
    const b = head.reports.get(cluster) ?? new Map<string, string>();
    const read = <T>(files: ReadonlyMap<string, string>, label: string, name: string, parse: (w: string, t: string) => T): T | undefined => {
      const text = files.get(name);
      return text === undefined ? undefined : parse(`${label}/reports/${cluster}/${name}`, text);
    };
    const reachA = read(a, baseLabel, CONNECTIVITY_JSON, parseConnectivity);
    const reachB = read(b, headLabel, CONNECTIVITY_JSON, parseConnectivity);
    const unitsA = read(a, baseLabel, DEPENDENCIES_JSON, parseDependencies);
    const unitsB = read(b, headLabel, DEPENDENCIES_JSON, parseDependencies);
    const { reach, removedEndpoints } =
      reachA || reachB ? collapseRemovedEndpoints(reachA ?? EMPTY_REACH, reachB ?? EMPTY_REACH, diffReach(reachA ?? EMPTY_REACH, reachB ?? EMPTY_REACH), deletedNamespaces.get(cluster) ?? new Set()) : { reach: [], removedEndpoints: [] };
    const units = unitsA || unitsB ? diffUnits(unitsA ?? EMPTY_UNITS, unitsB ?? EMPTY_UNITS) : [];
    const jsonStems = new Set([...a.keys(), ...b.keys()].filter((f) => f.endsWith('.json')).map(stem));
    const files: FileDiff[] = [];
    for (const file of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      if (file === CONNECTIVITY_JSON || file === DEPENDENCIES_JSON) continue;
      if (!file.endsWith('.json') && jsonStems.has(stem(file))) continue;
      const d = diffFile(file, a.get(file), b.get(file), `reports/${cluster}/${file}`);
      if (d) files.push(d);
    }
    if (reach.length + removedEndpoints.length + units.length + files.length > 0) out.push({ cluster, reach, removedEndpoints, units, files });
  }
  return out;
}
