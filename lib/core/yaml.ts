import { Document, isMap, isScalar, type Scalar } from 'yaml';

/** Keys that lead their mapping (in this order); all other keys follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? LEADING_KEYS.length : ia) - (ib === -1 ? LEADING_KEYS.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with mapping keys in a stable order and `undefined` members dropped. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/**
 * Readable, deterministic YAML: block style, stable key order, no line wrapping, multi-line strings as
 * literal block scalars, strings that YAML 1.1 tools would misread ("on", "yes", "0755") quoted.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(sortKeys(value), { version: '1.1' });
  // Multi-line strings as `|` blocks (trailing spaces force quoting, which keeps them lossless).
  const visit = (node: unknown): void => {
    if (isMap(node)) for (const pair of node.items) visit(pair.value);
    else if (node && typeof node === 'object' && 'items' in node) for (const item of (node as { items: unknown[] }).items) visit(item);
    else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n') && !/[ \t]\n/.test(node.value)) {
      (node as Scalar).type = 'BLOCK_LITERAL';
    }
  };
  visit(doc.contents);
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}
