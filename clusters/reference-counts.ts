// What the reference system runs, counted (flux-clusters.md §7): the inventory report compares each cluster
// with these, and the notes say why the figures differ by design.
import type { KubeObject } from '../lib/core/manifest.js';
import type { CountAdjustment, KindReference, ReferenceCounts } from '../lib/k8s/inventory-report.js';
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

const inAppUnit = (o: KubeObject) => !['monitoring', 'istio-gateway', 'garage', 'kube-system', 'longhorn-system', 'kromgo', 'oauth2-proxy'].includes(o.metadata.namespace ?? '');

/** Causes shared by every cluster (the figures per cluster follow). */
const helmRepositories = (perRelease: number): KindReference => ({
  kind: 'HelmRepository',
  reference: perRelease,
  causes: [
    { ours: () => true, why: 'one HelmRepository per chart repository URL, shared by the releases installing from it (docs/architecture.md)' },
    { theirs: perRelease, why: 'one HelmRepository per release in the reference' },
  ],
});
const resourceSets = (n: number): KindReference => ({
  kind: 'ResourceSet',
  reference: n,
  causes: [{ theirs: n, why: 'no ResourceSets: their inputs are resolved at synth time into the objects they generated' }],
});
/** A Kustomization's folder under the cluster root (`platform/x`, `config/x`, `apps/x`, or a top-level folder). */
const ksPath = (o: KubeObject): string => String((o as { spec?: { path?: string } }).spec?.path ?? '').replace(/^\.\/clusters\/[^/]+\//, '');
const kustomizations = (n: number): KindReference => ({
  kind: 'Kustomization',
  reference: n,
  causes: [{ ours: (o) => o.metadata.name === 'helm-repositories', why: 'the shared chart repositories\' unit' }],
  remaining: 'one Kustomization per output folder, without the reference\'s ResourceSet-generated and wrapper Kustomizations; the fact sheets list no Kustomization names to match one by one',
});
/**
 * live, by what each Kustomization deploys (flux-clusters.md §2 gives what the reference's ResourceSets generate:
 * a wrapper per platform release (36) and per legacy app (39), 2 app KSes, 23 platform config and 6 live config KSes).
 * Release and app units match the wrappers one for one (77 each), so they are not a cause.
 */
const liveKustomizations: KindReference = {
  kind: 'Kustomization',
  reference: 113,
  causes: [
    { ours: (o) => ksPath(o).startsWith('config/'), why: 'config units (`config/*`)' },
    { theirs: 23, why: 'the reference\'s platform config Kustomizations (`platform-kustomizations`)' },
    { ours: (o) => /^apps\/[^/]+-namespace$/.test(ksPath(o)) || /^apps\/[^/]+\/[^/]+-namespace$/.test(ksPath(o)), why: 'group namespace units (ai, authelia, media)' },
    { theirs: 6, why: 'the reference\'s live `cluster-config-kustomizations` (the groups\' `-prereqs` and `-config`)' },
    { ours: (o) => ksPath(o) === 'platform/namespaces' || !ksPath(o).includes('/'), why: 'the namespaces unit and the three top-level Kustomizations (`platform`, `config`, `apps`)' },
    { ours: (o) => o.metadata.name === 'helm-repositories', why: 'the shared chart repositories\' unit' },
  ],
  remaining: 'the reference\'s Kustomizations outside its ResourceSets (113 less the 106 they generate: top-level and bootstrap ones the fact sheets do not name)',
};
const gpuReleases = (kind: 'HelmRelease', n: number): KindReference => ({
  kind,
  reference: n,
  causes: [{ theirs: 2, why: 'nvidia-device-plugin and dcgm-exporter only where a node has a GPU (live)' }],
});

export const REFERENCE_COUNTS: Readonly<Record<ClusterName, ReferenceCounts>> = {
  dev: {
    objects: 375, namespaces: 23, helmReleases: 37, source: SOURCE, adjustments: ADJUSTMENTS,
    kinds: [kustomizations(67), gpuReleases('HelmRelease', 37), helmRepositories(37), { kind: 'Namespace', reference: 22 }, resourceSets(4), { kind: 'Silence', reference: 2 }],
  },
  integration: {
    objects: 350, namespaces: 22, helmReleases: 36, source: SOURCE, adjustments: ADJUSTMENTS,
    kinds: [kustomizations(64), gpuReleases('HelmRelease', 36), helmRepositories(36), { kind: 'Namespace', reference: 21 }, resourceSets(4), { kind: 'Silence', reference: 1 }],
  },
  live: {
    objects: 690, namespaces: 43, helmReleases: 77, source: SOURCE, adjustments: ADJUSTMENTS,
    // flux-clusters.md §7 (largest kinds), platform.md §2-3 (policies), observability.md §1 (rules, canaries, monitors).
    kinds: [
      liveKustomizations,
      {
        kind: 'Secret',
        reference: 86,
        causes: [{ ours: (o) => /^cnpg-.+-database-superuser$/.test(o.metadata.name), why: 'superuser Secrets of the app-owned CNPG clusters (the fact sheets name a generated superuser Secret for the shared cluster only)' }],
        remaining: 'the fact sheets give the total only; every Secret of ours is read by a release (test/app/real-system.test.ts)',
      },
      { kind: 'HelmRelease', reference: 77, causes: [{ theirs: 1, why: 'booter runs as a plain Deployment and Service (apps/booter), not an app-template release' }] },
      helmRepositories(77),
      {
        kind: 'CiliumNetworkPolicy',
        reference: 45,
        causes: [{ ours: (o) => o.metadata.name === 'same-namespace', why: 'a `same-namespace` policy per namespace instead of the cluster-wide `baseline-intra-namespace` rule (platform.md §2e)' }],
        remaining: 'app policies: one `<app>-app` policy per app with its extra traffic, where the reference split some apps\' extras into several named policies',
      },
      { kind: 'CiliumClusterwideNetworkPolicy', reference: 15, causes: [{ theirs: 1, why: '`baseline-intra-namespace`, replaced by the per-namespace `same-namespace` policies' }] },
      { kind: 'Namespace', reference: 42 },
      resourceSets(6),
      {
        kind: 'PrometheusRule',
        reference: 30,
        causes: [{ ours: (o) => o.metadata.name.endsWith('-slo'), why: 'per-app SLO rules (#12), one beside each routed app (`dist/reports/<cluster>/slos.md`)' }],
        remaining: 'component rules are grouped per platform component by lib/observability (alerts.md), not per reference file',
      },
      {
        kind: 'Canary',
        reference: 22,
        causes: [
          { ours: (o) => inAppUnit(o) && o.metadata.name.startsWith('http-check-'), why: 'app canaries: one for every routed app' },
          { theirs: 11, why: 'the reference\'s 11 live app canaries' },
        ],
      },
      { kind: 'ServiceMonitor', reference: 1, causes: [{ ours: (o) => o.metadata.namespace !== 'monitoring', why: 'app scrapes emitted as objects beside the app, where the reference\'s charts rendered them (Helm-rendered objects are not counted)' }] },
      { kind: 'PodMonitor', reference: 6 },
      { kind: 'ScrapeConfig', reference: 3 },
      { kind: 'AlertmanagerConfig', reference: 1 },
      { kind: 'Silence', reference: 1 },
    ],
    otherKinds: [
      { ours: (o) => o.metadata.namespace === 'booter' && ['Deployment', 'Service'].includes(o.kind), why: 'booter\'s Deployment and Service (the other side of HelmRelease −1)' },
      { ours: (o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'immich-cache', why: 'immich\'s machine-learning model cache as a claim of its own (the reference\'s chart rendered it)' },
    ],
  },
};

/** Structural differences that move the counts (docs/fidelity.md has the full list). */
export const INVENTORY_NOTES: readonly string[] = [
  'No wrapper Kustomizations: a unit depends on a release\'s own unit, one Kustomization per release folder instead of a stub per release.',
  'No `cluster-vars`/`platform-versions`/`cluster-values` ConfigMaps and no per-release values ConfigMap keys: values are inline in each HelmRelease.',
  'Not ported, with reasons: docs/fidelity.md.',
];
