// The report's matrix is computed row by row (for speed at scale); it must say exactly what the pairwise
// evaluator says for every pair of the real homelab.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/core/manifest.js';
import { connectivityMatrix, Endpoints, PolicyModel, PortSet, REPORT_ENTITIES, type Endpoint } from '../../lib/netpol/reachability.js';
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
