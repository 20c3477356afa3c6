// The pull request's diff comment: pr-diff.sh (with a fake npm) and diff-comment.mjs (with a fake GitHub).
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_MARKER } from '../../lib/diff/format-markdown.js';
// @ts-expect-error plain ESM module run by actions/github-script, no types
import { MARKER, commentBody, postDiffComment, upsertComment } from '../../.github/scripts/diff-comment.mjs';
import { gitRepo, sandbox } from './sandbox.js';

/** A fake Octokit holding one PR's comments. */
function fakeGithub(comments: Array<{ id: number; body: string; user: { type: string } }>) {
  const calls: string[] = [];
  const github = {
    paginate: async (_fn: unknown, _args: unknown) => comments,
    rest: {
      issues: {
        listComments: () => undefined,
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          calls.push(`update ${comment_id}`);
          comments.find((c) => c.id === comment_id)!.body = body;
        },
        createComment: async ({ body }: { body: string }) => {
          calls.push('create');
          comments.push({ id: 99, body, user: { type: 'Bot' } });
        },
      },
    },
  };
  return { github, calls, comments };
}

describe('diff comment', () => {
  it('uses the marker the markdown format writes', () => {
    expect(MARKER).toBe(MARKDOWN_MARKER);
  });

  it('names the head commit and merge base under the marker', () => {
    const body = commentBody({ status: 'ok', diff: `${MARKER}\n### Synthesized output diff\n\nNo differences.\n`, head: 'a'.repeat(40), base: 'b'.repeat(40), runUrl: 'https://x/run' });
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body.split('\n')[1]).toBe(`Head commit \`${'a'.repeat(12)}\` against merge base \`${'b'.repeat(12)}\` · [run](https://x/run)`);
    expect(body).toContain('No differences.');
  });

  it('replaces the previous diff with the failure when the diff fails (never leaves a stale diff up)', async () => {
    const gh = fakeGithub([
      { id: 1, body: 'a human comment', user: { type: 'User' } },
      { id: 2, body: `${MARKER}\nHead commit \`old\`\n\n+ 3 objects`, user: { type: 'Bot' } },
    ]);
    const body = commentBody({ status: 'failed', diff: '', error: 'synth failed: apps/x.ts (props.port): expected a number', head: 'c'.repeat(40), base: '' });
    expect(await upsertComment({ github: gh.github, owner: 'o', repo: 'r', issue_number: 7, body })).toBe('updated');
    expect(gh.calls).toEqual(['update 2']);
    expect(gh.comments[1]!.body).toContain('Semantic diff failed');
    expect(gh.comments[1]!.body).toContain('apps/x.ts (props.port)');
    expect(gh.comments[1]!.body).toContain('c'.repeat(12));
    expect(gh.comments[1]!.body).not.toContain('+ 3 objects');
    expect(gh.comments[0]!.body).toBe('a human comment');
  });

  it('reads what pr-diff.sh wrote; a step that never finished is reported as a failure of the head commit', async () => {
    const sb = sandbox();
    const gh = fakeGithub([]);
    const context = { payload: { pull_request: { number: 7, head: { sha: 'd'.repeat(40) } } }, repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 5 };
    expect(await postDiffComment({ github: gh.github, context, workspace: sb.dir })).toBe('created');
    expect(gh.comments[0]!.body).toContain('Semantic diff failed');
    expect(gh.comments[0]!.body).toContain('d'.repeat(12));
  });
});

describe('pr-diff.sh', () => {
  function setup(npmExit: number) {
    const sb = sandbox();
    const origin = join(sb.dir, 'origin');
    execFileSync('mkdir', ['-p', origin]);
    gitRepo(origin, 2);
    const work = join(sb.dir, 'work');
    execFileSync('git', ['clone', '-q', origin, work]);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: work, encoding: 'utf8' }).trim();
    writeFileSync(join(sb.dir, 'bin', 'npm'), `#!/usr/bin/env bash\necho "npm $*" >> "${sb.dir}/calls"\nif [ ${npmExit} -ge 2 ]; then echo "synth failed: apps/x.ts (props.port): expected a number" >&2; else printf '%s\\n### diff\\n' '${MARKER}'; fi\nexit ${npmExit}\n`);
    chmodSync(join(sb.dir, 'bin', 'npm'), 0o755);
    const r = sb.run('pr-diff.sh', { BASE_REF: 'main', HEAD_SHA: head }, [], work);
    const meta = JSON.parse(readFileSync(join(work, 'diff.json'), 'utf8'));
    return { sb, r, meta, head, work };
  }

  it('diffs against the merge base with --exit-code; differences (exit 1) are a success', () => {
    const { sb, r, meta, head } = setup(1);
    expect(r.status, r.out).toBe(0);
    expect(meta).toEqual({ status: 'ok', head, base: head });
    expect(sb.calls().find((c) => c.startsWith('npm'))).toBe(`npm run --silent diff -- --base ${head} --format markdown --exit-code`);
    expect(sb.output()).toBe('status=ok\n');
  });

  it('records an error (exit 2) with its message and fails the step', () => {
    const { r, meta, work } = setup(2);
    expect(r.status).toBe(1);
    expect(meta.status).toBe('failed');
    expect(readFileSync(join(work, 'diff.err'), 'utf8')).toContain('apps/x.ts (props.port)');
  });
});
