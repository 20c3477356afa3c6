#!/usr/bin/env bash
# Downloads a release binary and verifies it against .github/tool-checksums.sha256 before anything runs it.
# The version comes from versions.env (Renovate keeps it current); a version without a recorded checksum, or
# a download that does not match it, fails the job.
#
# usage: install-tool.sh flux|oras <dest-dir>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tool="$1"
dest="$2"
checksums="${TOOL_CHECKSUMS:-$here/../tool-checksums.sha256}"

version="$(sed -n "s/^${tool}_version=v\{0,1\}//p" "$root/versions.env")"
[ -n "$version" ] || { echo "::error::no ${tool}_version in versions.env"; exit 1; }
case "$tool" in
  flux) file="flux_${version}_linux_amd64.tar.gz"; url="https://github.com/fluxcd/flux2/releases/download/v${version}/${file}" ;;
  oras) file="oras_${version}_linux_amd64.tar.gz"; url="https://github.com/oras-project/oras/releases/download/v${version}/${file}" ;;
  *) echo "::error::unknown tool '${tool}'"; exit 1 ;;
esac
expected="$(awk -v f="$file" '$2 == f || $2 == "*" f { print $1 }' "$checksums")"
[ -n "$expected" ] || { echo "::error::no checksum for ${file} in ${checksums}: record it when bumping ${tool}_version"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$file" "$url"
actual="$(sha256sum "$work/$file" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
  echo "::error::${file}: sha256 ${actual} does not match the recorded ${expected}"
  exit 1
fi
mkdir -p "$dest"
tar -xzf "$work/$file" -C "$dest" "$tool"
echo "${tool} ${version} verified (${expected})"
