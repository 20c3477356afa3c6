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

  constructor(scope: Construct, id: string, props: UnitProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (props.path.startsWith('/') || props.path.endsWith('/') || props.path.split('/').includes('..')) {
      throw new Error(`${this.node.path}: unit path must be relative without leading/trailing "/" or "..": "${props.path}"`);
    }
    this.path = props.path;
  }
}
