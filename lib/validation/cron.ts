import { createRequire } from 'node:module';
import type { ValidationIssue } from './issue.js';

/** croner, loaded on first use (like ajv). */
const croner = (): typeof import('croner') => createRequire(import.meta.url)('croner') as typeof import('croner');

/**
 * Cron schedules of the kinds that take one, parsed by a real cron parser (croner) with the field count
 * each controller's parser requires (all use robfig/cron): CronJob, Velero Schedule, Longhorn RecurringJob
 * and canary-checker take five fields, CNPG ScheduledBackup six (seconds first). Descriptors (`@daily`)
 * and `@every <duration>` are accepted where robfig accepts them; a time zone inside a CronJob schedule is
 * rejected (use spec.timeZone), as the API server does.
 */
const SCHEDULES: Readonly<Record<string, { readonly field: string; readonly parts: 5 | 6 }>> = {
  'batch/v1/CronJob': { field: 'schedule', parts: 5 },
  'velero.io/v1/Schedule': { field: 'schedule', parts: 5 },
  'postgresql.cnpg.io/v1/ScheduledBackup': { field: 'schedule', parts: 6 },
  'longhorn.io/v1beta2/RecurringJob': { field: 'cron', parts: 5 },
  'canaries.flanksource.com/v1/Canary': { field: 'schedule', parts: 5 },
};

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Why `schedule` is not a valid schedule with `parts` fields, or undefined. */
export function cronProblem(schedule: string, parts: 5 | 6): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'a time zone in the schedule is not allowed (set spec.timeZone)';
  if (s.startsWith('@every ')) return GO_DURATION.test(s.slice(7).trim()) ? undefined : `"${s}": @every needs a Go duration such as 1h30m`;
  if (s.startsWith('@')) return DESCRIPTORS.has(s) ? undefined : `"${s}" is not a cron descriptor (${[...DESCRIPTORS].join(', ')}, @every <duration>)`;
  const fields = s.split(/\s+/).length;
  if (fields !== parts) return `"${s}" has ${fields} fields; this schedule takes ${parts}${parts === 6 ? ' (seconds first)' : ' (minute hour day-of-month month day-of-week)'}`;
  try {
    new (croner().Cron)(s, { paused: true, mode: parts === 6 ? '6-part' : '5-part' });
    return undefined;
  } catch (e) {
    return `"${s}": ${(e as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

export function scheduleIssues(obj: { apiVersion: string; kind: string; spec?: unknown }, at: { object: string; file?: string }): ValidationIssue[] {
  const rule = SCHEDULES[`${obj.apiVersion}/${obj.kind}`];
  const value = rule && (obj.spec as Record<string, unknown> | undefined)?.[rule.field];
  if (typeof value !== 'string') return [];
  const problem = cronProblem(value, rule!.parts);
  return problem ? [{ ...at, path: `/spec/${rule!.field}`, message: `invalid cron schedule: ${problem}` }] : [];
}
