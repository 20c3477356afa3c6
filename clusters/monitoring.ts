// Platform config owned by no single release: the CNPG webhook CA hand-off to cert-manager (cnpg-pki). Reference: platform.md §4–§6.
import { KubeSecret } from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Unit } from '../lib/k8s/unit.js';

/**
 * The CloudNativePG operator generates its webhook CA in `cnpg-system/cnpg-ca-secret`; the cloudnative-pg
 * release's post-renderer asks cert-manager to inject it into the validating webhook, which cert-manager
 * only does for a Secret that opts in. Flux adds just that annotation (server-side merge, never pruned), so
 * the operator keeps owning the Secret's content.
 */
export function addCnpgPki(unit: Unit): void {
  new KubeSecret(unit, 'cnpg-ca', {
    metadata: {
      name: 'cnpg-ca-secret',
      namespace: 'cnpg-system',
      annotations: {
        'cert-manager.io/allow-direct-injection': 'true',
        'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      },
    },
  });
}
