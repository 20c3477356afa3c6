import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { synthesize, writeDist } from '../../lib/cli/synth.js';
import { buildHomelab } from '../../homelab.js';
import { ROOT } from './helpers.js';

const run = promisify(execFile);

async function kubectlAvailable(): Promise<boolean> {
  try {
    await run('kubectl', ['version', '--client'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const hasKubectl = await kubectlAvailable();
if (!hasKubectl && process.env.CI === 'true') throw new Error('kubectl is required in CI for the kustomize build test');

const dir = mkdtempSync(join(tmpdir(), 'homelab-flux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Where each source's paths are rooted: the git repository (dist/ lives at dist/), or the OCI artifact,
// whose root is the content of dist/kubernetes (shared contract 2).
const SOURCE_ROOT: Record<string, string> = { GitRepository: dir, OCIRepository: join(dir, 'dist', 'kubernetes') };

describe.runIf(hasKubectl)('every Flux path builds with kustomize', () => {
  it('builds each folder a Flux Kustomization points at, yielding exactly that folder\'s objects', async () => {
    const out = synthesize(buildHomelab({ root: ROOT }));
    writeDist(join(dir, 'dist'), out);
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
    const failures: string[] = [];
    const queue = [...targets];
    const worker = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        if (!existsSync(t.folder)) {
          failures.push(`${t.cluster}/${t.name}: path ${t.folder} does not exist`);
          continue;
        }
        try {
          const { stdout } = await run('kubectl', ['kustomize', t.folder], { maxBuffer: 64 * 1024 * 1024 });
          const docs = parseAllDocuments(stdout).filter((d) => d.contents !== null);
          if (docs.length !== t.expected) failures.push(`${t.cluster}/${t.name}: built ${docs.length} objects, expected ${t.expected}`);
        } catch (e) {
          failures.push(`${t.cluster}/${t.name}: ${(e as Error).message}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(failures).toEqual([]);
  }, 240_000);
});
