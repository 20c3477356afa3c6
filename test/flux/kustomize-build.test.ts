import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homelabDist, kustomize, synthHomelab } from '../helpers.js';

const builder = kustomize(); // throws when CI=true and kubectl is missing
const dist = homelabDist();

// Where each source's paths are rooted: the git repository (dist/ lives at dist/), or the OCI artifact,
// whose root is the content of dist/kubernetes (shared contract 2).
const SOURCE_ROOT: Record<string, string> = { GitRepository: dirname(dist), OCIRepository: join(dist, 'kubernetes') };

describe.runIf(builder)('every Flux path builds with kustomize', () => {
  it('builds each folder a Flux Kustomization points at, yielding exactly that folder\'s objects', async () => {
    const out = synthHomelab();
    const targets: Array<{ cluster: string; name: string; folder: string; expected: number }> = [];
    for (const c of out.clusters) {
      // the root folder the bootstrap Kustomization syncs, then every unit folder
      const rootKind = c.objects.find((o) => o.object.kind === 'Kustomization')!.object as unknown as { spec: { sourceRef: { kind: string } } };
      const rootFolder = join(SOURCE_ROOT[rootKind.spec.sourceRef.kind]!, c.name === 'dev' ? 'dist/kubernetes/clusters/dev' : `clusters/${c.name}`);
      targets.push({ cluster: c.name, name: '(root)', folder: rootFolder, expected: c.objects.filter((o) => !o.file.includes('/')).length });
      for (const o of c.objects) {
        if (o.object.kind !== 'Kustomization') continue;
        const spec = (o.object as unknown as { spec: { path: string; sourceRef: { kind: string } } }).spec;
        const folder = join(SOURCE_ROOT[spec.sourceRef.kind]!, spec.path);
        const rel = spec.path.replace(/^\.\/(dist\/kubernetes\/)?clusters\/[^/]+\/?/, '');
        targets.push({ cluster: c.name, name: o.object.metadata.name, folder, expected: c.objects.filter((x) => x.file.slice(0, x.file.lastIndexOf('/')) === rel).length });
      }
    }
    expect(targets.length).toBeGreaterThan(120);
    // Built through the shared cached builder: a folder the validation tests built is not built again.
    const builds = await Promise.all(targets.map((t) => (existsSync(t.folder) ? builder!.build(t.folder) : undefined)));
    const failures = targets.flatMap((t, i) => {
      const build = builds[i];
      if (!build) return [`${t.cluster}/${t.name}: path ${t.folder} does not exist`];
      if (!build.ok) return [`${t.cluster}/${t.name}: ${build.error}`];
      return build.objects.length === t.expected ? [] : [`${t.cluster}/${t.name}: built ${build.objects.length} objects, expected ${t.expected}`];
    });
    expect(failures).toEqual([]);
  });
});
