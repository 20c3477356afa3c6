import { KubeClusterRole, KubeClusterRoleBinding, KubeConfigMap, KubeJob, KubeServiceAccount, Quantity } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import type { HealthCheck } from '../flux/kustomization.js';
import { GATE_SCRIPT } from './gate-script.js';

export interface RestoreGateProps {
  /** Velero's namespace (Backups and Restores live there). */
  readonly namespace: string;
  /** kubectl image, e.g. `docker.io/bitnamilegacy/kubectl:1.33`. */
  readonly image: string;
  /** Seconds the gate may take in all. @default 1800 */
  readonly deadlineSeconds?: number;
  /** Seconds to wait for Velero to list the bucket's backups before deciding the cluster is fresh. @default 120 */
  readonly backupSyncTimeoutSeconds?: number;
  /** @default 15 */
  readonly pollIntervalSeconds?: number;
}

const NAME = 'velero-restore-gate';

/**
 * The restore gate (reference: platform-extras.md §3b): a Job that waits until Velero has listed the
 * bucket's backups and every Restore of the namespace has completed. It succeeds at once on a fresh cluster
 * (no backups) and fails on a failed Restore, so the Flux Kustomization holding it — which the restored
 * workloads depend on — only becomes ready when their data is back. Runs as nobody with a read-only root;
 * its RBAC reads Backups and Restores and may delete a Restore that failed validation.
 */
export class RestoreGate extends Construct {
  readonly healthCheck: HealthCheck;

  constructor(scope: Construct, id: string, props: RestoreGateProps) {
    super(scope, id);
    const ns = props.namespace;
    const script = new KubeConfigMap(this, 'Script', { metadata: { name: `${NAME}-script`, namespace: ns }, data: { 'gate.sh': GATE_SCRIPT } });
    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns } });
    new KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME },
      rules: [
        { apiGroups: ['velero.io'], resources: ['backups'], verbs: ['get', 'list'] },
        { apiGroups: ['velero.io'], resources: ['restores'], verbs: ['get', 'list', 'delete'] },
      ],
    });
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    new KubeJob(this, 'Job', {
      metadata: { name: NAME, namespace: ns },
      spec: {
        activeDeadlineSeconds: props.deadlineSeconds ?? 1800,
        backoffLimit: 4,
        template: {
          spec: {
            serviceAccountName: NAME,
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'gate',
                image: props.image,
                command: ['bash', '/scripts/gate.sh'],
                env: [
                  { name: 'VELERO_NAMESPACE', value: ns },
                  { name: 'BACKUP_SYNC_TIMEOUT', value: String(props.backupSyncTimeoutSeconds ?? 120) },
                  { name: 'POLL_INTERVAL', value: String(props.pollIntervalSeconds ?? 15) },
                ],
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                resources: { requests: { cpu: Quantity.fromString('10m'), memory: Quantity.fromString('32Mi') }, limits: { memory: Quantity.fromString('128Mi') } },
                volumeMounts: [{ name: 'scripts', mountPath: '/scripts', readOnly: true }],
              },
            ],
            volumes: [{ name: 'scripts', configMap: { name: script.name, defaultMode: 0o555 } }],
          },
        },
      },
    });
    this.healthCheck = { apiVersion: 'batch/v1', kind: 'Job', name: NAME, namespace: ns };
  }
}
