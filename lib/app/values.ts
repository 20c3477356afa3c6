/** Chart values as plain JSON objects. */
export type Values = Record<string, unknown>;

/** Deep merge for values: objects merge key by key, anything else from `over` replaces. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? mergeValues(b, v) : v;
  }
  return out;
}

export function isPlain(x: unknown): x is Values {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
