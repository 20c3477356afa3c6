import { describe, expect, it } from 'vitest';
import { outputLabels } from '../../lib/observability/promql.js';

describe('outputLabels', () => {
  it('reads the labels an aggregation keeps', () => {
    expect(outputLabels('sum by (volume, pvc_namespace) (x) > 0.9')).toEqual(['volume', 'pvc_namespace']);
    expect(outputLabels('max by (pod) (a) / on (pod) max by (pod) (b) > 3')).toEqual(['pod']);
    expect(outputLabels('histogram_quantile(0.99, sum by (le, route) (rate(x_bucket[5m]))) > 1')).toEqual(['route']);
    expect(outputLabels('absent(up{job="x"} == 1)')).toEqual([]);
    expect(outputLabels('sum(x) > 1')).toEqual([]);
    expect(outputLabels('(sum by (a) (x) > 1) and on (a) sum by (a, b) (y) > 0')).toEqual(['a']);
  });
  it('is open when the input series decide', () => {
    expect(outputLabels('up == 0')).toBeUndefined();
    expect(outputLabels('sum without (pod) (x) > 1')).toBeUndefined();
  });
});

describe('outputLabels with scalar arithmetic', () => {
  it('keeps the vector side of vector-scalar operations', () => {
    expect(outputLabels('x{a="b"} - time() < 14 * 86400')).toBeUndefined();
    expect(outputLabels('sum by (pool) (x) / sum by (pool) (y) > (0.8)')).toEqual(['pool']);
    expect(outputLabels('time() - max by (namespace) (x) > 48 * 3600')).toEqual(['namespace']);
  });
});
