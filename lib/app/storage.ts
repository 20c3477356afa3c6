import { KubeConfigMap, KubePersistentVolume, KubePersistentVolumeClaim, Quantity } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { MAIN_CONTAINER } from './container.js';
import type { ResolvedGroupProps, VolumeSpec } from './props.js';
import type { Values } from './values.js';

/** Velero skips PVCs carrying this label (re-downloadable media, scratch space). */
export const VELERO_EXCLUDE_LABEL = 'velero.io/exclude-from-backup';
/** The Longhorn CSI driver. */
const LONGHORN_DRIVER = 'driver.longhorn.io';

export interface AppStorageProps {
  readonly app: string;
  readonly namespace: string;
  readonly volumes: readonly VolumeSpec[];
  /** Claims of the app's group it may mount (`{ claim }` volumes). */
  readonly sharedClaims: ReadonlySet<string>;
  /** Containers of the app (for `mounts`). */
  readonly containers: ReadonlySet<string>;
  /** The app-template controller the containers belong to. */
  readonly controller: string;
  readonly fail: (field: string, message: string) => never;
}

/** Name of the PVC (or ConfigMap) for an app volume. */
export function claimName(app: string, volume: string): string {
  return `${app}-${volume}`;
}

/**
 * The app's volumes: its own PVCs `<app>-<volume>` (Longhorn class, size, access mode, backup label),
 * ConfigMaps for config files, and the app-template `persistence` entries that mount those, emptyDirs,
 * the group's shared claims and Secrets — in every container (`mountPath`) or in named ones (`mounts`).
 */
export class AppStorage extends Construct {
  /** app-template `persistence` values (empty without volumes). */
  readonly persistence: Values = {};

  constructor(scope: Construct, id: string, props: AppStorageProps) {
    super(scope, id);
    const { app, namespace, fail } = props;
    for (const [i, v] of props.volumes.entries()) {
      const at = `volumes.${i}`;
      let entry: Values;
      if ('storageClass' in v) {
        new KubePersistentVolumeClaim(this, `Volume-${v.name}`, {
          metadata: { name: claimName(app, v.name), namespace, ...(v.backup ? {} : { labels: { [VELERO_EXCLUDE_LABEL]: 'true' } }) },
          spec: { accessModes: [v.accessMode], storageClassName: v.storageClass, resources: { requests: { storage: Quantity.fromString(v.size) } } },
        });
        entry = { existingClaim: claimName(app, v.name) };
      } else if ('emptyDir' in v) {
        entry = { type: 'emptyDir', ...v.emptyDir };
      } else if ('claim' in v) {
        if (!props.sharedClaims.has(v.claim)) {
          fail(`${at}.claim`, props.sharedClaims.size ? `claim "${v.claim}" is not a volume of the app's group (it has ${[...props.sharedClaims].join(', ')})` : `claim "${v.claim}": only apps of a group can mount its shared claims`);
        }
        entry = { existingClaim: v.claim };
      } else if ('configMap' in v) {
        new KubeConfigMap(this, `Config-${v.name}`, { metadata: { name: claimName(app, v.name), namespace }, data: { ...v.configMap.data } });
        entry = { type: 'configMap', name: claimName(app, v.name) };
      } else {
        entry = { type: 'secret', name: v.secret };
      }
      if (v.mountPath) {
        entry.globalMounts = [{ path: v.mountPath, ...(v.subPath ? { subPath: v.subPath } : {}), ...(v.readOnly ? { readOnly: true } : {}) }];
      } else if (v.subPath || v.readOnly !== undefined) {
        fail(`${at}.subPath`, '"subPath" and "readOnly" apply to "mountPath"; in "mounts" give them per mount');
      }
      if (v.mounts?.length) {
        const byContainer: Record<string, Values[]> = {};
        for (const [j, m] of v.mounts.entries()) {
          if (!props.containers.has(m.container)) fail(`${at}.mounts.${j}.container`, `no container "${m.container}" (containers: ${[...props.containers].join(', ')})`);
          (byContainer[m.container] ??= []).push({ path: m.path, ...(m.subPath ? { subPath: m.subPath } : {}), ...(m.readOnly ? { readOnly: true } : {}) });
        }
        entry.advancedMounts = { [props.controller]: byContainer };
      }
      this.persistence[v.name] = entry;
    }
  }
}

export interface SharedVolumesProps {
  readonly namespace: string;
  readonly volumes: ResolvedGroupProps['volumes'];
}

/**
 * The claims a group's apps share. A volume with `existingVolume` binds to a Longhorn volume that already
 * exists (a static PersistentVolume, Retain, claimRef to its claim, `volumeName` on the claim), so the data
 * outlives any reconciliation; the others are provisioned by their class.
 */
export class SharedVolumes extends Construct {
  readonly claims: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: SharedVolumesProps) {
    super(scope, id);
    for (const v of props.volumes) {
      const labels = v.backup ? undefined : { [VELERO_EXCLUDE_LABEL]: 'true' };
      const size = Quantity.fromString(v.size);
      if (v.existingVolume) {
        const e = v.existingVolume;
        new KubePersistentVolume(this, `Volume-${v.name}`, {
          metadata: { name: v.name, ...(labels ? { labels } : {}) },
          spec: {
            capacity: { storage: size },
            accessModes: [v.accessMode],
            persistentVolumeReclaimPolicy: 'Retain',
            storageClassName: v.storageClass,
            volumeMode: 'Filesystem',
            claimRef: { namespace: props.namespace, name: v.name },
            csi: {
              driver: LONGHORN_DRIVER,
              fsType: e.fsType,
              volumeHandle: e.volumeHandle,
              volumeAttributes: {
                fsType: e.fsType,
                ...(e.numberOfReplicas !== undefined ? { numberOfReplicas: String(e.numberOfReplicas) } : {}),
                ...(v.accessMode === 'ReadWriteMany' ? { share: 'true' } : {}),
              },
            },
          },
        });
      }
      new KubePersistentVolumeClaim(this, `Claim-${v.name}`, {
        metadata: { name: v.name, namespace: props.namespace, ...(labels ? { labels } : {}) },
        spec: {
          accessModes: [v.accessMode],
          storageClassName: v.storageClass,
          resources: { requests: { storage: size } },
          ...(v.existingVolume ? { volumeName: v.name } : {}),
        },
      });
    }
    this.claims = new Set(props.volumes.map((v) => v.name));
  }
}

/** Names of the containers of a container app (for `mounts`). */
export function containerNames(c: { sidecars: readonly { name: string }[]; initContainers: readonly { name: string }[] } | undefined): Set<string> {
  return new Set(c ? [MAIN_CONTAINER, ...c.sidecars.map((s) => s.name), ...c.initContainers.map((s) => s.name)] : [MAIN_CONTAINER]);
}
