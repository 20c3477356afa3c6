import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_SCRIPT } from '../../lib/dr/gate-script.js';
import { synthHomelab, tempDir } from '../helpers.js';

const out = synthHomelab();
const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as any);
const find = (cluster: string, kind: string, name: string): any => objects(cluster).find((o) => o.kind === kind && o.metadata.name === name);
const ks = (cluster: string, name: string): any => find(cluster, 'Kustomization', name);

describe('Velero schedules', () => {
  for (const cluster of ['dev', 'integration', 'live']) {
    it(`${cluster}: platform schedule over garage and database, data moved off-cluster, 28 days`, () => {
      const s = find(cluster, 'Schedule', 'platform');
      expect(s.spec.schedule).toBe('0 5 * * 0');
      expect(s.spec.template).toMatchObject({ includedNamespaces: ['database', 'garage'], storageLocation: 'aws', volumeSnapshotLocations: ['csi'], snapshotMoveData: true, csiSnapshotTimeout: '15m', ttl: '672h' });
      expect(s.spec.template.includedResources).toBeUndefined();
    });
  }

  it('live: the default schedule backs up the PVCs of exactly the apps that ask for backups', () => {
    const s = find('live', 'Schedule', 'default');
    expect(s.spec.schedule).toBe('0 2 * * 0');
    expect(s.spec.template).toMatchObject({ includedResources: ['persistentvolumeclaims'], includeClusterResources: false, ttl: '672h' });
    // Each backed-up namespace's app unit waits for the restore, and nothing else does.
    const waiting = objects('live').filter((o) => o.kind === 'Kustomization' && o.spec.path?.includes('/apps/') && o.spec.dependsOn?.some((d: any) => d.name === 'velero-restore'));
    // A waiting unit is an app (its HelmRelease's namespace) or an app group's namespace unit (its Namespace).
    const rendered = out.clusters.find((c) => c.name === 'live')!.objects;
    const namespacesOf = (unitPath: string) => {
      const dir = `${unitPath.replace(/^\.\/clusters\/live\//, '')}/`;
      return rendered
        .filter((r) => r.file.startsWith(dir))
        .flatMap(({ object: o }: any) => (o.kind === 'HelmRelease' ? [o.spec.targetNamespace] : o.kind === 'Namespace' ? [o.metadata.name] : []));
    };
    const waitingNamespaces = waiting.map((u) => namespacesOf(u.spec.path));
    expect(waitingNamespaces.every((n) => n.length > 0), 'every waiting unit holds an app or a namespace').toBe(true);
    expect([...new Set(waitingNamespaces.flat())].sort()).toEqual(s.spec.template.includedNamespaces);
    expect(s.spec.template.includedNamespaces.length).toBeGreaterThan(0);
  });

  it('a cluster with no backed-up app has no default schedule (never an empty, whole-cluster one)', () => {
    expect(find('integration', 'Schedule', 'default')).toBeUndefined();
  });

  it('Velero snapshots with the Longhorn class labelled for it', () => {
    const c = find('live', 'VolumeSnapshotClass', 'longhorn-snapshot-velero');
    expect(c).toMatchObject({ driver: 'driver.longhorn.io', deletionPolicy: 'Delete', parameters: { type: 'snap' } });
    expect(c.metadata.labels['velero.io/csi-volumesnapshot-class']).toBe('true');
  });
});

