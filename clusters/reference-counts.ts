// What the reference system runs, counted (flux-clusters.md §7): the inventory report compares each cluster
// with these, and the notes say why the figures differ by design.
import type { CountAdjustment, ReferenceCounts } from '../lib/k8s/inventory-report.js';
import type { ClusterName } from '../model/index.js';

const SOURCE = 'Flux-applied documents at reference HEAD d4573c7b (flux-clusters.md §7), Helm-rendered objects excluded';

/** Where the output writes one object per namespace or app for what the reference wrote once. */
const ADJUSTMENTS: readonly CountAdjustment[] = [
  {
    what: 'same-namespace CiliumNetworkPolicies',
    matches: (o) => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'same-namespace',
    referenceObjects: 1,
    why: 'one namespaced policy per namespace where the reference had one cluster-wide rule (which let every pod reach every pod)',
  },
  {
    what: 'per-app SLO PrometheusRules',
    matches: (o) => o.kind === 'PrometheusRule' && o.metadata.name.endsWith('-slo'),
    referenceObjects: 1,
    why: "each routed app's SLO rules live beside it (`dist/reports/<cluster>/slos.md`) where the reference kept the gateway SLO rules of its nine SLO apps in one object",
  },
];

export const REFERENCE_COUNTS: Readonly<Record<ClusterName, ReferenceCounts>> = {
  dev: { objects: 375, namespaces: 23, helmReleases: 37, source: SOURCE, adjustments: ADJUSTMENTS },
  integration: { objects: 350, namespaces: 22, helmReleases: 36, source: SOURCE, adjustments: ADJUSTMENTS },
  live: { objects: 690, namespaces: 43, helmReleases: 77, source: SOURCE, adjustments: ADJUSTMENTS },
};

/** Structural differences that move the counts (docs/fidelity.md has the full list). */
export const INVENTORY_NOTES: readonly string[] = [
  'No ResourceSets (−4 to −6): values are resolved at synth time, so the reference\'s templates become the objects they generated.',
  'No wrapper Kustomizations: a unit depends on a release\'s own unit, one Kustomization per release folder instead of a stub per release.',
  'No `cluster-vars`/`platform-versions`/`cluster-values` ConfigMaps and no per-release values ConfigMap keys: values are inline in each HelmRelease.',
  'Not ported, with reasons: docs/fidelity.md.',
];
