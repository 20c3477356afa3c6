import { Lazy } from 'cdk8s';

/**
 * A value computed at synth, typed as the value itself so it fits generated CRD props (cdk8s resolves
 * `Lazy` inside `spec` before the binding's own JSON conversion; not inside `metadata`).
 */
export function lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as unknown as T;
}
