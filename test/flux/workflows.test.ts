import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VALIDATION_UNIT } from '../../clusters/flux.js';
import { fluxRepository } from '../../model/contract.js';
import { ROOT, versions } from './helpers.js';

type Step = { name: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Workflow = { name: string; on: Record<string, any>; permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean }; env: Record<string, string>; jobs: Record<string, { if?: string; steps: Step[] }> };
const load = (file: string): Workflow => parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
const build = load('build-artifact.yaml');
const promote = load('promote.yaml');
const step = (wf: Workflow, name: string): Step => {
  const s = Object.values(wf.jobs).flatMap((j) => j.steps).find((x) => x.name === name);
  if (!s) throw new Error(`no step "${name}" in ${wf.name}`);
  return s;
};
const OCI = fluxRepository.ociUrl.replace(/^oci:\/\//, '');

// A sandbox with a fake `oras` backed by a "registry" file of `tag digest` lines.
const sandboxes: string[] = [];
afterAll(() => sandboxes.forEach((d) => rmSync(d, { recursive: true, force: true })));
function sandbox(registry: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-wf-'));
  sandboxes.push(dir);
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'registry'), Object.entries(registry).map(([t, d]) => `${t} ${d}\n`).join(''));
  writeFileSync(join(dir, 'bin', 'oras'), `#!/usr/bin/env bash
reg="${dir}/registry"; echo "oras $*" >> "${dir}/calls"
case "$1" in
  resolve) ref="$2"; if [[ "$ref" == *@* ]]; then echo "\${ref#*@}"; exit 0; fi
           d="$(awk -v t="\${ref##*:}" '$1==t {print $2}' "$reg")"; [ -n "$d" ] || { echo "not found" >&2; exit 1; }; echo "$d" ;;
  repo) awk '{print $1}' "$reg" ;;
  tag) echo "$3 \${2#*@}" >> "$reg" ;;
esac
`);
  chmodSync(join(dir, 'bin', 'oras'), 0o755);
  const run = (script: string, env: Record<string, string>, cwd = dir) =>
    spawnSync('bash', ['-eo', 'pipefail', '-c', script], {
      cwd,
      encoding: 'utf8',
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, OCI_REPOSITORY: OCI, GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), ...env },
    });
  const tags = () => Object.fromEntries(readFileSync(join(dir, 'registry'), 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string]));
  const output = () => { try { return readFileSync(join(dir, 'out'), 'utf8'); } catch { return ''; } };
  return { dir, run, tags, output };
}

