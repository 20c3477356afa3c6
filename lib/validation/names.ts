import type { ValidationIssue } from './issue.js';

// Kubernetes' naming rules (k8s.io/apimachinery/pkg/util/validation and apimachinery's ValidateObjectMeta),
// applied to every object as the API server does on create.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** metav1 TotalAnnotationSizeLimitB. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export function dnsLabelProblem(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (got ${s.length})`;
  return DNS1123_LABEL.test(s) ? undefined : 'must be a lowercase RFC 1123 label: a-z, 0-9 and "-", starting and ending with an alphanumeric character';
}

export function dnsSubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return `must be no more than 253 characters (got ${s.length})`;
  return DNS1123_SUBDOMAIN.test(s) ? undefined : 'must be a lowercase RFC 1123 subdomain: a-z, 0-9, "-" and ".", starting and ending with an alphanumeric character';
}

function dns1035Problem(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (got ${s.length})`;
  return DNS1035_LABEL.test(s) ? undefined : 'must be an RFC 1035 label: a-z, 0-9 and "-", starting with a letter and ending with an alphanumeric character';
}

/** Path-segment names (RBAC): anything but "/", "%", "." and "..". */
function pathSegmentProblem(s: string): string | undefined {
  if (s === '.' || s === '..') return `may not be "${s}"`;
  return /[/%]/.test(s) ? 'may not contain "/" or "%"' : undefined;
}

/** A label or annotation key: an optional DNS-subdomain prefix and "/", then a name of ≤ 63 characters. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name has at most one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]!];
  if (prefix !== undefined) {
    if (prefix === '') return 'the prefix before "/" must not be empty';
    const p = dnsSubdomainProblem(prefix);
    if (p) return `prefix "${prefix}" ${p}`;
  }
  if (!name) return 'the name part must not be empty';
  if (name.length > 63) return `the name part must be no more than 63 characters (got ${name.length})`;
  return QUALIFIED_NAME.test(name) ? undefined : 'the name part must consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters (got ${value.length})`;
  return LABEL_VALUE.test(value) ? undefined : 'must be empty or consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';
}

/** The rule for `metadata.name` of a kind: most kinds take a DNS subdomain. */
function nameRule(apiVersion: string, kind: string): (s: string) => string | undefined {
  if (apiVersion === 'v1' && kind === 'Namespace') return dnsLabelProblem;
  if (apiVersion === 'v1' && kind === 'Service') return dns1035Problem;
  if (apiVersion.startsWith('rbac.authorization.k8s.io/')) return pathSegmentProblem;
  return dnsSubdomainProblem;
}

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Issues of an object's name, namespace, label keys and values and annotation keys (and total size). */
export function metadataIssues(obj: { apiVersion: string; kind: string; metadata?: unknown }, at: { object: string; file?: string }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const m = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown };
  const add = (path: string, message: string) => issues.push({ ...at, path, message });
  if (typeof m.name === 'string') {
    const p = nameRule(obj.apiVersion, obj.kind)(m.name);
    if (p) add('/metadata/name', `name "${m.name}" ${p}`);
  }
  if (typeof m.namespace === 'string') {
    const p = dnsLabelProblem(m.namespace);
    if (p) add('/metadata/namespace', `namespace "${m.namespace}" ${p}`);
  }
  if (m.labels && typeof m.labels === 'object') {
    for (const [k, v] of Object.entries(m.labels as Record<string, unknown>)) {
      const pk = qualifiedNameProblem(k);
      if (pk) add(`/metadata/labels/${escape(k)}`, `label key "${k}": ${pk}`);
      if (typeof v === 'string') {
        const pv = labelValueProblem(v);
        if (pv) add(`/metadata/labels/${escape(k)}`, `label value "${v.length > 80 ? `${v.slice(0, 80)}…` : v}" ${pv}`);
      }
    }
  }
  if (m.annotations && typeof m.annotations === 'object') {
    let size = 0;
    for (const [k, v] of Object.entries(m.annotations as Record<string, unknown>)) {
      const pk = qualifiedNameProblem(k.toLowerCase());
      if (pk) add(`/metadata/annotations/${escape(k)}`, `annotation key "${k}": ${pk}`);
      size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (size > ANNOTATIONS_MAX_BYTES) add('/metadata/annotations', `annotations total ${size} bytes, more than the ${ANNOTATIONS_MAX_BYTES} the API server accepts`);
  }
  return issues;
}
