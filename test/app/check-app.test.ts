import { ApiObject } from 'cdk8s';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as TfApp } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { AppRegistry } from '../../lib/app/registry.js';
import { checkApp } from '../../lib/cli/check-app.js';
import { synthesize } from '../../lib/cli/synth.js';
import { Port } from '../../lib/netpol/ports.js';
import { homelabDefinition, kustomize, synthHomelab } from '../helpers.js';
import { buildCluster, defs } from './helpers.js';

// `npm run check:app <name>` is the app author's inner loop; here it runs for every app of the homelab, so the
// suite covers what the command checks (and the command cannot drift from the suite).

const apps = [...new Set(homelabDefinition().clusters.flatMap((c) => AppRegistry.of(c.app).all.map((a) => a.appName)))].sort();

describe('check:app passes for every app of the homelab', () => {
  it('finds apps to check', () => expect(apps.length).toBeGreaterThan(0));
  for (const name of apps) {
    it(name, async () => {
      const checks = await checkApp(homelabDefinition(), synthHomelab(), name, kustomize());
      expect(checks.length, `${name} runs on some cluster`).toBeGreaterThan(0);
      for (const c of checks) {
        expect(c.objects.length, `${c.cluster}: objects of ${name}`).toBeGreaterThan(0);
        expect(c.objects.every((o) => o.file.startsWith(`${c.folder}/`)), `${c.cluster}: ${name}'s objects live in its folder`).toBe(true);
        if (kustomize()) expect(c.kustomize).not.toBe('skipped');
      }
      expect(checks.flatMap((c) => c.issues)).toEqual([]);
    });
  }
});

describe('check:app reports what is wrong with an app', () => {
  const demo = (name: string, over: object = {}) =>
    defs({ name, profile: 'internal', container: { image: { repository: 'ghcr.io/example/demo', versionKey: 'miniflux_version' }, ports: [{ name: 'http', port: 8080 }] }, ...over })[0]!;
  /** A one-cluster homelab with the given apps; `tamper` changes the tree before it is rendered. */
  const homelab = (tamper: (registry: AppRegistry) => void) => {
    const { app } = buildCluster([demo('front', { egress: { apps: [{ app: 'back', port: 8080 }] } }), demo('back'), demo('other')]);
    tamper(AppRegistry.of(app));
    const def = { clusters: [{ name: 'live', app }], stacks: new TfApp({ outdir: join(tmpdir(), 'homelab-check-app-cdktf.out'), skipValidation: true }) };
    return { def, out: synthesize(def) };
  };

  it('passes the declared egress between two apps', async () => {
    const { def, out } = homelab(() => {});
    for (const name of ['front', 'back', 'other']) expect((await checkApp(def, out, name)).flatMap((c) => c.issues), name).toEqual([]);
  });

  it('an app reaching another app it does not declare, on both sides', async () => {
    const { def, out } = homelab((r) => r.get('other')!.appNamespace.allowTo(r.get('back')!.appNamespace, Port.tcp(8080)));
    expect((await checkApp(def, out, 'other')).flatMap((c) => c.issues.map((i) => i.message))).toEqual(['reaches namespace back on tcp/8080 without any app there being declared']);
    expect((await checkApp(def, out, 'back')).flatMap((c) => c.issues.map((i) => i.message))).toEqual(['is reachable from namespace other on tcp/8080, whose apps do not declare it']);
  });

  it('an object that breaks its schema, named by file and field', async () => {
    const { def, out } = homelab((r) => {
      new ApiObject(r.get('back')!.unit, 'typo', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'back' }, datta: { a: 'b' } });
    });
    const issues = (await checkApp(def, out, 'back')).flatMap((c) => c.issues);
    expect(issues).toEqual([expect.objectContaining({ file: 'live/apps/back/configmap_back_settings.yaml', path: '/datta', message: 'unknown field' })]);
  });
});
