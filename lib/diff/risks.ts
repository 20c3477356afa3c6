import { REDACTED } from './fields.js';
import type { ClusterDiff, DiffOptions, FieldChange, ObjectRef, ReportsDiff, RiskFlag, StackDiff } from './model.js';
import { refId, sortClusters, unitOf } from './model.js';
import { terraformBlocks } from './terraform.js';
import type { OutputTree } from './tree.js';

/** Kinds whose deletion loses data or everything inside them (`group/Kind`, core group as `core`). */
export const STATEFUL_KINDS: ReadonlySet<string> = new Set([
  'core/Namespace',
  'core/PersistentVolumeClaim',
  'core/PersistentVolume',
  'core/Secret',
  'postgresql.cnpg.io/Cluster',
  'postgresql.cnpg.io/Database',
  'garage.rajsingh.info/GarageBucket',
  'garage.rajsingh.info/GarageCluster',
  'dragonflydb.io/Dragonfly',
  'longhorn.io/Volume',
]);

/** Why deleting each stateful kind hurts (the default: its data goes with it). */
const DELETION_CONSEQUENCE: Readonly<Record<string, string>> = {
  'core/Secret': 'its values go with it (a generated password or key is not regenerated the same; readers break)',
  'core/Namespace': 'every object in it, volumes included, goes with it',
};

/**
 * Fields the API server refuses to change in place (`group/Kind` → path prefixes): changing one makes Flux
 * fail the apply, or (with `force`) delete and recreate the object.
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'apps/Deployment': ['spec.selector'],
  'apps/ReplicaSet': ['spec.selector'],
  'apps/DaemonSet': ['spec.selector'],
  'apps/StatefulSet': ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  'batch/Job': ['spec.selector', 'spec.template', 'spec.completionMode'],
  'core/PersistentVolumeClaim': ['spec.storageClassName', 'spec.accessModes', 'spec.volumeName', 'spec.volumeMode', 'spec.selector', 'spec.dataSource', 'spec.dataSourceRef'],
  'core/PersistentVolume': ['spec.csi', 'spec.local', 'spec.nfs', 'spec.hostPath', 'spec.storageClassName'],
  'core/Service': ['spec.clusterIP', 'spec.clusterIPs'],
  'storage.k8s.io/StorageClass': ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'],
  'rbac.authorization.k8s.io/RoleBinding': ['roleRef'],
  'rbac.authorization.k8s.io/ClusterRoleBinding': ['roleRef'],
  'postgresql.cnpg.io/Cluster': ['spec.bootstrap'],
};

/** Terraform types whose change reconfigures or upgrades Talos nodes. */
export const TALOS_ADDRESSES: readonly RegExp[] = [
  /^talos_machine_configuration_apply\./,
  /^data\.talos_machine_configuration\./,
  /^talos_image_factory_schematic\./,
  /^data\.talos_image_factory_urls\./,
];

/** A Talos installer image reference (image factory or upstream). */
const INSTALLER_IMAGE = /factory\.talos\.dev\/[\w-]*installer|siderolabs\/installer/i;
/** A Terraform attribute that holds the installer image (`install_image`, `urls.installer`...). */
const INSTALLER_ATTRIBUTE = /installer|install[._]?image/i;

/**
 * tuppr upgrade kinds and the fields whose change upgrades nodes (tuppr CRDs: TalosUpgrade `spec.talos.version`,
 * KubernetesUpgrade `spec.kubernetes.version`). Anything else (labels, maintenance windows, health checks)
 * changes how an upgrade runs, not whether one runs.
 */
const UPGRADE_FIELDS: Readonly<Record<string, { kind: 'talos-upgrade' | 'kubernetes-upgrade'; paths: readonly string[]; what: string }>> = {
  'tuppr.home-operations.com/TalosUpgrade': { kind: 'talos-upgrade', paths: ['spec.talos.version'], what: 'Talos' },
  'tuppr.home-operations.com/KubernetesUpgrade': { kind: 'kubernetes-upgrade', paths: ['spec.kubernetes.version'], what: 'Kubernetes' },
};

const HELM_RELEASE = 'helm.toolkit.fluxcd.io/HelmRelease';
/** HelmRelease fields that decide the Helm release's identity: changing one uninstalls and reinstalls it. */
const HELM_IDENTITY = ['spec.releaseName', 'spec.targetNamespace', 'spec.storageNamespace'];

function kindKey(ref: Pick<ObjectRef, 'group' | 'kind'>): string {
  return `${ref.group || 'core'}/${ref.kind}`;
}

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Major version of a chart version, image tag or semver range (its lower bound), with 0.x counting the
 * minor (`0.4.1` → "0.4", `>=1.2.0` → "1", `v2.x` → "2", `1.2.3-alpine` → "1"); undefined when there is no
 * number (`latest`, a digest).
 */
