import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatIssue, validateObjects } from '../../lib/validation/index.js';
import { freshSynth } from './helpers.js';

describe('every object of a fresh homelab synth', () => {
  it('validates against its strict schema, as rendered in memory', () => {
    const out = freshSynth();
    const objects = out.clusters.flatMap((c) => c.objects.map((o) => ({ object: o.object, file: `${c.name}/${o.file}` })));
    expect(objects.length).toBeGreaterThan(0);
    for (const c of out.clusters) expect(c.objects.length, `cluster ${c.name} has objects`).toBeGreaterThan(0);
    expect(validateObjects(objects).map(formatIssue)).toEqual([]);
  });

  it('validates as written to disk (the YAML files, parsed back)', () => {
    const out = freshSynth();
    const files = [...out.files].filter(([path]) => path.startsWith('kubernetes/') && !path.endsWith('/kustomization.yaml'));
    expect(files.length).toBe(out.clusters.reduce((n, c) => n + c.objects.length, 0));
    const issues = validateObjects(files.map(([file, text]) => ({ object: parse(text) as unknown, file })));
    expect(issues.map(formatIssue)).toEqual([]);
  });
});
