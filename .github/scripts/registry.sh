# Registry helpers shared by the release scripts (sourced, not run). Every registry call either succeeds,
# reports a tag as absent, or fails the script: an error is never mistaken for "no such tag".

# resolve_tag <ref>: sets RESOLVED to the digest of <ref> (repo:tag) and returns 0; returns 1 when the tag
# does not exist; any other failure (network, auth, registry error) aborts the script with its message.
# Call it directly (`if resolve_tag x; then d="$RESOLVED"`), never inside $(...), so that abort is an exit.
resolve_tag() {
  local ref="$1" out err status
  err="$(mktemp)"
  status=0
  out="$(oras resolve "$ref" 2>"$err")" || status=$?
  if [ "$status" -eq 0 ] && [[ "$out" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    rm -f "$err"
    RESOLVED="$out"
    return 0
  fi
  if [ "$status" -ne 0 ] && grep -qiE 'not ?found|MANIFEST_UNKNOWN|NAME_UNKNOWN' "$err"; then
    rm -f "$err"
    return 1
  fi
  echo "::error::registry error resolving ${ref} (exit ${status}): $(tr '\n' ' ' <"$err")${out:+ output: ${out}}"
  rm -f "$err"
  exit 1
}

# list_tags <repo>: sets TAGS to every tag of <repo>; a registry error aborts (an empty list is only ever an
# empty repository). Call it directly, never inside $(...).
list_tags() {
  local out status=0
  out="$(oras repo tags "$1")" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "::error::registry error listing the tags of $1 (exit ${status})"
    exit 1
  fi
  mapfile -t TAGS < <(printf '%s\n' "$out" | sed '/^$/d')
}
