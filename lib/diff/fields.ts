import type { FieldChange } from './model.js';
import { REDACTED, redactText } from './shapes.js';

export { REDACTED };

/** One step of a path: a mapping key, a list index, or a list item matched by its key field. */
export type Segment = string | number | { readonly key: string; readonly value: string | number };

/** Decides whether the value at a path must never be shown. */
export type SensitivePredicate = (path: readonly Segment[]) => boolean;


/**
 * Fields that name the items of a list, tried in this order. A list is matched by the first field that
 * every item of both sides carries, uniquely per side (containers, env, volumes by `name`; Secret/ConfigMap
 * items by `key`; container ports by `containerPort`; mounts by `mountPath`).
 */
export const ITEM_KEYS = ['name', 'key', 'id', 'containerPort', 'mountPath', 'devicePath'] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec.template.spec.containers[name=app].env[name=LOG].value`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string') out += PLAIN_KEY.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    else out += `[${s.key}=${s.value}]`;
  }
  return out;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function itemKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  if (a.length + b.length === 0) return undefined;
  for (const k of ITEM_KEYS) {
    const ok = [a, b].every((list) => {
      const seen = new Set<unknown>();
      for (const item of list) {
        if (!isRecord(item)) return false;
        const v = item[k];
        if (typeof v !== 'string' && typeof v !== 'number') return false;
        if (seen.has(v)) return false;
        seen.add(v);
      }
      return true;
    });
    if (ok) return k;
  }
  return undefined;
}

/**
 * A copy of `value` (found at `path`) with every sensitive part replaced by REDACTED: paths the predicate
 * marks, the `value` of a `{name, value}` item (env, helm `set`) whose name the predicate marks as a key, and
 * every secret-shaped part of any string (`redactText`). Mapping keys stay visible (a reviewer sees which
 * Secret keys changed, never their values).
 */
export function redactValue(value: unknown, path: readonly Segment[], sensitive: SensitivePredicate): unknown {
  if (sensitive(path)) {
    if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, REDACTED]));
    return value === null || typeof value === 'boolean' ? value : REDACTED;
  }
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, [...path, i], sensitive));
  if (isRecord(value)) {
    // A `{name: X, value: …}` item is looked at as if `value` sat under the key X.
    const named = typeof value.name === 'string' ? value.name : undefined;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, named !== undefined && (k === 'value' || k === 'values') && sensitive([...path, named]) ? REDACTED : redactValue(value[k], [...path, k], sensitive)]),
    );
  }
  return typeof value === 'string' ? redactText(value) : value;
}

const NEVER: SensitivePredicate = () => false;

/**
 * Field-level differences between two JSON values, in a stable order (mapping keys sorted, list items in
 * the new list's order). Lists of named items are matched by name/key, not by index; lists of scalars
 * report the items added and removed (`path[]`). Sensitive values are redacted (the change is still
 * reported, so "password changed" shows, its value does not).
 */
export function diffValues(oldValue: unknown, newValue: unknown, options: { sensitive?: SensitivePredicate; base?: readonly Segment[] } = {}): FieldChange[] {
  const sensitive = options.sensitive ?? NEVER;
  const out: FieldChange[] = [];
  const show = (v: unknown, path: readonly Segment[]): unknown => redactValue(v, path, sensitive);
  const added = (path: Segment[], v: unknown): void => {
    out.push({ path: formatPath(path), op: 'added', new: show(v, path) });
  };
  const removed = (path: Segment[], v: unknown): void => {
    out.push({ path: formatPath(path), op: 'removed', old: show(v, path) });
  };

  const walk = (a: unknown, b: unknown, path: Segment[]): void => {
    if (deepEqual(a, b)) return;
    if (isRecord(a) && isRecord(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        if (!(k in a)) added([...path, k], b[k]);
        else if (!(k in b)) removed([...path, k], a[k]);
        else walk(a[k], b[k], [...path, k]);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.every(isScalar) && b.every(isScalar)) {
        const remaining = [...b];
        const gone: unknown[] = [];
        for (const v of a) {
          const i = remaining.findIndex((x) => x === v);
          if (i === -1) gone.push(v);
          else remaining.splice(i, 1);
        }
        if (gone.length === 0 && remaining.length === 0) {
          out.push({ path: formatPath(path), op: 'changed', old: show(a, path), new: show(b, path) });
          return;
        }
        const listPath = [...path];
        const label = `${formatPath(listPath)}[]`;
        for (const v of gone) out.push({ path: label, op: 'removed', old: show(v, [...path, 0]) });
        for (const v of remaining) out.push({ path: label, op: 'added', new: show(v, [...path, 0]) });
        return;
      }
      const key = itemKey(a, b);
      if (key) {
        const byKey = (list: unknown[]) => new Map(list.map((item) => [(item as Record<string, string | number>)[key]!, item]));
        const ma = byKey(a);
        const mb = byKey(b);
        for (const [k, item] of ma) if (!mb.has(k)) removed([...path, { key, value: k }], item);
        for (const [k, item] of mb) {
          const seg: Segment = { key, value: k };
          if (!ma.has(k)) added([...path, seg], item);
          else walk(ma.get(k), item, [...path, seg]);
        }
        // Same items, other order: list order matters to Kubernetes (e.g. initContainers), so say so.
        const orderA = [...ma.keys()].filter((k) => mb.has(k));
        const orderB = [...mb.keys()].filter((k) => ma.has(k));
        if (orderA.some((k, i) => k !== orderB[i])) {
          out.push({ path: `${formatPath(path)}[*]`, op: 'changed', old: `order ${orderA.join(', ')}`, new: `order ${orderB.join(', ')}` });
        }
        return;
      }
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i >= a.length) added([...path, i], b[i]);
        else if (i >= b.length) removed([...path, i], a[i]);
        else walk(a[i], b[i], [...path, i]);
      }
      return;
    }
    out.push({ path: formatPath(path), op: 'changed', old: show(a, path), new: show(b, path) });
  };
  walk(oldValue as Json, newValue as Json, [...(options.base ?? [])]);
  return out;
}
