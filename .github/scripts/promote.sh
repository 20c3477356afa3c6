#!/usr/bin/env bash
# Releases a build integration validated to live, or rolls live back by hand.
#
#   dispatch (integration's Flux, after the validation gate passed): REVISION=2.<N>.0-rc@sha256:<digest>
#   by hand: INPUT_VERSION=2.<N>.0-rc (promote that build) or INPUT_VERSION=2.<M>.<P> (roll live back to it)
#
# The dispatch payload is not trusted: the build tag must still point at that digest, and the artifact must
# have been built by build-artifact.yaml from a commit on main whose build number is N. Promotion is
# idempotent (a release tag already on that digest is success), and never touches a -rc tag, so nothing here
# moves integration. A rollback re-releases an earlier release above the newest one (2.<K>.<P+1>): live
# follows the highest release, integration follows build tags only.
#
# env: OCI_REPOSITORY, MAIN_REF (git ref of main in the checkout, e.g. origin/main), GITHUB_STEP_SUMMARY
set -euo pipefail
# shellcheck source=.github/scripts/registry.sh
. "$(dirname "$0")/registry.sh"

repo="$OCI_REPOSITORY"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
digest_re='sha256:[0-9a-f]{64}'

# Sets COMMIT to the commit an artifact was built from (the revision annotation `flux push artifact`
# records); an artifact not built from main aborts.
artifact_commit() {
  local manifest revision
  manifest="$(oras manifest fetch "${repo}@$1")" || { echo "::error::registry error fetching the manifest of $1"; exit 1; }
  revision="$(printf '%s' "$manifest" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      try { process.stdout.write(String((JSON.parse(s).annotations ?? {})["org.opencontainers.image.revision"] ?? "")); }
      catch { process.stdout.write(""); }
    });')"
  if ! [[ "$revision" =~ ^main@sha1:([0-9a-f]{40})$ ]]; then
    echo "::error::artifact $1 was not built from main (revision annotation '${revision}'); refusing to promote"
    exit 1
  fi
  COMMIT="${BASH_REMATCH[1]}"
}

release_build() { # <build tag> <digest>
  local tag="$1" digest="$2" n commit count target existing
  n="$(sed -E 's/^2\.([0-9]+)\.0-rc$/\1/' <<<"$tag")"
  resolve_tag "${repo}:${tag}" || { echo "::error::build ${tag} does not exist"; exit 1; }
  if [ "$RESOLVED" != "$digest" ]; then
    echo "::error::${tag} points at ${RESOLVED}, not the validated ${digest}; refusing to promote"
    exit 1
  fi
  artifact_commit "$digest"
  commit="$COMMIT"
  if ! git merge-base --is-ancestor "$commit" "$MAIN_REF" 2>/dev/null; then
    echo "::error::${tag} was built from ${commit}, which is not on ${MAIN_REF}; refusing to promote"
    exit 1
  fi
  count="$(git rev-list --count --first-parent "$commit")"
  if [ "$count" != "$n" ]; then
    echo "::error::${tag} claims build number ${n} but its commit ${commit} is build ${count}; refusing to promote"
    exit 1
  fi
  target="2.${n}.0"
  if resolve_tag "${repo}:${target}"; then
    existing="$RESOLVED"
    if [ "$existing" = "$digest" ]; then
      echo "${target} already points at ${digest}; nothing to do"
      return 0
    fi
    echo "::error::${target} already exists and points at ${existing}, not ${digest}"
    exit 1
  fi
  oras tag "${repo}@${digest}" "$target"
  echo "### ${tag} (${digest}, commit ${commit}) released as ${target} for live" >>"$summary"
  echo "released ${tag} as ${target}"
}

rollback() { # <release tag>
  local wanted="$1" digest highest k p target
  resolve_tag "${repo}:${wanted}" || { echo "::error::release ${wanted} does not exist"; exit 1; }
  digest="$RESOLVED"
  list_tags "$repo"
  highest="$(printf '%s\n' "${TAGS[@]}" | { grep -E '^2\.[0-9]+\.[0-9]+$' || true; } | sort -t. -k2,2n -k3,3n | tail -n 1)"
  [ -n "$highest" ] || { echo "::error::no release exists yet; nothing to roll back from"; exit 1; }
  resolve_tag "${repo}:${highest}" || { echo "::error::release ${highest} vanished while rolling back"; exit 1; }
  if [ "$RESOLVED" = "$digest" ]; then
    echo "live already runs ${digest} (${highest}); nothing to do"
    return 0
  fi
  k="$(cut -d. -f2 <<<"$highest")"
  p="$(cut -d. -f3 <<<"$highest")"
  target="2.${k}.$((p + 1))"
  oras tag "${repo}@${digest}" "$target"
  echo "### rollback: ${wanted} (${digest}) re-released as ${target} above ${highest}; integration is unaffected" >>"$summary"
  echo "rolled live back to ${wanted} as ${target}"
}

if [ -n "${INPUT_VERSION:-}" ]; then
  if [[ "$INPUT_VERSION" =~ ^2\.[0-9]+\.0-rc$ ]]; then
    resolve_tag "${repo}:${INPUT_VERSION}" || { echo "::error::build ${INPUT_VERSION} does not exist"; exit 1; }
    release_build "$INPUT_VERSION" "$RESOLVED"
  elif [[ "$INPUT_VERSION" =~ ^2\.[0-9]+\.[0-9]+$ ]]; then
    rollback "$INPUT_VERSION"
  else
    echo "::error::'${INPUT_VERSION}' is neither a build (2.<N>.0-rc) nor a release (2.<N>.<P>)"
    exit 1
  fi
  exit 0
fi

revision="${REVISION:-}"
if [[ "$revision" =~ ^(2\.[0-9]+\.0-rc)@(${digest_re})$ ]]; then
  release_build "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
elif [[ "$revision" =~ ^(2\.[0-9]+\.[0-9]+)@(${digest_re})$ ]]; then
  # Integration follows build tags only; a release revision here is a stale or forged event. Harmless when
  # that release already is that digest, refused otherwise.
  release="${BASH_REMATCH[1]}"
  digest="${BASH_REMATCH[2]}"
  resolve_tag "${repo}:${release}" || { echo "::error::dispatch names release ${release}, which does not exist"; exit 1; }
  if [ "$RESOLVED" != "$digest" ]; then
    echo "::error::dispatch names ${revision}, but ${release} points at ${RESOLVED}"
    exit 1
  fi
  echo "${release} is already released at ${digest}; nothing to do"
else
  echo "::error::dispatch carries no build revision (2.<N>.0-rc@sha256:<digest>): '${revision}'"
  exit 1
fi
