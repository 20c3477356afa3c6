#!/usr/bin/env bash
# Publishes one build: pushes the artifact as sha-<commit>, then adds the build tag that integration follows.
# The build tag is added last, so integration never sees a half-published build; a re-run of the same
# commit finds its own artifact and completes it (idempotent); a build tag that already belongs to another
# commit, or any registry error, fails loudly instead of reporting "already pushed".
#
# env: OCI_REPOSITORY (host/path), TAG (2.<N>.0-rc), GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY,
#      ARTIFACT_DIR (the stamped dist/kubernetes), GITHUB_STEP_SUMMARY
set -euo pipefail
# shellcheck source=.github/scripts/registry.sh
. "$(dirname "$0")/registry.sh"

if ! [[ "${TAG:-}" =~ ^2\.[0-9]+\.0-rc$ ]]; then
  echo "::error::'${TAG:-}' is not a build tag (2.<N>.0-rc)"
  exit 1
fi
if ! [[ "${GITHUB_SHA:-}" =~ ^[0-9a-f]{40}$ ]]; then
  echo "::error::GITHUB_SHA '${GITHUB_SHA:-}' is not a commit id"
  exit 1
fi
sha_tag="sha-${GITHUB_SHA}"

if resolve_tag "${OCI_REPOSITORY}:${TAG}"; then
  built="$RESOLVED"
  if resolve_tag "${OCI_REPOSITORY}:${sha_tag}" && [ "$RESOLVED" = "$built" ]; then
    echo "${TAG} is already this commit's artifact (${built}); nothing to do"
    exit 0
  fi
  echo "::error::${TAG} already exists (${built}) and is not the artifact of ${GITHUB_SHA}; main's history was rewritten or another build used this number"
  exit 1
fi

if resolve_tag "${OCI_REPOSITORY}:${sha_tag}"; then
  digest="$RESOLVED"
  echo "${sha_tag} was pushed by an earlier attempt (${digest}); adding the build tag"
else
  flux push artifact "oci://${OCI_REPOSITORY}:${sha_tag}" \
    --path="${ARTIFACT_DIR}" \
    --source="${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}" \
    --revision="main@sha1:${GITHUB_SHA}"
  resolve_tag "${OCI_REPOSITORY}:${sha_tag}" || { echo "::error::${sha_tag} is missing right after the push"; exit 1; }
  digest="$RESOLVED"
fi
flux tag artifact "oci://${OCI_REPOSITORY}:${sha_tag}" --tag "${TAG}"
resolve_tag "${OCI_REPOSITORY}:${TAG}" || { echo "::error::${TAG} is missing right after tagging"; exit 1; }
if [ "$RESOLVED" != "$digest" ]; then
  echo "::error::${TAG} points at ${RESOLVED}, not the pushed ${digest}"
  exit 1
fi
{
  echo "### Build ${TAG}"
  echo "- commit: ${GITHUB_SHA}"
  echo "- artifact: oci://${OCI_REPOSITORY}:${TAG} = ${sha_tag} (${digest})"
  echo "- integration deploys it automatically; promote.yaml tags it ${TAG%-rc} once integration validated it"
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
