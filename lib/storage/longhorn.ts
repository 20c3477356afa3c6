import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';

/** The Longhorn storage classes apps ask for (reference: platform.md §6). */
export const STORAGE_CLASSES = ['fast', 'fast-ephemeral', 'slow', 'slow-media'] as const;
export type StorageClassName = (typeof STORAGE_CLASSES)[number];

export interface LonghornStorageClassesProps {
  /** Replicas per volume: the cluster's replica count (one copy per node, at most three). */
  readonly replicas: number;
  /**
   * Disk tags the cluster's Longhorn disks carry (from the inventory). A class pins its volumes to the
   * `fast`/`slow` disks only where such disks exist; single-disk clusters put every class on their one disk.
   */
  readonly diskTags: readonly string[];
}

/**
 * `fast` (SSD) and `slow` (HDD) classes for application data, kept when the claim goes (`Retain`: a deleted
 * PVC must not take the data with it); `fast-ephemeral` for caches and scratch space (one replica, deleted
 * with the claim); `slow-media` for large media libraries (one replica: re-downloadable, too big to mirror).
 */
export class LonghornStorageClasses extends Construct {
  constructor(scope: Construct, id: string, props: LonghornStorageClassesProps) {
    super(scope, id);
    const tier = (tag: 'fast' | 'slow'): Record<string, string> => (props.diskTags.includes(tag) ? { diskSelector: tag } : {});
    const replicas = String(Math.max(1, props.replicas));
    const classes: Record<StorageClassName, { parameters: Record<string, string>; reclaimPolicy: 'Retain' | 'Delete' }> = {
      fast: { parameters: { numberOfReplicas: replicas, ...tier('fast') }, reclaimPolicy: 'Retain' },
      'fast-ephemeral': { parameters: { numberOfReplicas: '1', ...tier('fast') }, reclaimPolicy: 'Delete' },
      slow: { parameters: { numberOfReplicas: replicas, ...tier('slow') }, reclaimPolicy: 'Retain' },
      'slow-media': { parameters: { numberOfReplicas: '1', ...tier('slow') }, reclaimPolicy: 'Retain' },
    };
    for (const [name, c] of Object.entries(classes)) {
      new KubeStorageClass(this, name, {
        metadata: { name },
        provisioner: 'driver.longhorn.io',
        allowVolumeExpansion: true,
        reclaimPolicy: c.reclaimPolicy,
        volumeBindingMode: 'Immediate',
        parameters: { dataLocality: 'best-effort', staleReplicaTimeout: '30', fsType: 'ext4', ...c.parameters },
      });
    }
  }
}
