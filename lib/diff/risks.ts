import type { ClusterDiff, FieldChange, ObjectRef, ReportsDiff, RiskFlag, StackDiff } from './model.js';
import { refId } from './model.js';
import { terraformBlocks } from './terraform.js';
import type { OutputTree } from './tree.js';

/** Kinds whose deletion loses data or everything inside them (`group/Kind`, core group as `core`). */
export const STATEFUL_KINDS: ReadonlySet<string> = new Set([
  'core/Namespace',
  'core/PersistentVolumeClaim',
  'core/PersistentVolume',
  'postgresql.cnpg.io/Cluster',
  'postgresql.cnpg.io/Database',
  'garage.rajsingh.info/GarageBucket',
  'garage.rajsingh.info/GarageCluster',
  'dragonflydb.io/Dragonfly',
  'longhorn.io/Volume',
]);

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
/** Kubernetes kinds that upgrade Talos nodes (`group/Kind`). */
const TALOS_UPGRADE_KINDS = new Set(['tuppr.home-operations.com/TalosUpgrade']);

function kindKey(ref: Pick<ObjectRef, 'group' | 'kind'>): string {
  return `${ref.group || 'core'}/${ref.kind}`;
}

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Major version of a chart version or semver range (its lower bound), with 0.x counting the minor
 * (`0.4.1` → "0.4", `>=1.2.0` → "1", `2.x` → "2"); undefined when there is no number (`latest`).
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

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The fields of a (Flux or TF) object that hold a chart version. */
const CHART_VERSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'helm.toolkit.fluxcd.io/HelmRelease': ['spec.chart.spec.version'],
  'source.toolkit.fluxcd.io/HelmChart': ['spec.version'],
  'source.toolkit.fluxcd.io/OCIRepository': ['spec.ref.tag'],
};

function mentionsInstallerImage(c: FieldChange): boolean {
  return (typeof c.old === 'string' && INSTALLER_IMAGE.test(c.old)) || (typeof c.new === 'string' && INSTALLER_IMAGE.test(c.new));
}

/**
 * The risks a reviewer must see before anything else: stateful objects deleted (or renamed), immutable
 * fields changed, reachability widened, Talos nodes reconfigured or upgraded, chart major bumps,
 * prevent_destroy resources removed. Sorted by kind, then place.
 */
export function computeRisks(base: OutputTree, clusters: readonly ClusterDiff[], stacks: readonly StackDiff[], reports: readonly ReportsDiff[]): RiskFlag[] {
  const risks: RiskFlag[] = [];
  for (const c of clusters) {
    for (const ref of c.removed) {
      if (!STATEFUL_KINDS.has(kindKey(ref))) continue;
      const renamed = c.added.filter((a) => kindKey(a) === kindKey(ref) && a.namespace === ref.namespace);
      const rename = renamed.length > 0 ? ` (renamed to ${renamed.map((r) => r.name).join(', ')}? a rename is a delete and a create)` : '';
      risks.push({
        kind: 'stateful-deletion',
        where: `cluster ${c.cluster}: ${refId(ref)}`,
        message: `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} is deleted${rename}; its data goes with it`,
      });
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
      for (const field of CHART_VERSION_FIELDS[key] ?? []) {
        const f = change.changes.find((x) => x.path === field && x.op === 'changed');
        if (f && isMajorBump(f.old, f.new)) risks.push({ kind: 'chart-major-bump', where, message: `chart major version ${short(f.old)} → ${short(f.new)} (${field})` });
      }
      const installer = TALOS_UPGRADE_KINDS.has(key) ? change.changes : change.changes.filter(mentionsInstallerImage);
      if (installer.length > 0) {
        risks.push({ kind: 'talos-reconfiguration', where, message: `Talos upgrade or installer image changed at ${installer.map((i) => i.path).join(', ')}: nodes will be upgraded` });
      }
    }
  }

  for (const s of stacks) {
    const old = terraformBlocks(base.stacks.get(s.stack) ?? {});
    for (const address of s.removed) {
      const body = old.get(address)?.body as { lifecycle?: { prevent_destroy?: unknown } } | undefined;
      if (body?.lifecycle?.prevent_destroy === true) {
        const type = address.slice(0, address.lastIndexOf('.') + 1);
        const renamed = s.added.filter((a) => a.startsWith(type) && a.lastIndexOf('.') === type.length - 1);
        const rename = renamed.length > 0 ? ` (renamed to ${renamed.join(', ')}? without a moved block that is a destroy and a create)` : '';
        risks.push({
          kind: 'prevent-destroy',
          where: `stack ${s.stack}: ${address}`,
          message: `${address} has prevent_destroy and is removed${rename}: the plan will fail, or (with the guard lifted) destroy it`,
        });
      }
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
      if (reach.added.length === 0) continue;
      risks.push({ kind: 'widened-reachability', where: `cluster ${r.cluster}: ${reach.from} → ${reach.to}`, message: `${reach.from} can now reach ${reach.to} on ${reach.added.join(', ')}` });
    }
  }

  const order: RiskFlag['kind'][] = ['stateful-deletion', 'prevent-destroy', 'immutable-field', 'talos-reconfiguration', 'widened-reachability', 'chart-major-bump'];
  return risks.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}
