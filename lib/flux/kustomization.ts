import { Construct } from 'constructs';
import {
  Kustomization as KustomizationL1,
  KustomizationSpecSourceRefKind,
  type KustomizationSpecHealthCheckExprs,
  type KustomizationSpecHealthChecks,
} from '../generated/crds/kustomize.toolkit.fluxcd.io.js';
import { FLUX_NAMESPACE } from './defaults.js';
import type { ClusterSync } from './sync.js';

/** An object a Kustomization waits for (apiVersion/kind/name/namespace). */
export type HealthCheck = KustomizationSpecHealthChecks;
/** A CEL readiness rule for a custom kind without standard conditions. */
export type HealthCheckExpr = KustomizationSpecHealthCheckExprs;

export interface FluxKustomizationProps {
  readonly name: string;
  readonly sync: ClusterSync;
  /** Unit folder relative to the cluster root (`''` = root). */
  readonly unitPath: string;
  readonly interval: string;
  readonly prune: boolean;
  /** Names of Kustomizations (in flux-system) that must be ready first; written sorted. */
  readonly dependsOn?: readonly string[];
  readonly healthChecks?: readonly HealthCheck[];
  readonly healthCheckExprs?: readonly HealthCheckExpr[];
  readonly wait?: boolean;
  readonly timeout?: string;
  /** Recreate objects whose immutable fields changed (e.g. a Job's template). */
  readonly force?: boolean;
}

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) in flux-system that applies one unit folder. */
export class FluxKustomization extends Construct {
  readonly name: string;
  readonly path: string;

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    this.name = props.name;
    this.path = props.sync.pathOf(props.unitPath);
    const deps = [...new Set(props.dependsOn ?? [])].sort();
    const kind = props.sync.sourceKind === 'GitRepository' ? KustomizationSpecSourceRefKind.GIT_REPOSITORY : KustomizationSpecSourceRefKind.OCI_REPOSITORY;
    new KustomizationL1(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: {
        ...(deps.length ? { dependsOn: deps.map((name) => ({ name })) } : {}),
        interval: props.interval,
        path: this.path,
        prune: props.prune,
        sourceRef: { kind, name: props.sync.sourceRef.name },
        ...(props.healthChecks?.length ? { healthChecks: [...props.healthChecks] } : {}),
        ...(props.healthCheckExprs?.length ? { healthCheckExprs: [...props.healthCheckExprs] } : {}),
        ...(props.wait !== undefined ? { wait: props.wait } : {}),
        ...(props.timeout ? { timeout: props.timeout } : {}),
        ...(props.force ? { force: true } : {}),
      },
    });
  }
}