describe('restore on rebuild', () => {
  it('dev and live restore the latest backups; integration starts empty', () => {
    expect(ks('integration', 'velero-restore')).toBeUndefined();
    expect(find('dev', 'Restore', 'restore-platform').spec).toEqual({
      scheduleName: 'platform', restorePVs: true, existingResourcePolicy: 'none', includedNamespaces: ['database', 'garage'], excludedResources: ['clusters.postgresql.cnpg.io', 'secrets'],
    });
    const d = find('live', 'Restore', 'restore-default').spec;
    expect(d.scheduleName).toBe('default');
    expect(d.includedNamespaces).toEqual(find('live', 'Schedule', 'default').spec.template.includedNamespaces);
  });

  for (const cluster of ['dev', 'live']) {
    it(`${cluster}: the velero-restore Kustomization gates garage, the database and the restored apps`, () => {
      const k = ks(cluster, 'velero-restore');
      expect(k.spec).toMatchObject({ timeout: '30m', force: true, healthChecks: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'velero-restore-gate', namespace: 'velero' }] });
      expect(k.spec.dependsOn.map((d: any) => d.name)).toEqual(expect.arrayContaining(['velero', 'velero-config']));
      for (const unit of ['garage-config', 'database-config']) expect(ks(cluster, unit).spec.dependsOn.map((d: any) => d.name), unit).toContain('velero-restore');
    });
  }

  it('the gate Job runs the script as nobody, read-only, with only the RBAC it needs', () => {
    const job = find('live', 'Job', 'velero-restore-gate');
    expect(job.spec).toMatchObject({ activeDeadlineSeconds: 1800, backoffLimit: 4 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'velero-restore-gate', securityContext: { runAsNonRoot: true, runAsUser: 65534 } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].image).toMatch(/^docker\.io\/bitnamilegacy\/kubectl:/);
    expect(pod.volumes[0].configMap).toEqual({ name: 'velero-restore-gate-script', defaultMode: 0o555 });
    expect(find('live', 'ConfigMap', 'velero-restore-gate-script').data['gate.sh']).toBe(GATE_SCRIPT);
    expect(find('live', 'ClusterRole', 'velero-restore-gate').rules).toEqual([
      { apiGroups: ['velero.io'], resources: ['backups'], verbs: ['get', 'list'] },
      { apiGroups: ['velero.io'], resources: ['restores'], verbs: ['get', 'list', 'delete'] },
    ]);
    expect(find('live', 'ClusterRoleBinding', 'velero-restore-gate').subjects).toEqual([{ kind: 'ServiceAccount', name: 'velero-restore-gate', namespace: 'velero' }]);
  });

  it('every CNPG cluster of a cluster restored on rebuild bootstraps from its own Barman archive; integration starts empty', () => {
    for (const cluster of ['dev', 'live']) {
      const cnpg = objects(cluster).filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'));
      expect(cnpg.length, cluster).toBeGreaterThan(0);
      for (const c of cnpg) {
        const where = `${cluster}/${c.metadata.name}`;
        expect(c.spec.bootstrap, where).toEqual({ recovery: { source: 'backup' } });
        const [source] = c.spec.externalClusters;
        // The archive it recovers from is the one it backs up to, under its own server name.
        expect(source.barmanObjectStore, where).toEqual({ ...c.spec.backup.barmanObjectStore, serverName: c.metadata.name });
        // It keeps archiving there on a new timeline, so the empty-archive check must not stop it.
        expect(c.metadata.annotations?.['cnpg.io/skipEmptyWalArchiveCheck'], where).toBe('enabled');
      }
    }
    const integration = find('integration', 'Cluster', 'platform');
    expect(integration.spec.bootstrap).toBeUndefined();
    expect(integration.metadata.annotations?.['cnpg.io/skipEmptyWalArchiveCheck']).toBeUndefined();
  });

  it('dev ships the drill bucket and its key', () => {
    expect(find('dev', 'GarageBucket', 'dr-test').spec.quotas.maxSize).toBe('1Gi');
    expect(find('dev', 'GarageKey', 'dr-test-s3').spec.bucketPermissions[0].bucketRef.name).toBe('dr-test');
    expect(find('live', 'GarageBucket', 'dr-test')).toBeUndefined();
  });
});

describe('the gate script against a fake kubectl', () => {
  /** Runs gate.sh with a kubectl that serves `backups`, then each of `restores` (one listing per poll). */
  const run = (backups: number, restores: string[]) => {
    const dir = tempDir('gate-');
    writeFileSync(join(dir, 'restores'), restores.join('\0'));
    const kubectl = `#!/usr/bin/env bash
case "$*" in
  *"get backups.velero.io"*) for i in $(seq 1 ${backups}); do echo "backup.velero.io/b$i"; done ;;
  *"get restores.velero.io"*)
    n=$(cat "${dir}/n" 2>/dev/null || echo 0); echo $((n + 1)) > "${dir}/n"
    node -e 'const a=require("fs").readFileSync(process.argv[1],"utf8").split("\\0"); process.stdout.write(a[Math.min(+process.argv[2], a.length-1)]||"")' "${dir}/restores" "$n" ;;
  *"delete restores.velero.io"*) echo "$*" >> "${dir}/deleted" ;;
  *) echo "unexpected kubectl $*" >&2; exit 2 ;;
esac
`;
    writeFileSync(join(dir, 'kubectl'), kubectl);
    chmodSync(join(dir, 'kubectl'), 0o755);
    writeFileSync(join(dir, 'gate.sh'), GATE_SCRIPT);
    const r = spawnSync('bash', [join(dir, 'gate.sh')], {
      env: { PATH: `${dir}:${process.env.PATH}`, VELERO_NAMESPACE: 'velero', BACKUP_SYNC_TIMEOUT: '0', POLL_INTERVAL: '0' },
      encoding: 'utf8',
    });
    let deleted = '';
    try {
      deleted = readFileSync(join(dir, 'deleted'), 'utf8');
    } catch {
      /* none */
    }
    return { code: r.status, out: r.stdout + r.stderr, deleted };
  };

  it('parses as bash', () => {
    const dir = tempDir('gate-');
    writeFileSync(join(dir, 'gate.sh'), GATE_SCRIPT);
    execFileSync('bash', ['-n', join(dir, 'gate.sh')]);
  });
  it('a fresh cluster (no backups) passes at once', () => expect(run(0, []).code).toBe(0));
  it('no Restore objects pass', () => expect(run(2, ['']).code).toBe(0));
  it('waits for pending restores, then passes once all completed', () => {
    const r = run(1, ['restore-platform InProgress\nrestore-default \n', 'restore-platform Completed\nrestore-default Finalizing\n', 'restore-platform Completed\nrestore-default Completed\n']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/restore-default: phase '', waiting/);
  });
  it('a failed or partially failed restore fails the gate', () => {
    expect(run(1, ['restore-platform Completed\nrestore-default PartiallyFailed\n']).code).toBe(1);
    expect(run(1, ['restore-platform Failed\n']).code).toBe(1);
  });
  it('a restore that failed validation is deleted (Flux recreates it) and the attempt fails', () => {
    const r = run(1, ['restore-platform FailedValidation\n']);
    expect(r.code).toBe(1);
    expect(r.deleted).toMatch(/delete restores.velero.io restore-platform/);
  });
});
