#!/usr/bin/env bash
# The pull request's semantic diff: the head commit's fresh synth against the dist/ of its merge base with
# the base branch (what the PR changes, like GitHub's own diff). Writes diff.md (the comment), diff.err and
# diff.json ({status, head, base}) for diff-comment.mjs; status is ok (exit 0 or 1: no differences or
# differences) or failed (exit 2, or anything else). A failed diff fails the step after recording it, so
# the comment step (which always runs) replaces the previous comment with the failure.
#
# env: BASE_REF, HEAD_SHA, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
set -uo pipefail
head="${HEAD_SHA:?}"
status=ok
base=""
: >diff.md
: >diff.err
if ! git fetch --no-tags --quiet origin "${BASE_REF:?}" 2>>diff.err; then
  status=failed
elif ! base="$(git merge-base "origin/${BASE_REF}" "$head" 2>>diff.err)"; then
  status=failed
else
  npm run --silent diff -- --base "$base" --format markdown --exit-code >diff.md 2>>diff.err
  code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    status=failed
    echo "npm run diff exited with ${code}" >>diff.err
  fi
fi
printf '{"status":"%s","head":"%s","base":"%s"}\n' "$status" "$head" "$base" >diff.json
echo "status=${status}" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ "$status" = ok ]; then
  cat diff.md >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
  exit 0
fi
{
  echo "### Semantic diff failed for ${head}"
  echo '```'
  tail -n 40 diff.err
  echo '```'
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
echo "::error::the semantic diff failed: $(tail -n 1 diff.err)"
exit 1