describe('build-artifact workflow', () => {
  it('runs on merges to main, one at a time, and may push packages', () => {
    expect(build.on.push.branches).toEqual(['main']);
    expect(build.concurrency).toEqual({ group: 'build-artifact', 'cancel-in-progress': false });
    expect(build.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(`oci://${build.env.OCI_REPOSITORY}`).toBe(fluxRepository.ociUrl);
  });

  it('synthesizes and verifies before it pushes dist/kubernetes', () => {
    const names = build.jobs.build!.steps.map((s) => s.name);
    expect(names.indexOf('Synthesize and verify the committed output')).toBeLessThan(names.indexOf('Push dist/kubernetes as an OCI artifact'));
    expect(step(build, 'Type-check and test').run).toMatch(/npm run typecheck\n\s*npm test/);
    expect(step(build, 'Type-check and test').env).toEqual({ CI: 'true' });
    const verify = step(build, 'Synthesize and verify the committed output').run!;
    expect(verify).toContain('npm run synth');
    expect(verify).toContain('git status --porcelain -- dist/');
    const push = step(build, 'Push dist/kubernetes as an OCI artifact').run!;
    expect(push).toMatch(/flux push artifact "oci:\/\/\$\{OCI_REPOSITORY\}:\$\{TAG\}" \\\n\s*--path=dist\/kubernetes/);
  });

  it('installs tools at the versions in versions.env', () => {
    const install = step(build, 'Install flux and oras (versions from versions.env)').run!;
    for (const key of ['flux_version', 'oras_version']) {
      expect(install).toContain(`^${key}=`);
      expect(versions().entry(key).renovate.datasource).toBe('github-releases');
    }
  });

  it('tags a build 1.<UTC merge time>.0-rc and refuses one older than the newest pushed build', () => {
    const script = step(build, 'Compute the build tag').run!;
    const sb = sandbox({ '1.20260101000000.0-rc': 'sha256:aa', '1.20260101000000.0': 'sha256:aa', 'sha-abcdef0': 'sha256:aa' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: sb.dir, env: { ...process.env, GIT_COMMITTER_DATE: '2026-03-04T05:06:07+02:00', GIT_AUTHOR_DATE: '2026-03-04T05:06:07+02:00', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'merge');
    const ok = sb.run(script, { TZ: 'Asia/Tokyo' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(sb.output()).toBe('tag=1.20260304030607.0-rc\n'); // UTC, whatever the runner's zone
    writeFileSync(join(sb.dir, 'registry'), '1.20270101000000.0-rc sha256:bb\n');
    const stale = sb.run(script, {});
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('is older than the newest pushed build 1.20270101000000.0(-rc)');
  });
});

describe('promote workflow', () => {
  it('is dispatched by integration\'s validation Kustomization, or by hand', () => {
    expect(promote.on.repository_dispatch.types).toEqual([`Kustomization/${VALIDATION_UNIT}.flux-system`]);
    expect(promote.on.workflow_dispatch.inputs.version.required).toBe(true);
    expect(promote.jobs.promote!.if).toContain("github.event.client_payload.metadata.cluster == 'integration'");
    expect(step(promote, 'Tag the validated build for live').env!.REVISION).toBe('${{ github.event.client_payload.metadata.revision }}');
    expect(`oci://${promote.env.OCI_REPOSITORY}`).toBe(fluxRepository.ociUrl);
  });

  const script = step(promote, 'Tag the validated build for live').run!;

  it('adds the release tag to exactly the digest integration validated', () => {
    const sb = sandbox({ '1.20260304030607.0-rc': 'sha256:aa' });
    const r = sb.run(script, { REVISION: '1.20260304030607.0-rc@sha256:aa' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(sb.tags()['1.20260304030607.0']).toBe('sha256:aa');
    // idempotent: a second dispatch for the same revision changes nothing
    const again = sb.run(script, { REVISION: '1.20260304030607.0-rc@sha256:aa' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already points at sha256:aa');
  });

  it('refuses a moved tag, a non-build tag and a dispatch without revision', () => {
    const moved = sandbox({ '1.20260304030607.0-rc': 'sha256:bb' });
    const r1 = moved.run(script, { REVISION: '1.20260304030607.0-rc@sha256:aa' });
    expect(r1.status).toBe(1);
    expect(r1.stdout).toContain('refusing to promote');
    expect(moved.tags()['1.20260304030607.0']).toBeUndefined();
    const r2 = sandbox({}).run(script, { REVISION: 'main@sha1:0123456' });
    expect(r2.status).toBe(1);
    expect(r2.stdout).toContain('is not a build tag');
    const r3 = sandbox({}).run(script, { REVISION: '' });
    expect(r3.status).toBe(1);
    expect(r3.stdout).toContain('dispatch carries no artifact revision');
  });

  it('rolls live back by re-releasing an earlier release under a newer timestamp (by hand only)', () => {
    const sb = sandbox({ '1.20260101000000.0': 'sha256:old', '1.20260304030607.0': 'sha256:new' });
    const r = sb.run(script, { INPUT_VERSION: '1.20260101000000.0' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const released = Object.entries(sb.tags()).filter(([t, d]) => d === 'sha256:old' && t !== '1.20260101000000.0');
    expect(released).toHaveLength(1);
    expect(released[0]![0] > '1.20260304030607.0').toBe(true);
    expect(sandbox({ '1.20260101000000.0': 'sha256:old' }).run(script, { REVISION: '1.20260101000000.0@sha256:old' }).status).toBe(1);
  });

  it('keeps ${{ }} expressions out of shell scripts (no script injection)', () => {
    for (const wf of [build, promote]) for (const s of Object.values(wf.jobs).flatMap((j) => j.steps)) expect(s.run ?? '', `${wf.name}: ${s.name}`).not.toContain('${{');
  });
});
