// Strict schema validation of emitted Kubernetes objects and kustomize builds of output folders.
export { describeObject, formatIssue, issueToSynthError, type ValidationIssue } from './issue.js';
export { SchemaValidator, SCHEMAS_DIR, defaultSchemaDir, defaultValidator, validateObject, validateObjects } from './schema-validator.js';
export { findKubectl, identity, kustomizeBuild, kustomizeIssues, type KustomizeBuild, type KustomizeFolder } from './kustomize.js';
export { checkKustomizeFolders, kustomizeCacheDir, KustomizeBuilder, kustomizeCacheKey, kubectlIdentity, type CachedKustomizeBuild } from './kustomize-builder.js';
export { scanOutputTree, validateOutputTree, type OutputObject, type OutputReport, type OutputScan } from './dist.js';
