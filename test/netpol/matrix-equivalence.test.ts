// The report's matrix is computed row by row (for speed at scale); it must say exactly what the pairwise
// evaluator says for every pair of the real homelab.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/core/manifest.js';
import { connectivityMatrix, connectivityTable, Endpoints, PolicyModel, PortSet, REPORT_ENTITIES, type ConnectivityTable, type Endpoint } from '../../lib/netpol/reachability.js';
import { renderConnectivityJson } from '../../lib/netpol/report.js';
import { synthHomelab } from '../helpers.js';

describe('connectivity matrix', () => {
  for (const cluster of ['dev', 'live']) {
    it(`${cluster}: every entry equals the pairwise evaluator's union over the groups' workloads`, () => {
      const objects = synthHomelab().clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as KubeObject);
      const matrix = connectivityMatrix(objects);
      const model = new PolicyModel(objects);
      const pods = model.representativePods();
      const groups = new Map<string, Endpoint[]>();
      for (const ns of model.namespaces) groups.set(ns, pods.filter((p) => p.kind === 'pod' && p.namespace === ns));
      for (const e of REPORT_ENTITIES) groups.set(e, [Endpoints.entity(e)]);
      let pairs = 0;
      for (const [from, a] of groups) {
        for (const [to, b] of groups) {
          if ((REPORT_ENTITIES as readonly string[]).includes(from) && (REPORT_ENTITIES as readonly string[]).includes(to)) continue;
          let set = PortSet.EMPTY;
          for (const x of a) for (const y of b) set = set.union(model.allowedPorts(x, y));
          expect(matrix[from]?.[to] ?? [], `${from} → ${to}`).toEqual(set.isEmpty ? [] : set.toStrings());
          pairs++;
        }
      }
      expect(pairs).toBeGreaterThan(400);
    });
  }
});

describe('connectivity.json', () => {
  // The report writes its JSON directly from the table (a million pairs at 1000 apps); it must be exactly what
  // JSON.stringify prints for the nested object, key order included.
  const stringified = (cluster: string, { names, ports }: ConnectivityTable): string => {
    const reach: Record<string, Record<string, string[]>> = {};
    names.forEach((from, f) =>
      names.forEach((to, t) => {
        const p = ports[f * names.length + t];
        if (p) (reach[from] ??= {})[to] = [...p].sort();
      }),
    );
    return `${JSON.stringify({ version: 1, cluster, reach }, null, 2)}\n`;
  };

  it('is JSON.stringify of the nested matrix, for the homelab', () => {
    const live = synthHomelab().clusters.find((c) => c.name === 'live')!.objects.map((o) => o.object as KubeObject);
    const table = connectivityTable(live);
    expect(renderConnectivityJson('live', table)).toBe(stringified('live', table));
  });

  it('is JSON.stringify of the nested matrix, for numeric-looking and quoted names, unsorted ports, no pairs', () => {
    const names = ['0', '10', '2', 'a"b', 'host', 'x', 'z'];
    const ports: Array<string[] | undefined> = names.flatMap((_, f) => names.map((__, t) => ((f + t) % 3 === 0 ? ['udp/53', 'tcp/443', 'any'].slice(0, 1 + ((f * t) % 3)).reverse() : undefined)));
    expect(renderConnectivityJson('c', { names, ports })).toBe(stringified('c', { names, ports }));
    expect(renderConnectivityJson('c', { names: [], ports: [] })).toBe(stringified('c', { names: [], ports: [] }));
  });
});
