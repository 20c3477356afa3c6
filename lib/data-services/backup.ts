import { Construct } from 'constructs';
import { Schedule } from '../generated/crds/velero.io.js';
import { lazy } from './lazy.js';

export interface BackupScheduleProps {
  readonly name: string;
  readonly namespace: string;
  readonly schedule: string;
  /** Retention of each backup (e.g. `720h`). */
  readonly ttl: string;
}

/**
 * A Velero Schedule whose included namespaces are collected from the apps that ask for backups
 * (`include`), rendered sorted at synth. With no namespace registered the schedule is paused, because an
 * empty `includedNamespaces` would back up the whole cluster.
 */
export class BackupSchedule extends Construct {
  private readonly namespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    new Schedule(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        schedule: props.schedule,
        paused: lazy(() => this.namespaces.size === 0),
        template: {
          ttl: props.ttl,
          snapshotVolumes: true,
          includedNamespaces: lazy(() => (this.namespaces.size ? this.included : ['velero-no-app-registered'])),
        },
      },
    });
  }

  include(namespace: string): void {
    this.namespaces.add(namespace);
  }

  get included(): string[] {
    return [...this.namespaces].sort();
  }
}
