import type { Unit } from '../k8s/unit.js';
import type { HealthCheck, HealthCheckExpr } from './kustomization.js';

/**
 * How the Flux Kustomization generated for a unit behaves, when it differs from the defaults of its group
 * (config/apps: 3m, prune; releases: 10m, prune, health-checked HelmRelease). Set by the construct that
 * owns the unit (e.g. a platform release) before the Flux wiring runs.
 */
export interface FluxUnitOptions {
  readonly interval?: string;
  readonly prune?: boolean;
  readonly wait?: boolean;
  readonly timeout?: string;
  /** Recreate objects whose immutable fields changed (Jobs). */
  readonly force?: boolean;
  /** Objects the Kustomization waits for, so units that depend on this one wait for them too. */
  readonly healthChecks?: readonly HealthCheck[];
  readonly healthCheckExprs?: readonly HealthCheckExpr[];
}

const options = new WeakMap<Unit, FluxUnitOptions>();

/** Sets (merging over earlier calls) the Flux options of `unit`. */
export function configureFluxUnit(unit: Unit, opts: FluxUnitOptions): void {
  const prev = options.get(unit) ?? {};
  options.set(unit, {
    ...prev,
    ...opts,
    healthChecks: [...(prev.healthChecks ?? []), ...(opts.healthChecks ?? [])],
    healthCheckExprs: [...(prev.healthCheckExprs ?? []), ...(opts.healthCheckExprs ?? [])],
  });
}

export function fluxUnitOptions(unit: Unit): FluxUnitOptions {
  return options.get(unit) ?? {};
}
