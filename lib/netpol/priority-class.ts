import { SynthError } from '../core/errors.js';

/**
 * Custom PriorityClass names must not start with `system-` (reserved for Kubernetes' built-ins; the API
 * server rejects them). Referencing the built-in `system-cluster-critical`/`system-node-critical` from a
 * pod is fine; declaring one is not (platform.md §7.11).
 */
export function assertPriorityClassName(name: string, where = 'PriorityClass'): void {
  if (name.startsWith('system-')) {
    throw new SynthError(where, `custom PriorityClass "${name}" must not start with "system-" (reserved for Kubernetes built-ins)`, 'metadata.name');
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 253) {
    throw new SynthError(where, `PriorityClass name "${name}" is not a valid DNS label`, 'metadata.name');
  }
}
