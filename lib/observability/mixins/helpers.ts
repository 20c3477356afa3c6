import type { Construct } from 'constructs';
import type { ComponentRulesContext } from '../component.js';
import type { Duration } from '../duration.js';
import { PrometheusRules, type AlertRuleProps, type RecordingRuleProps, type RuleGroup } from '../rules.js';

/** An alert whose runbook defaults to the component's runbook file. */
export type MixinAlert = Omit<AlertRuleProps, 'runbook'> & { readonly runbook?: string };

export interface MixinGroup {
  alert(props: MixinAlert): MixinGroup;
  record(props: RecordingRuleProps): MixinGroup;
  readonly group: RuleGroup;
}

/**
 * One PrometheusRule for a component, with groups whose alerts link `docs/runbooks/<runbook>` unless they
 * name their own. Keeps the mixins to what matters: the expression, the window, the words.
 */
export function componentRules(
  scope: Construct,
  ctx: ComponentRulesContext,
  o: { readonly component: string; readonly file: string; readonly name?: string; readonly runbook?: string },
): (name: string, interval?: Duration) => MixinGroup {
  const name = o.name ?? `${o.component}-alerts`;
  const rules = new PrometheusRules(scope, `rules-${name}`, { name, namespace: ctx.namespace, component: o.component, file: o.file });
  const runbook = o.runbook ?? `${o.component}.md`;
  return (groupName, interval) => {
    const group = rules.group(groupName, interval ? { interval } : {});
    const api: MixinGroup = {
      group,
      alert: (p) => {
        group.alert({ runbook, ...p });
        return api;
      },
      record: (p) => {
        group.record(p);
        return api;
      },
    };
    return api;
  };
}
