#!/usr/bin/env bash
# The build tag of the commit being built: 2.<N>.0-rc, where N is the commit's position in main's
# first-parent history (`git rev-list --count --first-parent`). Two merges never share N, N only grows along
# main, and it depends on neither a clock nor the committer date, so semver order is merge order and no
# build is ever refused or skipped for its timestamp. (Major 2: the earlier 1.<yyyymmddHHMMSS>.0 scheme
# sorts below every tag of this one.)
#
# env: GITHUB_REF (must be refs/heads/main), GITHUB_SHA (must be HEAD), GITHUB_OUTPUT.
# out: tag=2.<N>.0-rc, release=2.<N>.0, commit=<sha> in $GITHUB_OUTPUT.
set -euo pipefail

if [ "${GITHUB_REF:-}" != "refs/heads/main" ]; then
  echo "::error::builds are published only from main, not '${GITHUB_REF:-<unset>}'"
  exit 1
fi
head="$(git rev-parse HEAD)"
if [ "$head" != "${GITHUB_SHA:-}" ]; then
  echo "::error::the checkout (${head}) is not the commit this run builds (${GITHUB_SHA:-<unset>})"
  exit 1
fi
if [ "$(git rev-parse --is-shallow-repository)" != "false" ]; then
  echo "::error::shallow clone: the build number counts main's history; check out with fetch-depth: 0"
  exit 1
fi
n="$(git rev-list --count --first-parent HEAD)"
{
  echo "tag=2.${n}.0-rc"
  echo "release=2.${n}.0"
  echo "commit=${head}"
} >>"$GITHUB_OUTPUT"
echo "build 2.${n}.0-rc for ${head}"
