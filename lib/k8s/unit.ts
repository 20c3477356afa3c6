import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';

export interface UnitProps {
  /**
   * Folder of this unit relative to the cluster's root folder (`''` is the root itself, e.g.
   * `platform/cilium`). Every object of the unit is written there, one file each, plus a
   * `kustomization.yaml` listing them, so one Flux Kustomization can apply the folder.
   */
  readonly path: string;
}

/**
 * A folder of the synthesized cluster tree: a cdk8s Chart whose objects land in one directory.
 *
 * Units never stamp a namespace onto their objects (cdk8s would stamp it onto cluster-scoped kinds too):
 * every namespaced object names its namespace itself, and the writer rejects one that does not.
 */
export class Unit extends Chart {
  static isUnit(x: unknown): x is Unit {
    return x instanceof Unit;
  }

  readonly path: string;
  private readonly dependencies = new Set<Unit>();

  constructor(scope: Construct, id: string, props: UnitProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (props.path.startsWith('/') || props.path.endsWith('/') || props.path.split('/').includes('..')) {
      throw new Error(`${this.node.path}: unit path must be relative without leading/trailing "/" or "..": "${props.path}"`);
    }
    this.path = props.path;
  }

  /**
   * Declares that this unit may only be applied after `units` are ready. Dependencies are object
   * references, never names, so a typo cannot compile; the Flux layer turns them into `dependsOn`.
   */
  dependOn(...units: Unit[]): void {
    for (const u of units) {
      if (u === this) throw new Error(`${this.node.path}: a unit cannot depend on itself`);
      this.dependencies.add(u);
    }
  }

  /** Units this one was declared to depend on (explicitly; the Flux layer adds derived ones). */
  get unitDependencies(): readonly Unit[] {
    return [...this.dependencies];
  }
}
