import type { CrdProviderTable } from '../lib/flux/crd-providers.js';

/**
 * Which Flux unit makes each custom kind usable in our clusters (the release that installs its CRD or
 * runs its controller). A unit containing such an object depends on that unit automatically.
 * `null`: present before Flux applies anything (Flux's CRDs come with the bootstrap; Gateway API CRDs with
 * Talos extraManifests — but a Gateway needs istiod, its controller).
 */
export const crdProviders: CrdProviderTable = {
  'canaries.flanksource.com': 'canary-checker',
  'cert-manager.io': 'cert-manager',
  'cilium.io': 'cilium',
  'dragonflydb.io': 'dragonfly-operator',
  'external-secrets.io': 'external-secrets',
  'extensions.istio.io': 'istio-base',
  'fluxcd.controlplane.io': null,
  'garage.rajsingh.info': 'garage-operator',
  'gateway.networking.k8s.io': { Gateway: 'istiod', '*': null },
  'helm.toolkit.fluxcd.io': null,
  'image.toolkit.fluxcd.io': null,
  'kustomize.toolkit.fluxcd.io': null,
  'longhorn.io': 'longhorn',
  'monitoring.coreos.com': 'kube-prometheus-stack-crds',
  'networking.istio.io': 'istio-base',
  'notification.toolkit.fluxcd.io': null,
  'observability.giantswarm.io': 'silence-operator',
  'postgresql.cnpg.io': 'cloudnative-pg',
  'security.istio.io': 'istio-base',
  'snapshot.storage.k8s.io': 'snapshot-controller',
  'source.toolkit.fluxcd.io': null,
  'tuppr.home-operations.com': 'tuppr',
  'velero.io': 'velero',
};
