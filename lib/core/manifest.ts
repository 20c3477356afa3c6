import { isClusterScoped } from './kinds.js';

/** A Kubernetes object as it is written to disk. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

/** API group of an apiVersion (`""` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Identity of an object inside a cluster: group, kind, namespace, name (version-independent). */
export function objectId(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return `${apiGroup(obj.apiVersion) || 'core'}/${obj.kind}/${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}

/**
 * File name of an object: `<kind>_<namespace>_<name>.yaml`, or `<kind>_<name>.yaml` when cluster-scoped.
 * `_` never occurs in Kubernetes names, so the parts cannot run into each other.
 */
export function fileNameFor(obj: KubeObject): string {
  const kind = obj.kind.toLowerCase();
  const ns = isClusterScoped(obj.apiVersion, obj.kind) ? undefined : obj.metadata.namespace;
  return `${kind}${ns ? `_${ns}` : ''}_${obj.metadata.name}.yaml`;
}
