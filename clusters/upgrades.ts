import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubernetesUpgradeSpec, KubernetesUpgradeSpecHealthChecks, TalosUpgradeSpec } from '../lib/generated/crds/tuppr.home-operations.com.js';
import type { Versions } from '../lib/versions/versions.js';

const API_VERSION = 'tuppr.home-operations.com/v1alpha1';

/** Maintenance windows (platform.md §6): Talos Saturday 02:00, Kubernetes Sunday 02:00, 4h, US Eastern. */
export const maintenanceWindows = {
  talos: { start: '0 2 * * 6', duration: '4h', timezone: 'America/New_York' },
  kubernetes: { start: '0 2 * * 0', duration: '4h', timezone: 'America/New_York' },
} as const;

/**
 * What must be healthy before and between node upgrades: every node Ready, attached Longhorn volumes
 * healthy, the platform Postgres, Garage and Dragonfly data services serving.
 */
export const upgradeHealthChecks: readonly KubernetesUpgradeSpecHealthChecks[] = [
  { apiVersion: 'v1', kind: 'Node', expr: 'status.conditions.exists(c, c.type == "Ready" && c.status == "True")', timeout: '10m', description: 'every node Ready' },
  { apiVersion: 'longhorn.io/v1beta2', kind: 'Volume', namespace: 'longhorn-system', expr: 'status.state != "attached" || status.robustness == "healthy"', timeout: '30m', description: 'attached Longhorn volumes fully replicated' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', namespace: 'database', name: 'platform', expr: 'status.phase == "Cluster in healthy state"', timeout: '15m', description: 'platform Postgres healthy' },
  { apiVersion: 'garage.rajsingh.info/v1beta2', kind: 'GarageCluster', namespace: 'garage', name: 'garage', expr: 'status.phase == "Ready" || status.phase == "Running"', timeout: '15m', description: 'Garage serving' },
  { apiVersion: 'dragonflydb.io/v1alpha1', kind: 'Dragonfly', namespace: 'cache', name: 'dragonfly', expr: 'status.phase == "ready"', timeout: '10m', description: 'Dragonfly ready' },
];

/**
 * Tuppr's TalosUpgrade `talos` and KubernetesUpgrade `kubernetes` (cluster-scoped), versions from
 * versions.env: a Renovate bump of talos_version/kubernetes_version rolls the nodes in the next window.
 */
export function addUpgrades(scope: Construct, versions: Versions): void {
  // Plain ApiObjects typed by the generated interfaces (the tuppr binding adds ~80 kB to the synth bundle).
  const talos = {
    talos: { version: versions.get('talos_version') },
    policy: { rebootMode: 'default', timeout: '60m' },
    maintenance: { windows: [{ ...maintenanceWindows.talos }] },
    healthChecks: upgradeHealthChecks.map((h) => ({ ...h })),
  } satisfies Omit<TalosUpgradeSpec, 'policy'> & { policy: { rebootMode: 'default' | 'powercycle'; timeout: string } };
  new ApiObject(scope, 'talos', { apiVersion: API_VERSION, kind: 'TalosUpgrade', metadata: { name: 'talos' }, spec: talos });
  // kubernetes_version is kept without the "v" (Renovate extracts it); Kubernetes tags carry it.
  const kubernetes: KubernetesUpgradeSpec = {
    kubernetes: { version: `v${versions.get('kubernetes_version')}` },
    maintenance: { windows: [{ ...maintenanceWindows.kubernetes }] },
    healthChecks: upgradeHealthChecks.map((h) => ({ ...h })),
  };
  new ApiObject(scope, 'kubernetes', { apiVersion: API_VERSION, kind: 'KubernetesUpgrade', metadata: { name: 'kubernetes' }, spec: kubernetes });
}
