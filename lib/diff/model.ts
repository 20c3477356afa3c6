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
}

export interface ClusterDiff {
  readonly cluster: string;
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ObjectChange[];
  /** Same object, other file: informational, not a change. */
  readonly moved: readonly ObjectMove[];
}

export interface BlockChange {
  /** Terraform address: `aws_s3_bucket.x`, `data.aws_ssm_parameter.y`, `output.z`, `provider.aws`, `terraform`. */
  readonly address: string;
  readonly changes: readonly FieldChange[];
}

export interface StackDiff {
  readonly stack: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly BlockChange[];
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

export interface ReportsDiff {
  readonly cluster: string;
  readonly reach: readonly ReachChange[];
  readonly units: readonly UnitChange[];
  readonly files: readonly FileDiff[];
}

export type RiskKind =
  | 'stateful-deletion'
  | 'prevent-destroy'
  | 'immutable-field'
  | 'widened-reachability'
  | 'talos-reconfiguration'
  | 'chart-major-bump';

export interface RiskFlag {
  readonly kind: RiskKind;
  /** `cluster dev: core/Namespace/cache`, `stack global: aws_s3_bucket.x`... */
  readonly where: string;
  readonly message: string;
}

export interface DiffReport {
  readonly version: 1;
  readonly risks: readonly RiskFlag[];
  readonly clusters: readonly ClusterDiff[];
  readonly stacks: readonly StackDiff[];
  readonly reports: readonly ReportsDiff[];
  /** Files outside the known layout (neither objects, stacks nor reports), diffed by line. */
  readonly otherFiles: readonly FileDiff[];
}

/** Whether the two trees differ in anything that matters (a moved file does not). */
export function hasChanges(report: DiffReport): boolean {
  return (
    report.clusters.some((c) => c.added.length + c.removed.length + c.changed.length > 0) ||
    report.stacks.some((s) => s.added.length + s.removed.length + s.changed.length > 0) ||
    report.reports.some((r) => r.reach.length + r.units.length + r.files.length > 0) ||
    report.otherFiles.length > 0
  );
}

/** `core/Namespace/cache`, `apps/Deployment/monitoring/grafana`. */
export function refId(ref: Pick<ObjectRef, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${ref.group || 'core'}/${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
