import { App } from 'cdktf';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_NAMES } from '../lib/model/cluster.js';
import type { Versions } from '../lib/versions/versions.js';
import { clusters } from '../clusters/model.js';
import { composeClusterStack } from './cluster-stacks.js';
import { composeGlobalStack } from './global.js';

export interface StacksContext {
  readonly versions: Versions;
}

/** The OpenTofu root modules: `global` (persistent) and one per cluster (disposable). */
export function composeStacks(ctx: StacksContext): App {
  const app = new App({
    // cdktf creates its outdir eagerly; only `npx cdktf synth` (which sets CDKTF_OUTDIR) writes there.
    outdir: process.env.CDKTF_OUTDIR ?? join(tmpdir(), 'homelab-cdktf.out'),
    skipValidation: true,
    stackTraces: false,
  });
  composeGlobalStack(app);
  for (const name of CLUSTER_NAMES) composeClusterStack(app, clusters[name], ctx.versions);
  return app;
}
