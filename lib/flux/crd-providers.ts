import { isCrdKind } from '../core/kinds.js';
import { apiGroup } from '../core/manifest.js';

/**
 * Which Flux unit makes a custom kind usable, per API group: a unit name (the release that installs the
 * CRD or its controller), `null` for kinds present before Flux runs (Flux's own CRDs from the bootstrap,
 * Gateway API from Talos extraManifests), or a per-kind map (with an optional `'*'` fallback) when kinds
 * of one group come from different places.
 */
export type CrdProviderTable = {
  readonly [group: string]: string | null | { readonly [kind: string]: string | null };
};

export type ProviderLookup =
  | { readonly found: true; readonly unit: string | null }
  | { readonly found: false; readonly group: string };

/** The unit providing `apiVersion`/`kind`; core (non-CRD) kinds need none. */
export function crdProvider(table: CrdProviderTable, apiVersion: string, kind: string): ProviderLookup {
  if (!isCrdKind(apiVersion, kind)) return { found: true, unit: null };
  const group = apiGroup(apiVersion);
  const entry = table[group];
  if (entry === undefined) return { found: false, group };
  if (entry === null || typeof entry === 'string') return { found: true, unit: entry };
  if (kind in entry) return { found: true, unit: entry[kind]! };
  if ('*' in entry) return { found: true, unit: entry['*']! };
  return { found: false, group };
}
