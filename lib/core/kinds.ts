import { CRD_KINDS } from '../generated/crds/crd-kinds.js';

/** Built-in kinds that are cluster-scoped (everything else built in is namespaced). */
const CLUSTER_SCOPED_CORE = new Set([
  'v1/Namespace',
  'v1/Node',
  'v1/PersistentVolume',
  'scheduling.k8s.io/v1/PriorityClass',
  'storage.k8s.io/v1/StorageClass',
  'storage.k8s.io/v1/CSIDriver',
  'storage.k8s.io/v1/VolumeAttachment',
  'node.k8s.io/v1/RuntimeClass',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
  'apiregistration.k8s.io/v1/APIService',
  'certificates.k8s.io/v1/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration',
  'networking.k8s.io/v1/IngressClass',
]);

/** `group/version/Kind` (core group: `v1/Kind`). */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Whether objects of this apiVersion/kind live outside namespaces. */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  const key = gvkKey(apiVersion, kind);
  return CLUSTER_SCOPED_CORE.has(key) || CRD_KINDS[key] === 'Cluster';
}

/** Whether the kind comes from one of our CRDs (vs. a built-in Kubernetes kind). */
export function isCrdKind(apiVersion: string, kind: string): boolean {
  return gvkKey(apiVersion, kind) in CRD_KINDS;
}
