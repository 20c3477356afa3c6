import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildHomelab } from '../../homelab.js';
import type { HomelabAppProps } from '../../lib/app/props.js';
import { main } from '../../lib/cli/main.js';
import { SynthError } from '../../lib/core/errors.js';
import { readTree, repoRoot, tempDir } from '../helpers.js';
import { defs, defWith, groupApp, groupDef, render, type TestApp } from './helpers.js';

// The bad inputs of issue #10, one test each: a synth error naming the app file and the field. (An app
// file that fails to load — syntax error, throwing props(), wrong default export — is the loader's:
// test/bad-input/.)
const app = (over: Partial<HomelabAppProps> = {}): HomelabAppProps => ({
  name: 'demo',
  profile: 'standard',
  container: { image: { repository: 'ghcr.io/example/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] },
  ...over,
});

function errorOf(apps: TestApp[]): Error {
  try {
    render(apps);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the synth to fail');
}

describe('bad app input is a synth error naming the app file and the field', () => {
  it('an unknown cluster name in `clusters` (a typo no longer drops the app silently)', () => {
    const e = errorOf([{ source: 'apps/demo.ts', definition: { name: 'demo', clusters: ['Live' as never], props: () => app() } }]);
    expect(e.message).toBe('apps/demo.ts (clusters.0): unknown cluster "Live" (one of dev, integration, live)');
  });

  it('two routes of one app, or two apps, claiming one hostname', () => {
    expect(errorOf(defs(app({ routes: [{ gateway: 'internal', port: 8080 }, { gateway: 'internal', port: 8080 }] }))).message).toBe(
      'apps/demo.ts (routes.1.subdomain): app "demo": two routes claim host demo.internal.tomnowak.work',
    );
    const other = app({ name: 'other', routes: [{ gateway: 'external', subdomain: 'demo', port: 8080 }] });
    expect(errorOf(defs(app({ routes: [{ gateway: 'external', port: 8080 }] }), other)).message).toBe('apps/other.ts (routes.0): host demo.ionfury.tv is already claimed by apps/demo.ts');
  });

  it('two apps claiming one database', () => {
    const e = errorOf(defs(app({ database: { names: ['main'] } }), app({ name: 'demo-main', database: {} })));
    expect(e.message).toMatch(/^apps\/demo-main\.ts \(database\): app "demo-main": database "demo-main" is already owned by role "demo"/);
  });

  it('duplicate container port names (they would collapse in the Service)', () => {
    const e = errorOf(defs(app({ container: { ...app().container!, ports: [{ name: 'http', port: 8080 }, { name: 'http', port: 9090 }] } })));
    expect(e.message).toBe('apps/demo.ts (container.ports.1.name): app "demo": duplicate port name "http" (a Service port name must be unique)');
  });

  it('a probe path on a TCP or command check, and probes on an init container', () => {
    const tcpPath = errorOf(defs(app({ container: { ...app().container!, probes: { check: { tcp: 'http' }, readiness: { path: '/readyz' } } } })));
    expect(tcpPath.message).toMatch(/^apps\/demo\.ts \(container\.probes\.readiness\.path\): .*a path needs an HTTP check/);
    const init = { name: 'prepare', image: app().container!.image, probes: { check: { exec: ['true'] } } };
    const initProbes = errorOf(defs(app({ container: { ...app().container!, initContainers: [init as never] } })));
    expect(initProbes.message).toMatch(/^apps\/demo\.ts \(container\.initContainers\.0\): .*unknown key "probes"/);
  });

  it('an env var reading a Secret, or a key, nothing in the namespace produces', () => {
    const noSecret = errorOf(defs(app({ container: { ...app().container!, env: { TOKEN: { secret: 'nowhere', key: 'token' } } } })));
    expect(noSecret.message).toMatch(/^apps\/demo\.ts \(container\.env\.TOKEN\): app "demo": Secret "nowhere" is not produced in namespace "demo"/);
    const noKey = errorOf(defs(app({ database: {}, container: { ...app().container!, env: { PW: { secret: 'demo-db-credentials', key: 'pasword' } } } })));
    expect(noKey.message).toBe('apps/demo.ts (container.env.PW): app "demo": Secret "demo-db-credentials" has no key "pasword" (keys: password, username)');
  });

  it('a ServiceMonitor or a route naming a port the container lacks', () => {
    expect(errorOf(defs(app({ serviceMonitor: { port: 'metrics' } }))).message).toBe('apps/demo.ts (serviceMonitor.port): app "demo": the app\'s Service has no port named "metrics" (ports: http=8080)');
    expect(errorOf(defs(app({ routes: [{ gateway: 'internal', port: 9999 }] }))).message).toBe('apps/demo.ts (routes.0.port): app "demo": the app\'s Service has no port 9999 (ports: http=8080)');
  });

  it('an image repository with a tag glued on', () => {
    const e = errorOf(defs(app({ container: { ...app().container!, image: { repository: 'ghcr.io/example/demo:1.2.3', versionKey: 'miniflux_version' } } })));
    expect(e.message).toMatch(/^apps\/demo\.ts \(container\.image\.repository\): app "demo": must be an image repository without tag or digest/);
  });

  it('an app placed in a platform namespace', () => {
    expect(errorOf(defs(app({ name: 'monitoring' }))).message).toBe('apps/monitoring.ts (name): app "monitoring": namespace "monitoring" is a platform namespace; an app needs its own (rename it, or join a group)');
    expect(errorOf([groupDef('database', { profile: 'internal' })]).message).toMatch(/^apps\/database\/group\.ts \(name\): group "database": namespace "database" is a platform namespace/);
  });

  it('an OIDC client without redirect URIs', () => {
    const e = errorOf(defs(app({ routes: [{ gateway: 'external', port: 8080 }], sso: { oidc: { redirectUris: [] } } })));
    expect(e.message).toBe('apps/demo.ts (sso.oidc.redirectUris): app "demo": an OIDC client needs at least one redirect URI');
  });

  it('a group app on a cluster where its group does not exist', () => {
    const e = errorOf([groupDef('team', { profile: 'internal' }, ['live']), groupApp('team', app({ name: 'worker', profile: undefined }), ['dev', 'live'])]);
    expect(e.message).toBe('apps/team/worker.ts (clusters.0): app "worker" runs on cluster "dev", where its group "team" does not exist (apps/team/group.ts lists live)');
    expect(errorOf([groupApp('nobody', app({ name: 'worker', profile: undefined }))]).message).toBe('apps/nobody/worker.ts (group): group "nobody" has no group file (known groups: none)');
  });

  it('an unknown key lists the keys that are allowed there', () => {
    const e = errorOf(defs(app({ volumes: [{ name: 'data', storageClass: 'fast', size: '1Gi', mountpath: '/data' } as never] })));
    expect(e.message).toContain('unknown key "mountpath"');
    expect(e.message).toContain('mountPath');
  });

  it('a reference to another app or port the cluster does not have', () => {
    const e = errorOf([...defs(app({ name: 'target' })), defWith('demo', (c) => app({ container: { ...app().container!, env: { URL: c.app('target').url(9999) } } }))]);
    expect(e.message).toBe("apps/demo.ts (c.app('target').url(9999)): app \"demo\": app \"target\" serves no tcp/9999 (its ports: tcp/8080)");
    expect(() => render([defWith('demo', (c) => app({ container: { ...app().container!, env: { URL: c.app('ghost').url(80) } } }))])).toThrow(
      new SynthError('apps/demo.ts', 'app "demo" refers to app "ghost", which does not run on cluster "live"', "c.app('ghost')"),
    );
  });
});

describe('through the CLI: exit 1 and the previous dist/ untouched', () => {
  it('a bad app file fails the synth with its file and field named, writing nothing', async () => {
    const out = join(tempDir(), 'dist');
    mkdirSync(join(out, 'kubernetes'), { recursive: true });
    writeFileSync(join(out, 'kubernetes', 'previous.yaml'), 'kept');
    const bad = defs(app({ serviceMonitor: { port: 'metrics' } }))[0]!;
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const code = await main((opts) => buildHomelab({ ...opts, extraApps: [bad as never] }), ['synth', '--out', out], repoRoot);
    spy.mockRestore();
    expect(code).toBe(1);
    expect(errors.join('\n')).toContain('apps/demo.ts (serviceMonitor.port): app "demo": the app\'s Service has no port named "metrics"');
    expect(errors.join('\n')).not.toMatch(/\n\s+at /);
    expect(Object.fromEntries(readTree(out))).toEqual({ 'kubernetes/previous.yaml': 'kept' });
  });
});

describe('docs/apps.md', () => {
  it('its reference section is the one generated from the props schema (npm run docs)', async () => {
    const { readFileSync } = await import('node:fs');
    const { withReference } = await import('../../lib/app/docs.js');
    const doc = readFileSync(join(repoRoot, 'docs', 'apps.md'), 'utf8');
    expect(withReference(doc) === doc, 'docs/apps.md is stale: run `npm run docs`').toBe(true);
  });
});
