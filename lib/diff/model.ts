/**
 * The semantic diff of two synthesized output trees (dist/): what changed, object by object, resource by
 * resource and in the meaning of the generated reports, plus the risk flags a reviewer must see first.
 * Every value in it is already redacted (no Secret data, no sensitive Terraform attribute).
 */

/** One field-level change, at a path such as `spec.template.spec.containers[name=app].image`. */
export interface FieldChange {
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed';
  /** Previous value (absent when added). */
  readonly old?: unknown;
  /** New value (absent when removed). */
  readonly new?: unknown;
}

/** Identity of a Kubernetes object inside a cluster, plus where it was found. */
export interface ObjectRef {
  readonly cluster: string;
  /** API group (`""` for core). */
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly apiVersion: string;
  /** File relative to the cluster folder. */
  readonly file: string;
}

export interface ObjectChange {
  readonly ref: ObjectRef;
  readonly changes: readonly FieldChange[];
}

export interface ObjectMove {
  readonly ref: ObjectRef;
  readonly from: string;
  readonly to: string;
  /**
   * The file moved to another folder, i.e. another Flux unit (every folder is applied by its own
   * Kustomization): the old unit may prune the object before the new one applies it. A change.
   */
  readonly betweenUnits: boolean;
}

export interface ClusterDiff {
  readonly cluster: string;
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ObjectChange[];
  /** Same object, other file (`betweenUnits`: another Flux unit, which is a change). */
  readonly moved: readonly ObjectMove[];
}

export interface BlockChange {
  /** Terraform address: `aws_s3_bucket.x`, `data.aws_ssm_parameter.y`, `output.z`, `provider.aws`, `terraform`. */
  readonly address: string;
  readonly changes: readonly FieldChange[];
}

/** A resource whose changes force Terraform to destroy and create it again. */
export interface Replacement {
  readonly address: string;
  /** The attribute paths that force it (`bucket`, `length`). */
  readonly because: readonly string[];
}

/** What `tofu plan` would count for the managed resources of a stack (data sources, outputs… excluded). */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
}

export interface StackDiff {
  readonly stack: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly BlockChange[];
  /** Changed resources that are replaced (a subset of `changed`), from the curated replacement table. */
  readonly replaced: readonly Replacement[];
  readonly plan: PlanSummary;
}

/** Reachability between two endpoints (namespaces or world / kube-apiserver / host) that changed. */
export interface ReachChange {
  readonly from: string;
  readonly to: string;
  /** Ports now allowed that were not (`tcp/443`, `any`...). */
  readonly added: readonly string[];
  /** Ports no longer allowed. */
  readonly removed: readonly string[];
}

/** A Flux unit (Kustomization) whose existence, path or dependencies changed. */
export interface UnitChange {
  readonly unit: string;
  readonly op: 'added' | 'removed' | 'changed';
  readonly oldPath?: string;
  readonly newPath?: string;
  readonly dependsOnAdded: readonly string[];
  readonly dependsOnRemoved: readonly string[];
}

export interface LineChange {
  readonly op: '+' | '-';
  readonly line: string;
}

/** A report without a JSON twin, or some other file, diffed line by line. */
export interface FileDiff {
  readonly file: string;
  readonly op: 'added' | 'removed' | 'changed';
  readonly lines: readonly LineChange[];
  /** The file may hold secret material, so its lines are not shown (only that it changed). */
  readonly redacted?: boolean;
}

/** An endpoint (namespace) that no longer appears in the connectivity report at all: one entry, not one per peer. */
export interface RemovedEndpoint {
  readonly endpoint: string;
  /** Reachability pairs (either direction) that went with it. */
  readonly pairs: number;
  readonly peers: readonly string[];
}

export interface ReportsDiff {
  readonly cluster: string;
  /** Pairs whose ports changed, except those of removed endpoints. */
  readonly reach: readonly ReachChange[];
  readonly removedEndpoints: readonly RemovedEndpoint[];
  readonly units: readonly UnitChange[];
  readonly files: readonly FileDiff[];
}

export type RiskKind =
  | 'stateful-deletion'
  | 'prevent-destroy'
  | 'terraform-destroy'
  | 'terraform-replace'
  | 'helm-uninstall'
  | 'unit-move'
  | 'immutable-field'
  | 'talos-reconfiguration'
  | 'talos-upgrade'
  | 'kubernetes-upgrade'
  | 'widened-reachability'
  | 'narrowed-reachability'
  | 'chart-major-bump'
  | 'image-major-bump'
  | 'untested-on-integration';

export interface RiskFlag {
  readonly kind: RiskKind;
  /** `cluster dev: core/Namespace/cache`, `stack global: aws_s3_bucket.x`... */
  readonly where: string;
  readonly message: string;
}

export interface DiffReport {
  readonly version: 2;
  /** Every cluster of the two trees, in the order sections are shown (production first: see DiffOptions). */
  readonly clusterOrder: readonly string[];
  readonly risks: readonly RiskFlag[];
  readonly clusters: readonly ClusterDiff[];
  readonly stacks: readonly StackDiff[];
  readonly reports: readonly ReportsDiff[];
  /** Files outside the known layout (neither objects, stacks nor reports), diffed by line. */
  readonly otherFiles: readonly FileDiff[];
}

/** Promotion roles of the clusters, for the "changes only live" check and the order of sections. */
export interface DiffOptions {
  /** The cluster that validates builds before live gets them (SPEC §3.5). */
  readonly validatingCluster?: string;
  /** The production cluster. */
  readonly liveCluster?: string;
  /** Cluster sections in this order (others after, by name); default: live, validating, the rest. */
  readonly clusterOrder?: readonly string[];
}

/** The order cluster sections are shown in: production first, so a truncated comment drops dev first. */
export function clusterRank(options: DiffOptions): (cluster: string) => number {
  const order = options.clusterOrder ?? [options.liveCluster, options.validatingCluster].filter((c): c is string => !!c);
  return (cluster) => {
    const i = order.indexOf(cluster);
    return i === -1 ? order.length : i;
  };
}

/** Sorts cluster names by `clusterRank`, then by name. */
export function sortClusters(names: Iterable<string>, options: DiffOptions): string[] {
  const rank = clusterRank(options);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The Flux unit (folder relative to the cluster root) a file belongs to; `.` for the root. */
export function unitOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}

/** Whether a cluster diff changes anything (a file moved inside its unit does not). */
export function clusterChanged(c: ClusterDiff): boolean {
  return c.added.length + c.removed.length + c.changed.length > 0 || c.moved.some((m) => m.betweenUnits);
}

/** Whether the two trees differ in anything that matters (a file moved inside its unit does not). */
export function hasChanges(report: DiffReport): boolean {
  return (
    report.clusters.some(clusterChanged) ||
    report.stacks.some((s) => s.added.length + s.removed.length + s.changed.length > 0) ||
    report.reports.some((r) => r.reach.length + r.removedEndpoints.length + r.units.length + r.files.length > 0) ||
    report.otherFiles.length > 0
  );
}

/** `core/Namespace/cache`, `apps/Deployment/monitoring/grafana`. */
export function refId(ref: Pick<ObjectRef, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${ref.group || 'core'}/${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