export function majorOf(version: unknown): string | undefined {
  if (typeof version !== 'string') return undefined;
  const m = /^[\s>=<~^]*v?(\d+)(?:\.(\d+|x|\*))?/.exec(version.trim());
  if (!m) return undefined;
  return m[1] === '0' ? `0.${m[2] ?? '0'}` : m[1];
}

/** Whether going from `from` to `to` crosses a major version (0.x: a minor). */
export function isMajorBump(from: unknown, to: unknown): boolean {
  const a = majorOf(from);
  const b = majorOf(to);
  return a !== undefined && b !== undefined && a !== b;
}

/** `repo/name:tag@digest` → repository and tag (no tag: undefined). */
export function splitImage(image: string): { repository: string; tag?: string } {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? { repository: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) } : { repository: noDigest };
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The fields of a Flux object that hold a chart version. */
const CHART_VERSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  [HELM_RELEASE]: ['spec.chart.spec.version'],
  'source.toolkit.fluxcd.io/HelmChart': ['spec.version'],
  'source.toolkit.fluxcd.io/OCIRepository': ['spec.ref.tag'],
};

function mentionsInstallerImage(c: FieldChange): boolean {
  return (typeof c.old === 'string' && INSTALLER_IMAGE.test(c.old)) || (typeof c.new === 'string' && INSTALLER_IMAGE.test(c.new));
}

/**
 * Image major bumps among field changes: a container `image` (`repo:tag`, same repository, tag crossing a
 * major) or an image `tag` in chart values (`…image.tag`, `…image[…].tag`).
 */
export function imageMajorBumps(changes: readonly FieldChange[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (c.op !== 'changed' || typeof c.old !== 'string' || typeof c.new !== 'string' || c.old === REDACTED) continue;
    if (/(^|\.)image$|\]\.image$/.test(c.path) && !INSTALLER_IMAGE.test(c.new)) {
      const [a, b] = [splitImage(c.old), splitImage(c.new)];
      if (a.repository === b.repository && isMajorBump(a.tag, b.tag)) out.push(`${a.repository} ${a.tag} → ${b.tag} (${c.path})`);
    } else if (/(^|\.)image\.tag$|(^|\.)tag$/.test(c.path) && /image/i.test(c.path) && isMajorBump(c.old, c.new)) {
      out.push(`${c.old} → ${c.new} (${c.path})`);
    }
  }
  return out;
}

const ORDER: readonly RiskFlag['kind'][] = [
  'stateful-deletion',
  'prevent-destroy',
  'terraform-destroy',
  'terraform-replace',
  'helm-uninstall',
  'unit-move',
  'immutable-field',
  'talos-reconfiguration',
  'talos-upgrade',
  'kubernetes-upgrade',
  'widened-reachability',
  'narrowed-reachability',
  'chart-major-bump',
  'image-major-bump',
  'untested-on-integration',
];

/**
 * The risks a reviewer must see before anything else, sorted by kind (worst first), then place: stateful
 * objects and Secrets deleted (or renamed), Terraform resources destroyed or replaced, Helm releases
 * uninstalled, objects moving between Flux units, immutable fields, Talos/Kubernetes upgrades, reachability
 * widened or narrowed, chart and image major bumps, and changes that reach live without integration.
 */
