import type { VeleroLocations } from '../../lib/data-services/backup.js';
import type { HelmValues } from '../../lib/flux/helm-release.js';
import type { Versions } from '../../lib/versions/versions.js';
import { veleroBucket } from '../../model/contract.js';
import type { ClusterConfig } from '../../model/index.js';

/**
 * Velero's locations, declared by its values below: the `aws` bucket and the `csi` snapshot location; the
 * schedules and restores of clusters/disaster-recovery.ts name them.
 */
export const VELERO_LOCATIONS: VeleroLocations = { namespace: 'velero', storageLocation: 'aws', snapshotLocation: 'csi' };

/** The Secret (in ns velero) holding Velero's AWS credentials file under key `cloud` (clusters/data-services.ts). */
export const VELERO_CREDENTIALS = { secret: 'velero-s3-credentials', key: 'cloud' } as const;

/**
 * Velero (reference: platform-extras.md §3a): the AWS plugin, the cluster's own S3 bucket from the global
 * stack as the default BackupStorageLocation (validated hourly), credentials from the ExternalSecret, CSI
 * snapshots with data movement by the node agent, daily repository maintenance, metrics with a ServiceMonitor.
 */
export function veleroValues(cluster: ClusterConfig, versions: Versions): HelmValues {
  const bucket = veleroBucket(cluster.name);
  return {
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: `velero/velero-plugin-for-aws:${versions.get('velero_plugin_aws_version')}`,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
      },
    ],
    credentials: { useSecret: true, existingSecret: VELERO_CREDENTIALS.secret },
    configuration: {
      features: 'EnableCSI',
      defaultRepoMaintainFrequency: '24h',
      backupStorageLocation: [
        {
          name: VELERO_LOCATIONS.storageLocation,
          provider: 'aws',
          bucket: bucket.name,
          default: true,
          validationFrequency: '1h',
          config: { region: bucket.region },
          credential: { name: VELERO_CREDENTIALS.secret, key: VELERO_CREDENTIALS.key },
        },
      ],
      volumeSnapshotLocation: [{ name: VELERO_LOCATIONS.snapshotLocation, provider: 'csi' }],
    },
    snapshotsEnabled: true,
    deployNodeAgent: true,
    nodeAgent: {
      // The node agent reads every pod's volumes on its node.
      podSecurityContext: { runAsUser: 0 },
      priorityClassName: 'platform',
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '1Gi' } },
    },
    priorityClassName: 'platform',
    metrics: { enabled: true, serviceMonitor: { enabled: true } },
  };
}
