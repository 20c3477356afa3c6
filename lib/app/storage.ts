import { KubePersistentVolumeClaim, Quantity } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import type { ResolvedAppProps } from './props.js';
import type { Values } from './values.js';

export interface AppStorageProps {
  readonly app: string;
  readonly namespace: string;
  readonly volumes: ResolvedAppProps['volumes'];
}

/** Name of the PVC for an app volume. */
export function claimName(app: string, volume: string): string {
  return `${app}-${volume}`;
}

/**
 * The app's volumes: one PVC `<app>-<volume>` per declared volume (Longhorn class, size, access mode) and
 * the app-template `persistence` entries that mount them as existing claims.
 */
export class AppStorage extends Construct {
  private readonly props: AppStorageProps;

  constructor(scope: Construct, id: string, props: AppStorageProps) {
    super(scope, id);
    this.props = props;
    for (const v of props.volumes) {
      new KubePersistentVolumeClaim(this, `Volume-${v.name}`, {
        metadata: { name: claimName(props.app, v.name), namespace: props.namespace },
        spec: { accessModes: [v.accessMode], storageClassName: v.storageClass, resources: { requests: { storage: Quantity.fromString(v.size) } } },
      });
    }
  }

  /** app-template `persistence` entries (mounted where a mountPath is given); empty without volumes. */
  get persistence(): Values {
    const out: Values = {};
    for (const v of this.props.volumes) {
      out[v.name] = { existingClaim: claimName(this.props.app, v.name), ...(v.mountPath ? { globalMounts: [{ path: v.mountPath }] } : {}) };
    }
    return out;
  }
}
