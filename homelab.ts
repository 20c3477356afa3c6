// The composition root: the whole homelab, built from the typed model. `npm run synth` renders it.
import { join } from 'node:path';
import type { HomelabDefinition } from './lib/cli/synth.js';
import { CLUSTER_NAMES } from './lib/model/cluster.js';
import { Versions } from './lib/versions/versions.js';
import { composeCluster } from './clusters/compose.js';
import type { DiscoveredApp } from './clusters/apps.js';
import { clusters } from './clusters/model.js';
import { composeStacks } from './infra/stacks.js';

export interface BuildOptions {
  /** Repository root (where versions.env lives). */
  readonly root: string;
  /** Apps declared in addition to the files under apps/ (benchmarks, tests). */
  readonly extraApps?: readonly DiscoveredApp[];
}

export function buildHomelab({ root, extraApps }: BuildOptions): HomelabDefinition {
  const versions = Versions.load(join(root, 'versions.env'));
  return {
    clusters: CLUSTER_NAMES.map((name) => ({ name, app: composeCluster({ cluster: clusters[name], versions, root, ...(extraApps ? { extraApps } : {}) }) })),
    stacks: composeStacks({ versions }),
    promotion: {
      validating: CLUSTER_NAMES.find((c) => clusters[c].promotion === 'validate')!,
      production: CLUSTER_NAMES.find((c) => clusters[c].promotion === 'production')!,
    },
  };
}
