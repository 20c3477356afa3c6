import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { RestoreSpec, ScheduleSpec } from '../generated/crds/velero.io.js';
import type { Unit } from '../k8s/unit.js';

/** Where Velero writes: the backup storage location and the CSI snapshot location of the velero release. */
export interface VeleroLocations {
  readonly namespace: string;
  /** BackupStorageLocation name (the S3 bucket configured in the velero release's values). */
  readonly storageLocation: string;
  /** VolumeSnapshotLocation name. */
  readonly snapshotLocation: string;
}

export interface VeleroScheduleProps {
  readonly name: string;
  readonly locations: VeleroLocations;
  /** Cron in Velero's time zone (UTC). */
  readonly schedule: string;
  /** Retention of each backup, e.g. `672h`. */
  readonly ttl: string;
  readonly includedNamespaces: readonly string[];
  /** Only these resource types (e.g. `persistentvolumeclaims`). @default every type */
  readonly includedResources?: readonly string[];
}

/**
 * A Velero Schedule (reference: platform-extras.md §3a): CSI snapshots whose data the node agent moves to
 * the storage location (`snapshotMoveData`), so a backup survives the loss of the cluster's disks.
 */
export class VeleroSchedule extends Construct {
  readonly scheduleName: string;
  readonly includedNamespaces: readonly string[];

  constructor(scope: Construct, id: string, props: VeleroScheduleProps) {
    super(scope, id);
    if (!props.includedNamespaces.length) throw new Error(`${this.node.path}: a schedule without namespaces would back up the whole cluster`);
    this.scheduleName = props.name;
    this.includedNamespaces = [...props.includedNamespaces].sort();
    const spec: ScheduleSpec = {
      schedule: props.schedule,
      useOwnerReferencesInBackup: false,
      template: {
        ttl: props.ttl,
        storageLocation: props.locations.storageLocation,
        volumeSnapshotLocations: [props.locations.snapshotLocation],
        snapshotMoveData: true,
        csiSnapshotTimeout: '15m',
        includedNamespaces: [...this.includedNamespaces],
        ...(props.includedResources ? { includedResources: [...props.includedResources], includeClusterResources: false } : {}),
      },
    };
    new ApiObject(this, 'Resource', { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: props.name, namespace: props.locations.namespace }, spec });
  }
}

export interface VeleroRestoreProps {
  readonly name: string;
  /** The schedule whose latest successful backup is restored (same namespaces). */
  readonly schedule: VeleroSchedule;
  readonly namespace: string;
  /** Resource types Flux recreates itself (e.g. CNPG clusters, which bootstrap from their own backups). */
  readonly excludedResources?: readonly string[];
}

/**
 * A Velero Restore of a schedule's latest backup, applied on every cluster build. It only creates what is
 * missing (`existingResourcePolicy: none`), so on a running cluster it changes nothing; on a rebuilt one it
 * brings the volumes back before their workloads start (the restore gate holds them back).
 */
export class VeleroRestore extends Construct {
  readonly restoreName: string;

  constructor(scope: Construct, id: string, props: VeleroRestoreProps) {
    super(scope, id);
    this.restoreName = props.name;
    const spec: RestoreSpec = {
      scheduleName: props.schedule.scheduleName,
      restorePVs: true,
      existingResourcePolicy: 'none',
      includedNamespaces: [...props.schedule.includedNamespaces],
      ...(props.excludedResources ? { excludedResources: [...props.excludedResources] } : {}),
    };
    new ApiObject(this, 'Resource', { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name: props.name, namespace: props.namespace }, spec });
  }
}

/**
 * The namespaces whose volumes the app backup schedule covers: apps register with `include` (`backup: true`),
 * and the cluster's disaster-recovery composition renders the schedule and its restore from `included` once
 * every app is declared.
 */
export class BackupSchedule extends Construct {
  private readonly namespaces = new Set<string>();
  private readonly consumers = new Set<Unit>();

  /** Backs up the volumes of `namespace`; `unit` (the app's) then waits for their restore on a rebuild. */
  include(namespace: string, unit?: Unit): void {
    this.namespaces.add(namespace);
    if (unit) this.consumers.add(unit);
  }

  /** Units whose volumes are restored (they depend on the restore gate). */
  get restoredUnits(): readonly Unit[] {
    return [...this.consumers];
  }

  get included(): string[] {
    return [...this.namespaces].sort();
  }
}
