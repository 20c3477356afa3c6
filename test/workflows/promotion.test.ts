// The Flux half of the promotion pipeline (issue 14): which tags each cluster follows, when integration
// dispatches a promotion, and what the validation gate accepts. Tag selection is simulated over real tag
// lists; the gate's CEL expressions are evaluated with a real CEL implementation against canary states.
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { describe, expect, it } from 'vitest';
import { clusterSync } from '../../model/contract.js';
import { clusters } from '../model.js';
import { REVISION_CHECK_PREFIX, UNSTAMPED_REVISION } from '../../clusters/platform-validation.js';
import { synthHomelab } from '../helpers.js';

type Obj = Record<string, any>;
const find = (cluster: string, kind: string, name: string): Obj | undefined =>
  synthHomelab().clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as Obj).find((o) => o.kind === kind && o.metadata.name === name);

// ---- Flux's OCIRepository tag selection (semver range with Masterminds pre-release rules, then semverFilter)
type V = { core: number[]; pre: string[] };
const parse = (v: string): V | undefined => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(v);
  return m ? { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] } : undefined;
};
const cmp = (a: V, b: V): number => {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! - b.core[i]!;
  if (!a.pre.length || !b.pre.length) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const [x, y] = [a.pre[i], b.pre[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    return nx ? -1 : ny ? 1 : x < y ? -1 : 1;
  }
  return 0;
};
/** The tag a cluster's OCIRepository selects from `tags`. */
function selected(cluster: 'integration' | 'live', tags: readonly string[]): string | undefined {
  const ref = clusterSync(clusters[cluster]).ociRef!;
  const m = /^>=\s*(\S+)$/.exec(ref.semver)!;
  const floor = parse(m[1]!)!;
  const filter = ref.semverFilter ? new RegExp(ref.semverFilter) : undefined;
  const candidates = tags
    .filter((t) => !filter || filter.test(t))
    .map((t) => ({ t, v: parse(t) }))
    .filter((x): x is { t: string; v: V } => !!x.v && cmp(x.v, floor) >= 0 && (x.v.pre.length === 0 || floor.pre.length > 0));
  return candidates.sort((a, b) => cmp(a.v, b.v)).at(-1)?.t;
}

describe('which build each cluster runs', () => {
  it('integration follows build tags only: a release or a rollback never moves it (no promotion loop)', () => {
    const registry = ['sha-aaa', '2.4.0-rc', '2.5.0-rc', '2.4.0'];
    expect(selected('integration', registry)).toBe('2.5.0-rc');
    // After promotion 2.5.0 exists: the old range >=1.0.0-0 would switch integration to it and dispatch it.
    expect(selected('integration', [...registry, '2.5.0'])).toBe('2.5.0-rc');
    // A rollback re-release above every release leaves integration on the newest build.
    expect(selected('integration', [...registry, '2.5.0', '2.5.1'])).toBe('2.5.0-rc');
    expect(selected('integration', [...registry, '2.6.0-rc'])).toBe('2.6.0-rc');
  });

  it('live follows releases only, the newest one, rollbacks included; old-scheme tags sort below', () => {
    const registry = ['1.20260801000000.0', '1.20260801000000.0-rc', '2.4.0-rc', '2.4.0', '2.5.0-rc'];
    expect(selected('live', registry)).toBe('2.4.0');
    expect(selected('live', [...registry, '2.5.0'])).toBe('2.5.0');
    expect(selected('live', [...registry, '2.5.0', '2.5.1'])).toBe('2.5.1');
    expect(selected('integration', registry)).toBe('2.5.0-rc');
  });
});

describe('the promotion signal: once per validated build', () => {
  const alert = () => find('integration', 'Alert', 'promotion-validated')!.spec;

  it('fires on the validation unit\'s "Health check passed", never on periodic "Reconciliation finished"', () => {
    const include = alert().inclusionList.map((p: string) => new RegExp(p));
    const matches = (message: string) => include.some((re: RegExp) => re.test(message));
    expect(matches('Health check passed in 41.3s')).toBe(true);
    expect(matches('Reconciliation finished in 1.2s, next run in 10m0s')).toBe(false);
    expect(alert().eventSources).toEqual([{ kind: 'Kustomization', name: 'platform-validation' }]);
    expect(alert().eventMetadata).toMatchObject({ cluster: 'integration' });
  });

  it('every build changes the validation unit (the stamped canary), so its health event fires for each build', () => {
    const canary = find('integration', 'Canary', 'platform-validation')!;
    const check = canary.spec.kubernetes.find((c: Obj) => c.name.startsWith(REVISION_CHECK_PREFIX));
    expect(check.name).toBe(`${REVISION_CHECK_PREFIX}${UNSTAMPED_REVISION}`);
    expect(check).toMatchObject({ kind: 'OCIRepository', apiVersion: 'source.toolkit.fluxcd.io/v1', namespaceSelector: { name: 'flux-system' }, resource: { name: 'flux-system' } });
    for (const c of ['dev', 'live']) expect(find(c, 'Canary', 'platform-validation')!.spec.kubernetes).toBeUndefined();
    // canary-checker may read the source the check inspects, and only that.
    const role = find('integration', 'Role', 'canary-checker-read-flux-sources')!;
    expect(role.metadata.namespace).toBe('flux-system');
    expect(role.rules).toEqual([{ apiGroups: ['source.toolkit.fluxcd.io'], resources: ['ocirepositories'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find('integration', 'RoleBinding', 'canary-checker-read-flux-sources')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'canary-checker-sa', namespace: 'monitoring' }]);
  });
});

/** JSON → CEL input (objects as maps, integers as int). */
const toCel = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(toCel) : v && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)])) : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
const evaluate = (expr: string, obj: Obj): unknown => {
  const vars = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toCel(v)]));
  return run(expr, vars as never, { funcs: strings });
};
const stamp = (o: Obj, tag: string): Obj => JSON.parse(JSON.stringify(o).replaceAll(UNSTAMPED_REVISION, tag));

