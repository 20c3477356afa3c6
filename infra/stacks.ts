import { App } from 'cdktf';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js';
import { CLUSTER_NAMES } from '../lib/model/cluster.js';
import { HomelabStack, STATE_BACKEND } from '../lib/terraform/stack.js';
import type { Versions } from '../lib/versions/versions.js';

export interface StacksContext {
  readonly versions: Versions;
}

/** The OpenTofu root modules: `global` (persistent) and one per cluster. */
export function composeStacks(_ctx: StacksContext): App {
  const app = new App({
    // cdktf creates its outdir eagerly; only `npx cdktf synth` (which sets CDKTF_OUTDIR) writes there.
    outdir: process.env.CDKTF_OUTDIR ?? join(tmpdir(), 'homelab-cdktf.out'),
    skipValidation: true,
    stackTraces: false,
  });

  const global = new HomelabStack(app, { name: 'global' });
  new AwsProvider(global, 'aws', { region: STATE_BACKEND.region });
  for (const cluster of CLUSTER_NAMES) {
    new S3Bucket(global, `velero-${cluster}`, {
      bucket: `homelab-velero-backup-${cluster}`,
      tags: { 'managed-by': 'opentofu', purpose: 'velero-backup', cluster },
      lifecycle: { preventDestroy: true },
    });
  }

  for (const cluster of CLUSTER_NAMES) {
    const stack = new HomelabStack(app, { name: cluster });
    new AwsProvider(stack, 'aws', { region: STATE_BACKEND.region });
    new DataAwsSsmParameter(stack, 'unifi-api-key', { name: '/homelab/infrastructure/accounts/unifi/api-key' });
  }
  return app;
}
