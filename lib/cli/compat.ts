// Keeps the official CLIs truthful: `npx cdk8s synth` and `npx cdktf synth` run these commands (see
// cdk8s.yaml / cdktf.json) and get the same objects as `npm run synth`, in their own output folders.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesize } from './synth.js';
import type { CommandContext } from './command.js';
import { GENERATED_HEADER } from '../k8s/render.js';
import { toYaml } from '../core/yaml.js';

export async function cdk8sCommand({ build, root }: CommandContext): Promise<number> {
  const outdir = resolve(root, process.env.CDK8S_OUTDIR ?? 'cdk8s.out');
  const out = synthesize(build({ root }));
  mkdirSync(outdir, { recursive: true });
  for (const cluster of out.clusters) {
    const docs = cluster.objects.map((o) => toYaml(o.object)).join('---\n');
    writeFileSync(join(outdir, `${cluster.name}.k8s.yaml`), `${GENERATED_HEADER}\n${docs}`);
  }
  console.log(`cdk8s: wrote one file per cluster to ${outdir}. The deployable tree is written by \`npm run synth\` into dist/.`);
  return 0;
}

export async function cdktfCommand({ build, root }: CommandContext): Promise<number> {
  // The cdktf CLI sets CDKTF_OUTDIR and reads manifest.json + stacks/<name>/cdk.tf.json from it.
  build({ root }).stacks.synth();
  console.log('cdktf: synthesized the stacks for the cdktf CLI. The committed root modules are written by `npm run synth` into dist/infrastructure/.');
  return 0;
}
