import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NAMESPACE } from '../../clusters/platform-namespaces.js';
import { homelabSite } from '../../site/index.js';
import { repoRoot } from '../helpers.js';
import { folderCycles, importGraph, relativeImports, sourceFiles, wrongDirection, type ImportEdge } from './imports.js';

/**
 * The layers, bottom to top, and what each may import (docs/architecture.md "Layers"). The library knows
 * no particular homelab; the site facts know only the library; the model derives the clusters and the
 * cross-side contract from the facts; the two compositions receive the model and never each other.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  lib: [],
  site: ['lib'],
  model: ['lib', 'site'],
  clusters: ['lib', 'model'],
  infra: ['lib', 'model'],
  apps: ['lib'],
  scripts: ['lib'],
  'homelab.ts': ['lib', 'site', 'model', 'clusters', 'infra'],
};

const edges = importGraph(repoRoot, sourceFiles(repoRoot, Object.keys(ALLOWED)));

describe('import direction', () => {
  it('reads the imports it checks (the graph is not empty, every layer is seen)', () => {
    const layers = new Set(edges.map((e) => e.from.split('/')[0]));
    for (const l of ['lib', 'site', 'model', 'clusters', 'infra', 'apps', 'homelab.ts']) expect(layers, l).toContain(l);
    expect(edges.length).toBeGreaterThan(300);
  });

  it('every import goes down the layers', () => {
    expect(wrongDirection(edges, ALLOWED)).toEqual([]);
  });

  it('no two folders import each other, directly or through others', () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it('catches an import going the wrong way and a cycle between folders', () => {
    const fake: ImportEdge[] = [
      ...relativeImports('lib/talos/machine-config.ts', "import { hosts } from '../../site/inventory.js';"),
      ...relativeImports('infra/global.ts', "import type { X } from '../clusters/flux.js';"),
      ...relativeImports('lib/inventory/report.ts', "export { installSpecOf } from '../talos/schematic.js';"),
      ...relativeImports('lib/talos/schematic.ts', "const m = await import('../inventory/schema.js');"),
    ];
    expect(wrongDirection(fake, ALLOWED)).toEqual([
      'lib/talos/machine-config.ts → site/inventory.ts: lib/ may import only itself',
      'infra/global.ts → clusters/flux.ts: infra/ may import only lib/, model/',
    ]);
    expect(folderCycles(fake)).toEqual([
      'lib/inventory → lib/talos → lib/inventory (lib/inventory/report.ts → lib/talos/schematic.ts; lib/talos/schematic.ts → lib/inventory/schema.ts)',
    ]);
  });
});

describe('the library knows no particular homelab', () => {
  const files = sourceFiles(repoRoot, ['lib']).filter((f) => !f.startsWith('lib/generated/'));
  const { accounts, network, clusterNetworks } = homelabSite;
  // The facts, taken from the site itself, so a new cluster or domain is covered without editing this list.
  const exact = new Set<string>([...homelabSite.clusterNames, GATEWAY_NAMESPACE, accounts.aws.region, accounts.aws.stateBucket]);
  const contained = [
    '/homelab/',
    accounts.github.org,
    network.domains.internal,
    network.domains.external,
    ...Object.values(clusterNetworks).flatMap((n) => [n.internalDomain, n.externalDomain]),
  ];
  // A benchmark fixture app that, like an app file, names the one cluster it runs on.
  const exempt = new Set(['lib/cli/bench.ts']);

  it('no source file of lib/ states a homelab fact (cluster names, SSM prefix, state bucket, region, domains, gateway namespace)', () => {
    const found: string[] = [];
    for (const f of files) {
      if (exempt.has(f)) continue;
      const code = readFileSync(join(repoRoot, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g)) {
        const literal = m[1] ?? m[2] ?? m[3] ?? '';
        if (exact.has(literal) || contained.some((c) => literal.includes(c))) found.push(`${f}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('zod is configured before any schema is built', () => {
  // lib/core/zod.ts turns zod's JIT off, and zod reads that setting when a schema is constructed: a module that
  // imported 'zod' itself could build its schemas first, silently leaving the JIT on (slower synths).
  it("only lib/core/zod.ts imports 'zod'; every schema module imports z from it", () => {
    const files = sourceFiles(repoRoot, Object.keys(ALLOWED)).filter((f) => !f.startsWith('lib/generated/'));
    const direct = files.filter((f) => f !== 'lib/core/zod.ts' && /from\s+['"]zod(\/[^'"]*)?['"]/.test(readFileSync(join(repoRoot, f), 'utf8')));
    expect(direct).toEqual([]);
    expect(files.filter((f) => /from\s+['"][./]+(lib\/)?core\/zod\.js['"]/.test(readFileSync(join(repoRoot, f), 'utf8'))).length).toBeGreaterThan(3);
  });
});
