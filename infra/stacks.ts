import { App } from 'cdktf';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Versions } from '../lib/versions/versions.js';
import type { HomelabModel } from '../model/index.js';
import { composeClusterStack } from './cluster-stacks.js';
import { composeGlobalStack } from './global.js';

export interface StacksContext {
  readonly model: HomelabModel;
  readonly versions: Versions;
}

/** The OpenTofu root modules: `global` (persistent) and one per cluster (disposable). */
export function composeStacks({ model, versions }: StacksContext): App {
  const app = new App({
    // cdktf creates its outdir eagerly; only `npx cdktf synth` (which sets CDKTF_OUTDIR) writes there.
    outdir: process.env.CDKTF_OUTDIR ?? join(tmpdir(), 'homelab-cdktf.out'),
    skipValidation: true,
    stackTraces: false,
  });
  composeGlobalStack(app, model);
  for (const cluster of model.clusters) composeClusterStack(app, cluster, model, versions);
  return app;
}