export function computeRisks(
  base: OutputTree,
  diff: { clusters: readonly ClusterDiff[]; stacks: readonly StackDiff[]; reports: readonly ReportsDiff[]; present: ReadonlySet<string> },
  options: DiffOptions = {},
): RiskFlag[] {
  const { clusters, stacks, reports, present } = diff;
  const risks: RiskFlag[] = [];
  for (const c of clusters) {
    for (const ref of c.removed) {
      const key = kindKey(ref);
      const renamed = c.added.filter((a) => kindKey(a) === key && a.namespace === ref.namespace);
      const where = `cluster ${c.cluster}: ${refId(ref)}`;
      const name = `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
      if (STATEFUL_KINDS.has(key)) {
        const rename = renamed.length > 0 ? ` (renamed to ${renamed.map((r) => r.name).join(', ')}? a rename is a delete and a create)` : '';
        risks.push({ kind: 'stateful-deletion', where, message: `${ref.kind} ${name} is deleted${rename}; ${DELETION_CONSEQUENCE[key] ?? 'its data goes with it'}` });
      }
      if (key === HELM_RELEASE) {
        const rename = renamed.length > 0 ? `renamed to ${renamed.map((r) => r.name).join(', ')}: Helm uninstalls ${name} and installs the new release from scratch` : `Helm uninstalls ${name}`;
        risks.push({ kind: 'helm-uninstall', where, message: `HelmRelease ${rename}; what the chart created (volumes of its StatefulSets' claims aside) is deleted` });
      }
    }
    for (const change of c.changed) {
      const key = kindKey(change.ref);
      const where = `cluster ${c.cluster}: ${refId(change.ref)}`;
      const immutable = IMMUTABLE_FIELDS[key] ?? [];
      const hits = change.changes.filter((f) => immutable.some((p) => startsWithPath(f.path, p)));
      if (hits.length > 0) {
        const paths = [...new Set(hits.map((h) => h.path))];
        risks.push({ kind: 'immutable-field', where, message: `immutable field changed: ${paths.join(', ')} (the apply fails, or the object is recreated)` });
      }
      if (key === HELM_RELEASE) {
        const identity = change.changes.filter((f) => HELM_IDENTITY.includes(f.path));
        if (identity.length > 0) {
          risks.push({ kind: 'helm-uninstall', where, message: `${identity.map((f) => `${f.path} ${short(f.old ?? '(default)')} → ${short(f.new ?? '(default)')}`).join(', ')}: Helm uninstalls the old release and installs a new one` });
        }
      }
      for (const field of CHART_VERSION_FIELDS[key] ?? []) {
        const f = change.changes.find((x) => x.path === field && x.op === 'changed');
        if (f && isMajorBump(f.old, f.new)) risks.push({ kind: 'chart-major-bump', where, message: `chart major version ${short(f.old)} → ${short(f.new)} (${field})` });
      }
      const images = imageMajorBumps(change.changes);
      if (images.length > 0) risks.push({ kind: 'image-major-bump', where, message: `image major version: ${images.join('; ')}` });
      const upgrade = UPGRADE_FIELDS[key];
      if (upgrade) {
        const versions = change.changes.filter((f) => upgrade.paths.includes(f.path));
        if (versions.length > 0) {
          risks.push({ kind: upgrade.kind, where, message: `${upgrade.what} ${versions.map((v) => `${short(v.old ?? '(none)')} → ${short(v.new ?? '(none)')}`).join(', ')}: nodes will be upgraded` });
        }
      } else {
        const installer = change.changes.filter(mentionsInstallerImage);
        if (installer.length > 0) {
          risks.push({ kind: 'talos-reconfiguration', where, message: `Talos installer image changed at ${installer.map((i) => i.path).join(', ')}: nodes will be upgraded` });
        }
      }
    }
    for (const m of c.moved) {
      if (!m.betweenUnits) continue;
      risks.push({
        kind: 'unit-move',
        where: `cluster ${c.cluster}: ${refId(m.ref)}`,
        message: `${m.ref.kind} ${m.ref.namespace ? `${m.ref.namespace}/` : ''}${m.ref.name} moves from unit ${unitOf(m.from)} to ${unitOf(m.to)}: the old unit prunes (deletes) it if it reconciles before the new one adopts it${STATEFUL_KINDS.has(kindKey(m.ref)) ? ', with its data' : ''} — mark it kustomize.toolkit.fluxcd.io/prune: disabled for the move`,
      });
    }
  }

  for (const s of stacks) {
    const old = terraformBlocks(base.stacks.get(s.stack) ?? {});
    for (const address of s.removed) {
      const body = old.get(address)?.body as { lifecycle?: { prevent_destroy?: unknown } } | undefined;
      const type = address.slice(0, address.lastIndexOf('.') + 1);
      const renamed = s.added.filter((a) => a.startsWith(type) && a.lastIndexOf('.') === type.length - 1);
      if (body?.lifecycle?.prevent_destroy === true) {
        const rename = renamed.length > 0 ? ` (renamed to ${renamed.join(', ')}? without a moved block that is a destroy and a create)` : '';
        risks.push({ kind: 'prevent-destroy', where: `stack ${s.stack}: ${address}`, message: `${address} has prevent_destroy and is removed${rename}: the plan will fail, or (with the guard lifted) destroy it` });
      } else if (old.get(address)?.kind === 'resource') {
        const rename = renamed.length > 0 ? ` (renamed to ${renamed.join(', ')}? without a moved block that is a destroy and a create)` : '';
        risks.push({ kind: 'terraform-destroy', where: `stack ${s.stack}: ${address}`, message: `${address} is destroyed${rename}` });
      }
    }
    for (const r of s.replaced) {
      risks.push({ kind: 'terraform-replace', where: `stack ${s.stack}: ${r.address}`, message: `${r.address} is destroyed and created again: ${r.because.join(', ')} force${r.because.length === 1 ? 's' : ''} replacement` });
    }
    for (const b of s.changed) {
      const guard = b.changes.find((c) => c.path === 'lifecycle.prevent_destroy' || (c.path === 'lifecycle' && c.op === 'removed'));
      if (guard && guard.op !== 'added' && (guard.new === undefined || guard.new === false)) {
        risks.push({ kind: 'prevent-destroy', where: `stack ${s.stack}: ${b.address}`, message: `prevent_destroy is lifted from ${b.address}` });
      }
      const major = b.changes.find((c) => c.path === 'version' && /^helm_release\./.test(b.address) && isMajorBump(c.old, c.new));
      if (major) risks.push({ kind: 'chart-major-bump', where: `stack ${s.stack}: ${b.address}`, message: `chart major version ${short(major.old)} → ${short(major.new)}` });
    }
    const talos = [
      ...s.added.map((a) => [a, 'added'] as const),
      ...s.removed.map((a) => [a, 'removed'] as const),
      ...s.changed.map((c) => [c.address, 'changed'] as const),
    ].filter(([a]) => TALOS_ADDRESSES.some((re) => re.test(a)));
    for (const [address, op] of talos) {
      risks.push({ kind: 'talos-reconfiguration', where: `stack ${s.stack}: ${address}`, message: `Talos machine configuration or image ${op}: nodes will be reconfigured or upgraded` });
    }
    for (const b of s.changed) {
      if (TALOS_ADDRESSES.some((re) => re.test(b.address))) continue;
      const installer = b.changes.filter((c) => INSTALLER_ATTRIBUTE.test(c.path) || mentionsInstallerImage(c));
      if (installer.length > 0) {
        risks.push({ kind: 'talos-reconfiguration', where: `stack ${s.stack}: ${b.address}`, message: `Talos installer image changed at ${installer.map((i) => i.path).join(', ')}: nodes will be upgraded` });
      }
    }
  }

  for (const r of reports) {
    for (const reach of r.reach) {
      const where = `cluster ${r.cluster}: ${reach.from} → ${reach.to}`;
      if (reach.added.length > 0) risks.push({ kind: 'widened-reachability', where, message: `${reach.from} can now reach ${reach.to} on ${reach.added.join(', ')}` });
      if (reach.removed.length > 0) risks.push({ kind: 'narrowed-reachability', where, message: `${reach.from} can no longer reach ${reach.to} on ${reach.removed.join(', ')}` });
    }
    for (const gone of r.removedEndpoints) {
      risks.push({ kind: 'narrowed-reachability', where: `cluster ${r.cluster}: ${gone.endpoint}`, message: `${gone.endpoint} is gone: its ${gone.pairs} reachability pair(s) go with it` });
    }
  }

  // Live changes the validating cluster does not make cannot be validated there.
  const { liveCluster: live, validatingCluster: validating } = options;
  const hasCluster = (name: string | undefined): name is string => !!name && present.has(name);
  if (hasCluster(live) && hasCluster(validating)) {
    const touched = (cluster: string) => {
      const c = clusters.find((x) => x.cluster === cluster);
      const refs = c ? [...c.added, ...c.removed, ...c.changed.map((x) => x.ref), ...c.moved.filter((m) => m.betweenUnits).map((m) => m.ref)] : [];
      return new Set(refs.map((ref) => refId(ref)));
    };
    const validated = touched(validating);
    const untested = [...touched(live)].filter((id) => !validated.has(id)).sort();
    if (untested.length > 0) {
      risks.push({
        kind: 'untested-on-integration',
        where: `cluster ${live}`,
        message: `${untested.length} object(s) change on ${live} but not on ${validating}, so validation cannot exercise them: ${untested.slice(0, 10).join(', ')}${untested.length > 10 ? `, … ${untested.length - 10} more` : ''}`,
      });
    }
  }

  return collapseAcrossClusters(risks, options).sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}

/**
 * The same risk on several clusters (same kind, same place inside the cluster, same message) is one flag
 * naming them: `clusters live, integration, dev: core/Secret/app/x`.
 */
function collapseAcrossClusters(risks: readonly RiskFlag[], options: DiffOptions): RiskFlag[] {
  const groups = new Map<string, { risk: RiskFlag; place: string; clusters: string[] }>();
  const out: RiskFlag[] = [];
  for (const r of risks) {
    const m = /^cluster ([^:]+): (.*)$/.exec(r.where);
    if (!m) {
      out.push(r);
      continue;
    }
    const [, cluster, place] = m as unknown as [string, string, string];
    const key = `${r.kind}\u0000${place}\u0000${r.message}`;
    const g = groups.get(key);
    if (g) g.clusters.push(cluster);
    else groups.set(key, { risk: r, place, clusters: [cluster] });
  }
  for (const { risk, place, clusters } of groups.values()) {
    out.push(clusters.length === 1 ? risk : { ...risk, where: `clusters ${sortClusters(clusters, options).join(', ')}: ${place}` });
  }
  return out;
}
