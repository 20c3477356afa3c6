import type { KubeObject } from '../core/manifest.js';
import { apiGroup } from '../core/manifest.js';

/** A reference from one object to another object that must exist before it can work. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  /** Set for namespaced targets. */
  readonly namespace?: string;
  /** The referencing field, named in errors. */
  readonly field: string;
}

/** Key of an object for reference resolution (kind, namespace, name; the API group is implied by the kind). */
export function refKey(kind: string, name: string, namespace?: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

type Spec = Record<string, unknown> | undefined;

const SPEC_REFERENCES = new Set([
  'helm.toolkit.fluxcd.io/HelmRelease',
  'kustomize.toolkit.fluxcd.io/Kustomization',
  'external-secrets.io/ExternalSecret',
  'cert-manager.io/Certificate',
  'notification.toolkit.fluxcd.io/Alert',
  '/PersistentVolumeClaim',
]);

/** Whether `referencesOf` reads the spec of this kind (so callers can skip rendering the others). */
export function hasSpecReferences(apiVersion: string, kind: string): boolean {
  return SPEC_REFERENCES.has(`${apiGroup(apiVersion)}/${kind}`);
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The objects `obj` needs to exist (before Flux applies it or before it can become ready): its Namespace,
 * a Flux target namespace, the (Cluster)SecretStore of an ExternalSecret, the (Cluster)Issuer of a
 * cert-manager Certificate, the Provider of a Flux Alert, the StorageClass of a PersistentVolumeClaim. The Flux layer turns each into a unit dependency.
 */
export function referencesOf(obj: KubeObject): ObjectRef[] {
  const refs: ObjectRef[] = [];
  const ns = obj.metadata.namespace;
  if (ns) refs.push({ kind: 'Namespace', name: ns, field: 'metadata.namespace' });
  const spec = obj.spec as Spec;
  const group = apiGroup(obj.apiVersion);
  if (!spec) return refs;

  if ((group === 'helm.toolkit.fluxcd.io' || group === 'kustomize.toolkit.fluxcd.io') && str(spec.targetNamespace)) {
    refs.push({ kind: 'Namespace', name: str(spec.targetNamespace)!, field: 'spec.targetNamespace' });
  }
  if (group === 'external-secrets.io' && obj.kind === 'ExternalSecret') {
    const store = spec.secretStoreRef as Spec;
    const name = str(store?.name);
    const kind = str(store?.kind) ?? 'SecretStore';
    if (name) refs.push({ kind, name, ...(kind === 'SecretStore' ? { namespace: ns } : {}), field: 'spec.secretStoreRef' });
  }
  if (group === 'cert-manager.io' && obj.kind === 'Certificate') {
    const issuer = spec.issuerRef as Spec;
    const name = str(issuer?.name);
    const kind = str(issuer?.kind) ?? 'Issuer';
    if (name) refs.push({ kind, name, ...(kind === 'Issuer' ? { namespace: ns } : {}), field: 'spec.issuerRef' });
  }
  if (group === '' && obj.kind === 'PersistentVolumeClaim' && str(spec.storageClassName)) {
    refs.push({ kind: 'StorageClass', name: str(spec.storageClassName)!, field: 'spec.storageClassName' });
  }
  if (group === 'notification.toolkit.fluxcd.io' && obj.kind === 'Alert') {
    const name = str((spec.providerRef as Spec)?.name);
    if (name) refs.push({ kind: 'Provider', name, namespace: ns, field: 'spec.providerRef' });
  }
  return refs;
}
