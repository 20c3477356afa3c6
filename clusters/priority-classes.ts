import type { Construct } from 'constructs';
import { KubePriorityClass } from 'cdk8s-plus-28/lib/imports/k8s.js';

/**
 * Our PriorityClasses (platform.md §6): never named `system-*` (reserved); exactly one global default,
 * `application`, so a workload that forgets to choose ranks below the platform.
 */
export const priorityClasses = [
  { name: 'infrastructure-critical', value: 1_000_000, globalDefault: false, description: 'Storage, snapshot and networking controllers the cluster cannot run without.' },
  { name: 'platform', value: 900_000, globalDefault: false, description: 'Platform services (monitoring, certificates, secrets, data services).' },
  { name: 'application', value: 800_000, globalDefault: true, description: 'Applications; the default for every pod that sets no priority class.' },
] as const;

export function addPriorityClasses(scope: Construct): void {
  for (const pc of priorityClasses) {
    new KubePriorityClass(scope, pc.name, {
      metadata: { name: pc.name },
      value: pc.value,
      globalDefault: pc.globalDefault,
      preemptionPolicy: 'PreemptLowerPriority',
      description: pc.description,
    });
  }
}
