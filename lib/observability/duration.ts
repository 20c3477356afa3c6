/** A Prometheus duration as rules and configs write it: one or more `<int><unit>` parts, e.g. `5m`, `1h30m`. */
export type Duration = `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y'}` | `${number}${'h' | 'd'}${number}${'m' | 'h'}`;

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const DURATION = /^(?:[0-9]+(?:ms|s|m|h|d|w|y))+$/;

/** Seconds of a Prometheus duration, or undefined when `text` is not one (`5m` → 300, `1h30m` → 5400). */
export function durationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * UNIT_SECONDS[unit!]!;
  return total;
}

/** The shortest Prometheus duration for `seconds` (whole seconds): 300 → `5m`, 5400 → `90m`. */
export function formatDuration(seconds: number): Duration {
  for (const [unit, s] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (seconds % s === 0) return `${seconds / s}${unit}`;
  return `${seconds}s`;
}
