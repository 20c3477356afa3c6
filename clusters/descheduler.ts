// The descheduler (reference: platform-extras.md §4a): its eviction policy, and the RBAC the chart cannot add.
import { KubeClusterRole, KubeClusterRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';

const NAMESPACE = 'kube-system';
const NAME = 'descheduler';

/**
 * Chart values: two replicas with leader election, metrics, and one `Default` profile that rebalances
 * topology spread and evicts pods violating affinity, taints or anti-affinity, failed pods (after an hour)
 * and finished pods (after a day). Velero's namespace is never touched (a restore in flight must not be
 * evicted). No utilization plugins, so no thresholds.
 */
export function deschedulerValues(): Record<string, unknown> {
  return {
    kind: 'Deployment',
    replicas: 2,
    priorityClassName: 'platform',
    // The reference misspelled the namespace key (`resourceNamescape`), so it fell back to the default.
    leaderElection: { enabled: true, leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '2s', resourceLock: 'leases', resourceName: NAME, resourceNamespace: NAMESPACE },
    service: { enabled: true },
    serviceMonitor: { enabled: true },
    deschedulerPolicyAPIVersion: 'descheduler/v1alpha2',
    deschedulerPolicy: {
      profiles: [
        {
          name: 'Default',
          pluginConfig: [
            {
              name: 'DefaultEvictor',
              args: {
                evictFailedBarePods: true,
                evictLocalStoragePods: true,
                evictSystemCriticalPods: false,
                nodeFit: true,
                namespaceLabelSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['velero'] }] },
              },
            },
            { name: 'RemovePodsViolatingNodeAffinity', args: { nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'] } },
            { name: 'RemovePodsViolatingTopologySpreadConstraint', args: { constraints: ['DoNotSchedule', 'ScheduleAnyway'] } },
            { name: 'RemoveFailedPods', args: { excludeOwnerKinds: ['Job'], includingInitContainers: true, minPodLifetimeSeconds: 3600 } },
            { name: 'PodLifeTime', args: { maxPodLifeTimeSeconds: 86400, states: ['Succeeded'] } },
          ],
          plugins: {
            balance: { enabled: ['RemovePodsViolatingTopologySpreadConstraint'] },
            deschedule: {
              enabled: ['RemovePodsViolatingInterPodAntiAffinity', 'RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingNodeTaints', 'RemoveFailedPods', 'PodLifeTime'],
            },
          },
        },
      ],
    },
  };
}

/** PVC read access for the descheduler's service account (it checks volumes before evicting; the chart's role lacks it). */
export function addDeschedulerRbac(scope: Construct): void {
  const name = 'descheduler-pvc-reader';
  new KubeClusterRole(scope, name, { metadata: { name }, rules: [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] }] });
  new KubeClusterRoleBinding(scope, `${name}-binding`, {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
  });
}
