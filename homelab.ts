// The composition root: the whole homelab, built from the typed model. `npm run synth` renders it.
// Layers, bottom to top (test/architecture/layers.test.ts enforces them): lib/ → site/ (facts) → model/
// (cluster model and the cross-side contract) → clusters/ (Kubernetes) and infra/ (Terraform) side by side.
import { join } from 'node:path';
import type { HomelabDefinition } from './lib/cli/synth.js';
import { Versions } from './lib/versions/versions.js';
import { composeCluster } from './clusters/compose.js';
import type { DiscoveredApp } from './clusters/apps.js';
import { composeStacks } from './infra/stacks.js';
import { contractCheck } from './model/contract.js';
import { buildModel } from './model/index.js';
import { homelabSite } from './site/index.js';

export interface BuildOptions {
  /** Repository root (where versions.env lives). */
  readonly root: string;
  /** Apps declared in addition to the files under apps/ (benchmarks, tests). */
  readonly extraApps?: readonly DiscoveredApp[];
}

export function buildHomelab({ root, extraApps }: BuildOptions): HomelabDefinition {
  const versions = Versions.load(join(root, 'versions.env'));
  const model = buildModel(homelabSite);
  const clusterNames = model.clusters.map((c) => c.name);
  return {
    clusters: model.clusters.map((cluster) => ({ name: cluster.name, app: composeCluster({ cluster, clusterNames, versions, root, ...(extraApps ? { extraApps } : {}) }) })),
    stacks: composeStacks({ model, versions }),
    promotion: {
      validating: model.clusters.find((c) => c.promotion === 'validate')!.name,
      production: model.clusters.find((c) => c.promotion === 'production')!.name,
    },
    // The cross-side contract: every SSM parameter read is written or seeded; every one written is read.
    checks: [contractCheck(model.clusters)],
  };
}
