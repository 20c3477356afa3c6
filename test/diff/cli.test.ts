import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDiffArgs } from '../../lib/cli/diff.js';
import { main } from '../../lib/cli/main.js';
import { synthesize, writeDist, type HomelabDefinition } from '../../lib/cli/synth.js';
import { Namespace } from '../../lib/k8s/namespace.js';
import { Unit } from '../../lib/k8s/unit.js';
import { HomelabStack } from '../../lib/terraform/stack.js';

/** A one-cluster, one-stack homelab whose only namespace has the given PodSecurity level. */
function tinyHomelab(level: 'restricted' | 'baseline'): () => HomelabDefinition {
  return () => {
    const app = new K8sApp({ outdir: 'unused' });
    const unit = new Unit(app, 'namespaces', { path: 'namespaces' });
    new Namespace(unit, 'web', { name: 'web', podSecurity: level, dataplane: 'ambient' });
    const stacks = new TfApp({ outdir: join(tmpdir(), 'homelab-diff-cdktf.out'), skipValidation: true });
    new HomelabStack(stacks, { name: 'global', backend: { bucket: 'state', region: 'us-east-2' } });
    return { clusters: [{ name: 'dev', app }], stacks };
  };
}

/** A repo root whose dist/ holds the restricted tiny homelab. */
function committedRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'homelab-diff-cli-'));
  writeDist(join(root, 'dist'), synthesize(tinyHomelab('restricted')()));
  return root;
}

async function run(build: () => HomelabDefinition, root: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void (err += String(s)));
  const code = await main(build, ['diff', ...args], root);
  w.mockRestore();
  e.mockRestore();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('npm run diff', () => {
  it('reports no change on a clean tree and exits 0 with --exit-code', async () => {
    const root = committedRoot();
    const r = await run(tinyHomelab('restricted'), root, '--exit-code', '--no-color');
    expect(r).toEqual({ code: 0, out: 'No differences in the synthesized output.\n', err: '' });
  });

  it('after a one-line change reports exactly that change and exits 1 with --exit-code', async () => {
    const root = committedRoot();
    const r = await run(tinyHomelab('baseline'), root, '--exit-code', '--no-color');
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        'Summary',
        '  cluster dev  +0 -0 ~1',
        '',
        'cluster dev',
        '  ~ core/Namespace/web  namespaces/namespace_web.yaml',
        '      ~ metadata.labels["pod-security.kubernetes.io/enforce"]: "restricted" → "baseline"',
        '',
      ].join('\n'),
    );
    expect((await run(tinyHomelab('baseline'), root, '--no-color')).code).toBe(0);
  });

  it('compares with the dist/ of a git ref', async () => {
    const root = committedRoot();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'dist');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    // The working copy's dist/ moves on; the ref keeps the old tree.
    writeDist(join(root, 'dist'), synthesize(tinyHomelab('baseline')()));
    const r = await run(tinyHomelab('baseline'), root, '--base', 'HEAD', '--format', 'json');
    const report = JSON.parse(r.out);
    expect(report.clusters[0].changed[0].changes).toEqual([
      { path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', op: 'changed', old: 'restricted', new: 'baseline' },
    ]);
    expect((await run(tinyHomelab('baseline'), root, '--exit-code')).code).toBe(0);
    const bad = await run(tinyHomelab('baseline'), root, '--base', 'no-such-ref');
    // 2: an error, which CI must tell apart from "differences" (1).
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--base: "no-such-ref" is not a commit/);
  });

  it('compares two given directories without synthesizing', async () => {
    const a = committedRoot();
    const b = mkdtempSync(join(tmpdir(), 'homelab-diff-cli-'));
    writeDist(join(b, 'dist'), synthesize(tinyHomelab('baseline')()));
    const never = () => {
      throw new Error('must not synthesize');
    };
    const r = await run(never, a, join(a, 'dist'), join(b, 'dist'), '--format', 'markdown', '--exit-code');
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe('<!-- homelab-diff -->');
    expect(r.out).toContain('| cluster dev | 0 | 0 | 1 |');
  });

  it('exits 2 on any error: a bad flag, an unreadable tree, a failing synth', async () => {
    const root = committedRoot();
    expect((await run(tinyHomelab('baseline'), root, '--format', 'html')).code).toBe(2);
    const missing = await run(tinyHomelab('baseline'), root, join(root, 'nope'), join(root, 'dist'), '--exit-code');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^diff failed: .*nope: output tree not found/);
    const broken = () => {
      throw new Error('boom');
    };
    expect((await run(broken, root, '--exit-code')).code).toBe(2);
  });

  it('rejects bad arguments naming the flag', () => {
    expect(() => parseDiffArgs(['--format', 'html'])).toThrow('npm run diff (--format): unknown format "html" (terminal, markdown or json)');
    expect(() => parseDiffArgs(['--base'])).toThrow(/npm run diff \(--base\): --base needs a value/);
    expect(() => parseDiffArgs(['--frobnicate'])).toThrow(/npm run diff \(--frobnicate\): unknown option/);
    expect(() => parseDiffArgs(['only-one-dir'])).toThrow(/give two directories/);
    expect(() => parseDiffArgs(['a', 'b', '--base', 'main'])).toThrow(/does not combine/);
    expect(parseDiffArgs(['--base', 'origin/main', '--format', 'markdown', '--exit-code', '--root', '/x'])).toEqual({
      base: 'origin/main',
      dirs: [],
      format: 'markdown',
      exitCode: true,
      color: undefined,
    });
  });
});