describe('the validation gate judges the build it validates', () => {
  const gate = () => find('integration', 'Kustomization', 'platform-validation')!.spec.healthCheckExprs[0] as { current: string; failed: string };
  const canary = (tag: string) => stamp(find('integration', 'Canary', 'platform-validation')!, tag);
  /** The canary at spec `tag`, with status from the last run, which ran spec `ranTag`. */
  const withStatus = (tag: string, ranTag: string, status: 'Passed' | 'Failed') => ({
    ...canary(tag),
    status: {
      status,
      checks: { [`${REVISION_CHECK_PREFIX}${ranTag}`]: 'id-ran', [`${REVISION_CHECK_PREFIX}${tag}`]: tag === ranTag ? 'id-ran' : 'id-new', 'prometheus-ready': 'id-p' },
      checkStatus: { 'id-ran': { uptime1h: '1/0' }, 'id-p': { uptime1h: '1/0' } },
    },
  });

  it('a Passed status left over from the previous build is neither current nor failed: the gate waits', () => {
    const stale = withStatus('2.5.0-rc', '2.4.0-rc', 'Passed');
    expect(evaluate(gate().current, stale)).toBe(false);
    expect(evaluate(gate().failed, stale)).toBe(false);
  });

  it('a run of this build\'s checks decides: Passed is current, Failed fails the gate', () => {
    expect(evaluate(gate().current, withStatus('2.5.0-rc', '2.5.0-rc', 'Passed'))).toBe(true);
    expect(evaluate(gate().failed, withStatus('2.5.0-rc', '2.5.0-rc', 'Failed'))).toBe(true);
    // The previous build's revision check fails once the new build lands: not this build's failure.
    expect(evaluate(gate().failed, withStatus('2.5.0-rc', '2.4.0-rc', 'Failed'))).toBe(false);
    // A canary without status yet waits.
    expect(evaluate(gate().current, canary('2.5.0-rc'))).toBe(false);
  });

  it('dev and live canaries (no revision check) are current when Passed', () => {
    const dev = { ...find('dev', 'Canary', 'platform-validation')!, status: { status: 'Passed' } };
    const devGate = find('dev', 'Kustomization', 'platform-validation')!.spec.healthCheckExprs[0];
    expect(evaluate(devGate.current, dev)).toBe(true);
  });

  it('the revision check passes only when Flux applied exactly the stamped build', () => {
    const check = canary('2.5.0-rc').spec.kubernetes[0];
    const source = (revision: string) => ({ results: [{ status: { artifact: { revision } } }] });
    expect(evaluate(check.test.expr, source(`2.5.0-rc@sha256:${'a'.repeat(64)}`))).toBe(true);
    expect(evaluate(check.test.expr, source(`2.4.0-rc@sha256:${'a'.repeat(64)}`))).toBe(false);
    expect(evaluate(check.test.expr, source(`2.5.0-rc.1@sha256:${'a'.repeat(64)}`))).toBe(false);
    expect(evaluate(check.test.expr, { results: [] })).toBe(false);
  });
});
