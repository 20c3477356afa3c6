import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_MARKER } from '../../lib/diff/format-markdown.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}

const file = join(import.meta.dirname, '..', '..', '.github', 'workflows', 'pull-request.yaml');
const wf = parse(readFileSync(file, 'utf8')) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

describe('pull-request workflow', () => {
  it('runs on pull requests to main with read-only default permissions', () => {
    expect(wf.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('installs, tests and fails on a stale dist/', () => {
    const verify = wf.jobs.verify!;
    const script = runs(verify);
    const order = ['npm ci', 'npm test', 'npm run synth', 'git diff --exit-code'].map((s) => script.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(script).toMatch(/exit 1/);
    expect(verify.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
  });

  it('posts the markdown diff against the base branch, updating its previous comment', () => {
    const diff = wf.jobs.diff!;
    expect(diff.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(diff.steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    const step = diff.steps.find((s) => s.run?.includes('npm run --silent diff'))!;
    expect(step.run).toContain('--base "origin/$BASE_REF" --format markdown > diff.md');
    // The ref reaches the shell through env, never by expression interpolation into the script.
    expect(step.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(step.run).not.toContain('${{');
    const comment = diff.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    const script = String(comment.with?.script);
    expect(script).toContain(`'${MARKDOWN_MARKER}'`);
    expect(script).toContain('github.rest.issues.updateComment');
    expect(script).toContain('github.rest.issues.createComment');
    expect(script.indexOf('updateComment')).toBeLessThan(script.indexOf('createComment'));
    expect(diff.steps.indexOf(comment)).toBeGreaterThan(diff.steps.indexOf(step));
  });
});
