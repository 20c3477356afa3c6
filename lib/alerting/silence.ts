import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import type { SilenceSpec, SilenceSpecMatchersMatchType } from '../generated/crds/observability.giantswarm.io.js';

/** One Alertmanager matcher: label, operator, value (a regex for `=~`/`!~`, fully anchored). */
export interface SilenceMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface AlertSilenceProps {
  readonly name: string;
  readonly namespace: string;
  readonly matchers: readonly SilenceMatcher[];
  /** Why the alert cannot be fixed here (rendered as an annotation). */
  readonly reason: string;
  /** Where it is declared, for errors: the file and the field path of this silence. */
  readonly source: { readonly file: string; readonly field: string };
}

/** Whether `value` satisfies matcher `m` (Alertmanager anchors regexes at both ends). */
export function matcherAccepts(m: SilenceMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(value);
  }
}

/**
 * A silence-operator Silence (reference: platform-extras.md §4b): the declarative way to keep an alert that
 * cannot be fixed on a cluster from firing, with its reason. A silence without matchers would silence every
 * alert, and one whose matchers can match no alert the cluster defines is dead weight that hides a typo:
 * both are synth errors (`checkMatches`).
 */
export class AlertSilence extends Construct {
  readonly silenceName: string;
  readonly matchers: readonly SilenceMatcher[];
  private readonly where: AlertSilenceProps['source'];

  /** The declaration errors of `props` (no matcher, bad label name or regex, no reason). */
  static validate(props: AlertSilenceProps): SynthError[] {
    const err = (field: string, message: string) => new SynthError(props.source.file, `silence "${props.name}": ${message}`, `${props.source.field}.${field}`);
    const errors: SynthError[] = [];
    if (!props.matchers.length) errors.push(err('matchers', 'a Silence needs at least one matcher (without one it silences every alert)'));
    props.matchers.forEach((m, i) => {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) errors.push(err(`matchers[${i}].name`, `"${m.name}" is not a Prometheus label name`));
      if (m.op === '=~' || m.op === '!~') {
        try {
          new RegExp(m.value);
        } catch (e) {
          errors.push(err(`matchers[${i}].value`, `invalid regular expression "${m.value}": ${(e as Error).message}`));
        }
      }
    });
    if (props.reason.trim().length < 10) errors.push(err('reason', 'a silence needs the reason the alert cannot be fixed'));
    return errors;
  }

  constructor(scope: Construct, id: string, props: AlertSilenceProps) {
    super(scope, id);
    this.silenceName = props.name;
    this.matchers = props.matchers;
    this.where = props.source;
    throwIfAny(AlertSilence.validate(props));
    const spec: SilenceSpec = { matchers: props.matchers.map((m) => ({ name: m.name, matchType: m.op as SilenceSpecMatchersMatchType, value: m.value })) };
    new ApiObject(this, 'Resource', {
      apiVersion: 'observability.giantswarm.io/v1alpha2',
      kind: 'Silence',
      metadata: { name: props.name, namespace: props.namespace, annotations: { 'homelab.io/reason': props.reason.replace(/\s+/g, ' ').trim() } },
      spec,
    });
  }

  /**
   * Fails unless the silence can match something: its `alertname` matchers accept at least one alert the
   * cluster defines, and its `namespace` matchers at least one of its namespaces.
   */
  checkMatches(known: KnownLabels): void {
    throwIfAny(
      unmatchedMatchers(this.matchers, known).map((i) => {
        const m = this.matchers[i]!;
        const what = m.name === 'alertname' ? 'alert' : 'namespace';
        return new SynthError(this.where.file, `silence "${this.silenceName}": matcher ${m.name}${m.op}"${m.value}" matches no ${what} of this cluster, so the silence can never apply`, `${this.where.field}.matchers[${i}]`);
      }),
    );
  }
}

/** What a cluster defines that silences can match: alert names and namespaces. */
export interface KnownLabels {
  readonly alerts: ReadonlySet<string>;
  readonly namespaces: ReadonlySet<string>;
}

/** Indexes of the `alertname`/`namespace` matchers that accept no known value. */
export function unmatchedMatchers(matchers: readonly SilenceMatcher[], known: KnownLabels): number[] {
  return matchers.flatMap((m, i) => {
    const domain = m.name === 'alertname' ? known.alerts : m.name === 'namespace' ? known.namespaces : undefined;
    return domain && ![...domain].some((v) => matcherAccepts(m, v)) ? [i] : [];
  });
}
