import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { vi } from 'vitest';
import { buildHomelab } from '../../homelab.js';
import { main } from '../../lib/cli/main.js';
import { Unit } from '../../lib/k8s/unit.js';
import { readTree, repoRoot, synthHomelab, tempDir } from '../helpers.js';

function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, 'scripts', 'run.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('synth pipeline', () => {
  it('committed dist/ equals a fresh synth (no drift)', () => {
    const fresh = synthHomelab().files;
    const committed = readTree(join(repoRoot, 'dist'));
    const missing = [...fresh.keys()].filter((f) => !committed.has(f));
    const stale = [...committed.keys()].filter((f) => !fresh.has(f));
    const changed = [...fresh.keys()].filter((f) => committed.has(f) && committed.get(f) !== fresh.get(f));
    expect({ missing, stale, changed }, 'run `npm run synth` and commit dist/').toEqual({ missing: [], stale: [], changed: [] });
  });

  // The end-to-end run of the CLI (bundle, synth, writer) in an unusual place, time zone and locale; the tests
  // below share it rather than paying for a synth each.
  let cliRun: { status: number | null; stdout: string; stderr: string; out: string } | undefined;
  const cliSynth = () => {
    if (!cliRun) {
      const out = join(tempDir('homelab-other-'), 'nested', 'out');
      const r = runCli(['synth', '--out', out], { TZ: 'Pacific/Kiritimati', LC_ALL: 'de_DE.UTF-8', LANG: 'tr_TR.UTF-8' });
      cliRun = { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
    }
    return cliRun;
  };

  it('is byte-identical across output paths, time zones and locales', () => {
    // `npm run synth` into a nested temporary folder under another time zone and locale writes exactly the
    // files of the in-memory synth of this process (the one the drift test compares with dist/).
    const r = cliSynth();
    expect(r.status, r.stderr).toBe(0);
    const written = readTree(r.out);
    const fresh = synthHomelab().files;
    expect([...written.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, content] of written) expect(fresh.get(file), file).toBe(content);
    // Nothing machine-specific leaks into the output.
    for (const content of written.values()) expect(content).not.toMatch(/homelab-test-|homelab-other-|\/work\/|\/root\//);
  });

  it('prints a summary with per-cluster kinds, per-stack resource types and elapsed time', () => {
    const r = cliSynth();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Synthesized \d+ files into .* in \d+ ms$/m);
    for (const c of ['dev', 'integration', 'live']) expect(r.stdout).toMatch(new RegExp(`^  cluster ${c}: \\d+ objects — .*Namespace \\d+`, 'm'));
    for (const s of ['global', 'dev', 'integration', 'live']) expect(r.stdout).toMatch(new RegExp(`^  stack ${s}: \\d+ resources — `, 'm'));
  });

  it('fails with a clear message and leaves the previous dist/ untouched on a malformed versions.env', () => {
    const root = tempDir();
    const text = readFileSync(join(repoRoot, 'versions.env'), 'utf8');
    writeFileSync(join(root, 'versions.env'), `${text}\nthis is not a version line\n`);
    const badLine = text.split('\n').length + 1;
    mkdirSync(join(root, 'dist'));
    cpSync(join(repoRoot, 'dist', 'infrastructure'), join(root, 'dist', 'infrastructure'), { recursive: true });
    const before = readTree(join(root, 'dist'));
    const r = runCli(['synth', '--root', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`versions.env:${badLine}: malformed line "this is not a version line"`);
    expect(readTree(join(root, 'dist'))).toEqual(before);
  });

  it('serves the official CLIs: cdk8s gets one file per cluster, cdktf a manifest plus every stack', async () => {
    // The commands `npx cdk8s synth` / `npx cdktf synth` run (cdk8s.yaml, cdktf.json: `node scripts/run.mjs
    // cdk8s|cdktf`), called as scripts/run.mjs calls them; the process around main() is the synth run above.
    const command = async (name: string, env: Record<string, string>) => {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        return await main(buildHomelab, [name], repoRoot);
      } finally {
        log.mockRestore();
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    for (const [file, name] of [['cdk8s.yaml', 'cdk8s'], ['cdktf.json', 'cdktf']] as const) {
      expect(readFileSync(join(repoRoot, file), 'utf8'), file).toContain(`node scripts/run.mjs ${name}`);
    }
    const k8sOut = tempDir();
    expect(await command('cdk8s', { CDK8S_OUTDIR: k8sOut })).toBe(0);
    expect([...readTree(k8sOut).keys()]).toEqual(['dev.k8s.yaml', 'integration.k8s.yaml', 'live.k8s.yaml']);
    const tfOut = tempDir();
    expect(await command('cdktf', { CDKTF_OUTDIR: tfOut })).toBe(0);
    const files = [...readTree(tfOut).keys()];
    expect(files).toContain('manifest.json');
    for (const s of ['global', 'dev', 'integration', 'live']) expect(files).toContain(`stacks/${s}/cdk.tf.json`);
  });

  it('fails with both sources named and leaves the previous dist/ untouched on a name collision', async () => {
    const out = join(tempDir(), 'dist');
    mkdirSync(join(out, 'kubernetes'), { recursive: true });
    writeFileSync(join(out, 'kubernetes', 'previous.yaml'), 'kept');
    const withCollision = (opts: { root: string }) => {
      const def = buildHomelab(opts);
      const app: App = def.clusters[0]!.app;
      // Two objects with one identity in an existing unit (new units cannot join after Flux wiring).
      const unit = app.node.findAll().filter(Unit.isUnit).find((u) => u.path === 'platform/namespaces')!;
      new KubeConfigMap(unit, 'first', { metadata: { name: 'same', namespace: 'system' } });
      new KubeConfigMap(unit, 'second', { metadata: { name: 'same', namespace: 'system' } });
      return def;
    };
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const code = await main(withCollision, ['synth', '--out', out], repoRoot);
    spy.mockRestore();
    expect(code).toBe(1);
    expect(errors.join('\n')).toContain('namespaces/second (metadata.name): object core/ConfigMap/system/same is also defined by namespaces/first');
    expect(Object.fromEntries(readTree(out))).toEqual({ 'kubernetes/previous.yaml': 'kept' });
  });
});
