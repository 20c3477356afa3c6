// The restore gate's script (run by the Job of lib/dr/restore-gate.ts). Written without `${…}` so it needs
// no escaping here and no Flux substitution can touch it.
export const GATE_SCRIPT = `#!/usr/bin/env bash
# Velero restore gate: exits 0 once this cluster needs no restore or every Restore completed; exits 1 on a
# failed Restore, so the Flux Kustomization stays NotReady and everything depending on it stays stopped.
set -euo pipefail

# VELERO_NAMESPACE, BACKUP_SYNC_TIMEOUT and POLL_INTERVAL (seconds) come from the Job's environment.
NAMESPACE="$VELERO_NAMESPACE"

# Velero lists the bucket's backups shortly after its storage location becomes available.
waited=0
backups=0
while :; do
  backups="$(kubectl -n "$NAMESPACE" get backups.velero.io -o name | wc -l)"
  if [ "$backups" -gt 0 ] || [ "$waited" -ge "$BACKUP_SYNC_TIMEOUT" ]; then break; fi
  sleep "$POLL_INTERVAL"
  waited=$((waited + POLL_INTERVAL))
done
if [ "$backups" -eq 0 ]; then
  echo "no backups in the storage location after $BACKUP_SYNC_TIMEOUT seconds: a fresh cluster, nothing to restore"
  exit 0
fi

while :; do
  restores="$(kubectl -n "$NAMESPACE" get restores.velero.io -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.phase}{"\\n"}{end}')"
  if [ -z "$restores" ]; then
    echo "no Restore objects: nothing to wait for"
    exit 0
  fi
  pending=0
  while read -r name phase; do
    [ -n "$name" ] || continue
    case "$phase" in
      Completed) echo "restore $name: completed" ;;
      Failed | PartiallyFailed)
        echo "restore $name: $phase; inspect it with: velero restore describe $name --details" >&2
        exit 1
        ;;
      FailedValidation)
        # Usually the storage location was not synced when Velero validated it: delete it, so Flux
        # recreates it on its next reconcile, and fail this attempt (the Job retries).
        echo "restore $name: FailedValidation; deleting it so Flux recreates it" >&2
        kubectl -n "$NAMESPACE" delete restores.velero.io "$name" --wait=false
        exit 1
        ;;
      *)
        # New, InProgress, WaitingForPluginOperations*, Finalizing*, no phase yet, or a phase unknown here.
        echo "restore $name: phase '$phase', waiting"
        pending=$((pending + 1))
        ;;
    esac
  done <<< "$restores"
  if [ "$pending" -eq 0 ]; then exit 0; fi
  sleep "$POLL_INTERVAL"
done
`;
