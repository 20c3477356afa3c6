// Lint on top of the parse: what parses but cannot work on this cluster.
import { TARGET_LABELS, type MetricCatalog } from './catalog.js';
import { formatDuration } from './duration.js';
import type { PromqlAnalysis } from './promql.js';

/** Functions whose range must hold several samples to give a value at all. */
const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv']);
/** Range of a rate must cover at least this many scrape intervals (so a missed scrape does not blank it). */
export const MIN_SCRAPES_PER_RATE_WINDOW = 4;

export interface LintFinding {
  readonly offset: number;
  readonly message: string;
}

export interface LintOptions {
  readonly catalog: MetricCatalog;
  /** Default scrape interval of the cluster, seconds. */
  readonly scrapeIntervalSeconds: number;
  /** Alert expressions must compare (or test absence), else they fire on every series. */
  readonly alert?: boolean;
}

export function lintPromql(a: PromqlAnalysis, o: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  if (o.alert && !a.hasComparison && !a.hasAbsent) {
    findings.push({ offset: 0, message: 'an alert expression needs a comparison (>, <, ==, …) or absent(): as written it fires for every series it returns' });
  }
  for (const s of a.selectors) {
    if (!s.metric) continue;
    const source = o.catalog.lookup(s.metric);
    if (!source) {
      findings.push({ offset: s.offset, message: `metric "${s.metric}" is produced by no component deployed on this cluster, so this selector can never match` });
      continue;
    }
    const closed = source.labels?.[s.metric];
    if (closed) {
      for (const m of s.matchers) {
        const matchesEmpty = (m.op === '=' && m.value === '') || m.op === '!=' || m.op === '!~';
        if (!closed.includes(m.label) && !TARGET_LABELS.includes(m.label) && !matchesEmpty) {
          findings.push({ offset: s.offset, message: `${source.component} does not export label "${m.label}" on "${s.metric}" (it carries ${closed.join(', ')}), so this matcher can never match` });
        }
      }
    }
    if (s.range?.fn && RATE_FUNCTIONS.has(s.range.fn)) {
      const interval = source.scrapeIntervalSeconds ?? o.scrapeIntervalSeconds;
      if (s.range.seconds < MIN_SCRAPES_PER_RATE_WINDOW * interval) {
        findings.push({ offset: s.offset, message: `${s.range.fn}() over [${s.range.text}] spans fewer than ${MIN_SCRAPES_PER_RATE_WINDOW} scrapes of "${s.metric}" (interval ${formatDuration(interval)}): use at least [${formatDuration(MIN_SCRAPES_PER_RATE_WINDOW * interval)}]` });
      }
    }
  }
  return findings;
}
