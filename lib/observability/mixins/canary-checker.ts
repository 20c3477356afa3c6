// canary-checker: synthetic checks of every route and platform endpoint; its results are the SLA.
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/canary-checker.ts';
/** Windows the canary availability records cover (dashboards show all four). */
export const CANARY_WINDOWS = ['1h', '24h', '7d', '30d'] as const;

export const canaryCheckerMonitoring: ComponentMonitoring = {
  component: 'canary-checker',
  sources: [{ component: 'canary-checker', metrics: ['canary_check', 'canary_check_success_count', 'canary_check_failed_count', 'canary_check_info', ...histogram('canary_check_duration')] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'canary-checker', file: FILE });
    const failed = (w: string) => `sum by (name, canary_name, namespace, type) (increase(canary_check_failed_count[${w}]))`;
    const passed = (w: string) => `sum by (name, canary_name, namespace, type) (increase(canary_check_success_count[${w}]))`;
    group('canary-checker.rules')
      .alert({
        alert: 'CanaryCheckFailure', severity: 'critical', for: '5m', expr: 'canary_check == 1',
        summary: 'Health check {{ $labels.name }} in {{ $labels.namespace }} is failing',
        description: 'The synthetic check {{ $labels.name }} ({{ $labels.type }}) has failed every run for 5 minutes: users of what it checks are affected.',
      })
      .alert({
        alert: 'CanaryCheckHighFailureRate', severity: 'warning', for: '15m',
        expr: `${failed('15m')} / (${failed('15m')} + ${passed('15m')}) > 0.2`,
        summary: 'Health check {{ $labels.name }} fails intermittently',
        description: 'More than 20% of the runs of {{ $labels.name }} in {{ $labels.namespace }} failed over 15 minutes: something flaps.',
      });
    const records = group('canary-availability', '5m');
    for (const w of CANARY_WINDOWS) {
      records.record({ record: `canary:availability:${w}`, expr: `100 * ${passed(w)} / clamp_min(${passed(w)} + ${failed(w)}, 1)` });
    }
  },
};
