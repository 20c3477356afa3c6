import { ApiObject, App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { composeSilences, SILENCES, type SilenceSpec } from '../../clusters/silences.js';
import { clusters } from '../model.js';
import { AlertSilence, matcherAccepts } from '../../lib/alerting/silence.js';
import { SynthError } from '../../lib/core/errors.js';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as any);
const find = (cluster: string, kind: string, name: string): any => objects(cluster).find((o) => o.kind === kind && o.metadata.name === name);

const error = (f: () => unknown): SynthError => {
  try {
    f();
  } catch (e) {
    return e as SynthError;
  }
  throw new Error('no error');
};

/** A bare cluster App that defines the given alerts and namespaces. */
const appWith = (alerts: string[], namespaces: string[]) => {
  const app = new App({ outdir: 'unused' });
  const chart = new Chart(app, 'c');
  for (const ns of namespaces) new ApiObject(chart, `ns-${ns}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  new ApiObject(chart, 'rules', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'monitoring' }, spec: { groups: [{ name: 'g', rules: alerts.map((alert) => ({ alert, expr: 'vector(1)' })) }] } });
  return app;
};
const spec = (over: Partial<SilenceSpec>): SilenceSpec => ({ name: 's', clusters: ['dev'], matchers: [{ name: 'alertname', op: '=', value: 'Foo' }], reason: 'a reason long enough', ...over });

describe('silences per cluster', () => {
  it('dev silences spegel on its single node, matched by alert names and namespace', () => {
    const s = find('dev', 'Silence', 'spegel-single-node');
    expect(s.metadata.namespace).toBe('monitoring');
    expect(s.spec.matchers).toEqual([
      { name: 'alertname', matchType: '=~', value: 'KubePodCrashLooping|KubeDaemonSetRolloutStuck|TargetDown' },
      { name: 'namespace', matchType: '=', value: 'spegel' },
    ]);
    expect(s.metadata.annotations['homelab.io/reason']).toMatch(/single-node/);
    expect(find('live', 'Silence', 'spegel-single-node')).toBeUndefined();
  });

  it('the silences unit waits for the silence-operator (its CRD)', () => {
    const ks = find('dev', 'Kustomization', 'silences');
    expect(ks.spec.dependsOn.map((d: any) => d.name)).toContain('silence-operator');
  });

  it('every rendered silence matches an alert the cluster defines', () => {
    for (const c of out.clusters) {
      const alerts = new Set(['KubeDaemonSetRolloutStuck', 'KubePodCrashLooping', 'TargetDown', 'Watchdog']);
      for (const o of objects(c.name).filter((x) => x.kind === 'PrometheusRule')) for (const g of o.spec.groups) for (const r of g.rules) if (r.alert) alerts.add(r.alert);
      for (const s of objects(c.name).filter((x) => x.kind === 'Silence')) {
        const names = s.spec.matchers.filter((m: any) => m.name === 'alertname');
        for (const m of names) expect([...alerts].some((a) => matcherAccepts({ name: m.name, op: m.matchType, value: m.value }, a)), `${c.name}/${s.metadata.name}`).toBe(true);
      }
    }
  });

  it('silences awaiting alert rules are listed with what they wait for, and not rendered', () => {
    for (const s of SILENCES.filter((x) => x.awaiting)) for (const c of s.clusters) expect(find(c, 'Silence', s.name)).toBeUndefined();
  });
});

describe('descheduler', () => {
  it('policy of the reference and leader election in its own namespace', () => {
    const v = find('live', 'HelmRelease', 'descheduler').spec.values;
    expect(v).toMatchObject({ kind: 'Deployment', replicas: 2, deschedulerPolicyAPIVersion: 'descheduler/v1alpha2' });
    expect(v.leaderElection).toMatchObject({ enabled: true, resourceNamespace: 'kube-system', resourceLock: 'leases' });
    const [profile] = v.deschedulerPolicy.profiles;
    const args = Object.fromEntries(profile.pluginConfig.map((p: any) => [p.name, p.args]));
    expect(args.DefaultEvictor.namespaceLabelSelector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['velero'] }]);
    expect(args.PodLifeTime).toEqual({ maxPodLifeTimeSeconds: 86400, states: ['Succeeded'] });
    expect(profile.plugins.balance.enabled).toEqual(['RemovePodsViolatingTopologySpreadConstraint']);
    // Every configured plugin is enabled at some extension point.
    const enabled = new Set([...profile.plugins.balance.enabled, ...profile.plugins.deschedule.enabled, 'DefaultEvictor']);
    for (const name of Object.keys(args)) expect(enabled.has(name), name).toBe(true);
  });

  it('PVC read access for the descheduler service account, applied after the release', () => {
    const role = find('live', 'ClusterRole', 'descheduler-pvc-reader');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] }]);
    expect(find('live', 'ClusterRoleBinding', 'descheduler-pvc-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'descheduler', namespace: 'kube-system' }]);
    expect(find('live', 'Kustomization', 'descheduler-config').spec.dependsOn.map((d: any) => d.name)).toContain('descheduler');
  });
});

describe('bad input', () => {
  it('a Silence without matchers names the file and field', () => {
    const e = error(() => composeSilences(appWith(['Foo'], []), clusters.dev, [spec({ matchers: [] })]));
    expect(e).toBeInstanceOf(SynthError);
    expect(e.where).toBe('clusters/silences.ts');
    expect(e.field).toBe('SILENCES[0].matchers');
    expect(e.message).toMatch(/at least one matcher/);
  });

  it('a silence whose alertname matches no alert is an error', () => {
    const e = error(() => composeSilences(appWith(['Foo'], []), clusters.dev, [spec({ matchers: [{ name: 'alertname', op: '=~', value: 'Fo' }] })]));
    expect(e.field).toBe('SILENCES[0].matchers[0]');
    expect(e.message).toMatch(/matches no alert of this cluster/);
  });

  it('a namespace matcher for a namespace the cluster lacks is an error', () => {
    const e = error(() => composeSilences(appWith(['Foo'], ['a']), clusters.dev, [spec({ matchers: [{ name: 'alertname', op: '=', value: 'Foo' }, { name: 'namespace', op: '=', value: 'b' }] })]));
    expect(e.field).toBe('SILENCES[0].matchers[1]');
  });

  it('an invalid regex names the matcher value', () => {
    const e = error(() => new AlertSilence(new Chart(new App({ outdir: 'x' }), 'c'), 's', { name: 's', namespace: 'monitoring', matchers: [{ name: 'alertname', op: '=~', value: '(' }], reason: 'a reason long enough', source: { file: 'f.ts', field: 'S[0]' } }));
    expect(e.field).toBe('S[0].matchers[0].value');
  });

  it('a silence still awaiting alerts that now exist must drop "awaiting"', () => {
    const e = error(() => composeSilences(appWith(['Foo'], []), clusters.dev, [spec({ awaiting: 'someone' })]));
    expect(e.field).toBe('SILENCES[0].awaiting');
    expect(composeSilences(appWith(['Bar'], []), clusters.dev, [spec({ awaiting: 'someone' })])).toEqual([]);
  });

  it('a silence for a cluster not listed renders nothing there', () => {
    const app = appWith(['Foo'], []);
    expect(composeSilences(app, clusters.live, [spec({})])).toEqual([]);
  });
});
