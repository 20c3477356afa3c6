import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

// Which platform charts run on their chart defaults is a decision kept in docs/platform-charts.md: the table must
// name exactly the releases synthesized without values (none missing, none stale).
const DOC = 'docs/platform-charts.md';
const listed = [...readFileSync(join(import.meta.dirname, '..', '..', DOC), 'utf8').matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]!).filter((name) => name !== 'release').sort();

describe('platform charts on their defaults', () => {
  it(`are exactly the ones ${DOC} lists, each with its reason`, () => {
    const onDefaults = new Set<string>();
    for (const cluster of synthHomelab().clusters) {
      for (const { file, object } of cluster.objects) {
        const o = object as unknown as { kind: string; metadata: { name: string }; spec: { values?: Record<string, unknown> } };
        if (o.kind !== 'HelmRelease' || !file.startsWith('platform/')) continue;
        if (!o.spec.values || Object.keys(o.spec.values).length === 0) onDefaults.add(o.metadata.name);
      }
    }
    expect(listed).toEqual([...onDefaults].sort());
  });
});
