import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

// Reachability facts of particular apps, read from the netpol evaluator's report over the synthesized
// policies (the checks that hold for every app, derived from the declarations, are in declared.test.ts).
// HBONE (tcp/15008 between ambient namespaces) is the mesh baseline, not an app declaration, so it is left out.
const clean = (m: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.filter((p) => p !== 'tcp/15008')]).filter(([, v]) => v.length));

const DNS = { 'kube-system': ['tcp/53', 'udp/53'] };
const PG = { database: ['tcp/5432'] };
const DF = { cache: ['tcp/6379'] };

describe('paperless on dev reaches its grants without the live-only ollama egress', () => {
  it('egress', () => {
    const dev = JSON.parse(synthHomelab().files.get('reports/dev/connectivity.json')!).reach as Record<string, Record<string, string[]>>;
    expect(clean(dev.paperless!)).toEqual({ paperless: ['any'], ...DNS, ...PG, ...DF, world: ['tcp/993'] });
  });
});
