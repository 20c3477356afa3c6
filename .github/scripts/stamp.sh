#!/usr/bin/env bash
# Stamps the build tag into the artifact before it is pushed: integration's validation Canary carries the
# placeholder revision (clusters/platform-validation.ts, UNSTAMPED_REVISION) in a check that compares it with
# the revision Flux applied. Exactly the validation folder of the validating cluster may hold it; a
# placeholder anywhere else, or none at all, fails the build (the gate would compare the wrong thing).
#
# usage: stamp.sh <artifact-dir> <build-tag>
set -euo pipefail
dir="$1"
tag="$2"
placeholder="0.0.0-unstamped"
allowed="clusters/integration/config/platform-validation/"

if ! [[ "$tag" =~ ^2\.[0-9]+\.0-rc$ ]]; then
  echo "::error::'${tag}' is not a build tag (2.<N>.0-rc)"
  exit 1
fi
mapfile -t files < <(cd "$dir" && grep -rlF -- "$placeholder" . | sed 's|^\./||' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "::error::no file under ${dir} carries the revision placeholder ${placeholder}: the validation gate cannot be stamped"
  exit 1
fi
for f in "${files[@]}"; do
  if [[ "$f" != "$allowed"* ]]; then
    echo "::error::${f} carries the revision placeholder ${placeholder}, outside ${allowed}"
    exit 1
  fi
done
for f in "${files[@]}"; do
  sed -i "s/${placeholder//./\\.}/${tag}/g" "${dir}/${f}"
  echo "stamped ${tag} into ${f}"
done
