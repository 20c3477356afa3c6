// The pull request's diff comment (pull-request.yaml): one comment per PR, found again by its marker and
// replaced on every run — with the diff when it succeeded, with the failure when it did not — and always
// naming the head commit (and merge base) it describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** First line of the comment; equals MARKDOWN_MARKER in lib/diff/format-markdown.ts (a test checks). */
export const MARKER = '<!-- homelab-diff -->';

const short = (sha) => (sha ? sha.slice(0, 12) : 'unknown');

/**
 * The comment body. `diff` is the markdown `npm run diff` wrote (it starts with the marker); `error` the
 * diff's stderr when it failed. Output stays under GitHub's 65 536-character limit.
 */
export function commentBody({ status, diff, error, head, base, runUrl }) {
  const provenance = `Head commit \`${short(head)}\`${base ? ` against merge base \`${short(base)}\`` : ''}${runUrl ? ` · [run](${runUrl})` : ''}`;
  if (status === 'ok' && diff.startsWith(MARKER)) {
    const rest = diff.slice(MARKER.length).replace(/^\n/, '');
    return `${MARKER}\n${provenance}\n\n${rest}`.slice(0, 65_000);
  }
  const lines = (error || 'no error output').trim().split('\n').slice(-40).join('\n').replace(/```/g, "'''");
  return [
    MARKER,
    provenance,
    '',
    '### ❌ Semantic diff failed',
    '',
    'The diff could not be computed for this commit, so no earlier diff is shown (it would describe another commit).',
    '',
    '```',
    lines.slice(0, 20_000),
    '```',
    '',
  ].join('\n');
}

/** Creates the comment, or replaces the previous one (the bot's comment starting with the marker). */
export async function upsertComment({ github, owner, repo, issue_number, body }) {
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const previous = comments.find((c) => c.user?.type === 'Bot' && typeof c.body === 'string' && c.body.startsWith(MARKER));
  if (previous) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
    return 'updated';
  }
  await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return 'created';
}

const read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** The github-script entry: reads what pr-diff.sh wrote in `workspace` and posts it. */
export async function postDiffComment({ github, context, workspace }) {
  let meta = { status: 'failed', head: context.payload.pull_request?.head?.sha, base: '' };
  try {
    meta = { ...meta, ...JSON.parse(read(join(workspace, 'diff.json'))) };
  } catch {
    // pr-diff.sh never ran to the end (e.g. npm ci failed): report a failure for the head commit.
  }
  const runUrl = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
  const error = read(join(workspace, 'diff.err')) || (meta.status === 'ok' ? '' : 'the diff step did not run to the end (see the job log)');
  const body = commentBody({ status: meta.status, diff: read(join(workspace, 'diff.md')), error, head: meta.head, base: meta.base, runUrl });
  return upsertComment({ github, owner: context.repo.owner, repo: context.repo.repo, issue_number: context.payload.pull_request.number, body });
}
