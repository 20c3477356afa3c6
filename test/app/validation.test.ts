import { describe, expect, it } from 'vitest';
import { appContext } from '../../lib/app/define.js';
import type { HomelabAppProps } from '../../lib/app/props.js';
import { SynthError } from '../../lib/core/errors.js';
import { buildCluster, defs, groupDef, render, versions, type TestApp } from './helpers.js';

const base = (over: Partial<HomelabAppProps> = {}): HomelabAppProps => ({
  name: 'demo',
  profile: 'internal',
  container: { image: { repository: 'ghcr.io/example/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] },
  ...over,
});

/** The synth error for these apps (fails the test if the synth succeeds). */
function errorOf(apps: TestApp[], options: Parameters<typeof render>[1] = {}): Error {
  try {
    render(apps, options);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the synth to fail');
}

describe('HomelabApp rejects invalid props with errors naming the file and field', () => {
  it('unknown profile', () => {
    const e = errorOf(defs(base({ profile: 'public' as never })));
    expect(e).toBeInstanceOf(SynthError);
    expect(e.message).toMatch(/^apps\/demo\.ts \(profile\): app "demo": /);
    expect(e.message).toContain('"isolated"');
  });

  it('external route on a non-standard profile', () => {
    const e = errorOf(defs(base({ profile: 'internal-egress', routes: [{ gateway: 'external', port: 8080 }] })));
    expect(e.message).toBe('apps/demo.ts (routes.0.gateway): app "demo": a route on the external gateway needs a profile admitting it ("standard"), but the profile is "internal-egress"');
  });

  it('routes on the isolated profile', () => {
    expect(errorOf(defs(base({ profile: 'isolated', routes: [{ gateway: 'internal', port: 8080 }] }))).message).toContain('(routes.0.gateway)');
  });

  it('duplicate app name (both files named)', () => {
    const a = defs(base())[0]!;
    const b = { ...a, source: 'apps/demo-copy.ts' };
    const e = errorOf([a, b]);
    expect(e.message).toBe('apps/demo-copy.ts (name): duplicate app name "demo" (also declared by apps/demo.ts)');
  });

  it('an app whose namespace a group already uses', () => {
    const e = errorOf([groupDef('demo', { profile: 'internal' }), ...defs(base())]);
    expect(e.message).toBe('apps/demo.ts (name): namespace "demo" is already used by group "demo" (apps/demo/group.ts)');
  });

  it('SSM key outside the allowed prefixes', () => {
    const e = errorOf(defs(base({ secrets: { ssm: [{ name: 'creds', data: [{ secretKey: 'x', key: '/homelab/kubernetes/dev/creds' }] }] } })));
    expect(e.message).toBe(
      'apps/demo.ts (secrets.ssm.0.data.0.key): app "demo": SSM key "/homelab/kubernetes/dev/creds" is outside the allowed prefixes /homelab/kubernetes/live/, /homelab/kubernetes/shared/',
    );
    expect(errorOf(defs(base({ secrets: { ssm: [{ name: 'c', data: [{ secretKey: 'x', key: '../shared/x' }] }] } }))).message).toContain('outside the allowed prefixes');
  });

  it('database on a cluster without the CNPG release', () => {
    const e = errorOf(defs(base({ database: {} })), { without: ['postgres'] });
    expect(e.message).toBe('apps/demo.ts (database): app "demo": a database was requested but cluster "live" has no CNPG postgres service (cloudnative-pg release)');
  });

  it('cache or bucket on a cluster without dragonfly or garage', () => {
    expect(errorOf(defs(base({ cache: true })), { without: ['dragonfly'] }).message).toContain('(cache)');
    expect(errorOf(defs(base({ bucket: {} })), { without: ['garage'] }).message).toContain('(bucket)');
  });

  it('container spec that violates the restricted PodSecurity level', () => {
    const e = errorOf(defs(base({ podSecurity: 'restricted', container: { ...base().container!, securityContext: { runAsUser: 0, runAsNonRoot: false } } })));
    expect(e.message).toMatch(/^apps\/demo\.ts \(container\.securityContext\.runAsNonRoot\): app "demo": must be true at PodSecurity level "restricted"; must not be 0 \(root\)/);
    expect(e.message).toContain('(namespace "demo")');
  });

  it('container spec that violates the baseline level (privileged, extra capabilities)', () => {
    const priv = errorOf(defs(base({ podSecurity: 'baseline', container: { ...base().container!, securityContext: { privileged: true } } })));
    expect(priv.message).toContain('(container.securityContext.privileged)');
    const caps = errorOf(defs(base({ podSecurity: 'baseline', container: { ...base().container!, securityContext: { capabilities: { add: ['NET_ADMIN'], reason: 'the VPN client manages routes' } } } })));
    expect(caps.message).toContain('capabilities NET_ADMIN are not allowed at PodSecurity level "baseline"');
    const unreasoned = errorOf(defs(base({ podSecurity: 'privileged', container: { ...base().container!, securityContext: { capabilities: { add: ['NET_ADMIN'] } } } })));
    expect(unreasoned.message).toBe('apps/demo.ts (container.securityContext.capabilities.reason): app "demo": adding capabilities NET_ADMIN needs a reason');
    // The same spec is fine where the namespace is privileged.
    expect(() => render(defs(base({ podSecurity: 'privileged', container: { ...base().container!, securityContext: { privileged: true } } })))).not.toThrow();
  });

  it('app-template values whose container breaks the level', () => {
    const e = errorOf(
      defs({ name: 'demo', profile: 'internal', podSecurity: 'restricted', chart: { values: { controllers: { main: { containers: { app: { image: { repository: 'x/y', tag: '1.0.0' }, securityContext: { privileged: true } } } } } } } }),
    );
    expect(e.message).toContain('(chart.values.controllers.main.containers.app.securityContext.privileged)');
  });

  it('egress to or dependsOn an app that is not on the cluster', () => {
    expect(errorOf(defs(base({ egress: { apps: [{ app: 'ghost', port: 80 }] } }))).message).toBe(
      'apps/demo.ts (egress.apps.0.app): app "demo": refers to app "ghost", which does not run on cluster "live"',
    );
    expect(errorOf(defs(base({ dependsOn: ['ghost'] }))).message).toContain('(dependsOn.0)');
    expect(errorOf(defs(base({ dependsOnPlatform: ['no-such-release'] }))).message).toBe(
      'apps/demo.ts (dependsOnPlatform.0): app "demo": dependsOnPlatform names release "no-such-release", which cluster "live" does not deploy',
    );
  });

  it('neither or both of chart and container; unknown fields', () => {
    expect(errorOf(defs({ name: 'demo', profile: 'internal' })).message).toContain('exactly one of "chart" or "container"');
    const unknown = errorOf(defs(base({ replicas: 2 } as never))).message;
    expect(unknown).toMatch(/^apps\/demo\.ts: app "demo": unknown key "replicas" \(allowed: name, profile, podSecurity, kubeApi, chart, container, /);
    expect(errorOf(defs(base({ container: { ...base().container!, replica: 2 } as never }))).message).toMatch(/\(container\): .*unknown key "replica" \(allowed: image, env, envFrom, .*replicas/);
  });

  it('a version key missing from versions.env names the file', () => {
    const e = errorOf(defs(base({ container: { ...base().container!, image: { repository: 'x/y', versionKey: 'nope_version' } } })));
    expect(e.message).toMatch(/^apps\/demo\.ts \(nope_version\): unknown version key "nope_version" in versions\.env/);
  });

  it('a per-cluster value missing for an enabled cluster', () => {
    const ctx = appContext('dev', 'demo', 'apps/demo.ts', buildCluster([]).services as never, { internal: 'a', external: 'b' }, versions);
    expect(() => ctx.pick({ live: '10Gi' })).toThrow('apps/demo.ts (dev): app "demo" is enabled on cluster "dev" but a per-cluster value lists only live');
  });
});
