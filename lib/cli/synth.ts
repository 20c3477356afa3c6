import { resolve } from 'node:path';
import type { App as K8sApp } from 'cdk8s';
import type { App as TfApp } from 'cdktf';
import { renderCluster, type RenderedCluster } from '../k8s/render.js';
import { Report } from '../k8s/report.js';
import { renderStacks, type RenderedStack } from '../terraform/render.js';
import { throwIfAny } from '../core/errors.js';
import { checkpointFromEnv, writeTreeAtomically, type WriteResult } from '../core/writer.js';
import type { CommandContext } from './command.js';

/** What a homelab definition hands the pipeline: one cdk8s App per cluster, one cdktf App for all stacks. */
export interface HomelabDefinition {
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly app: K8sApp }>;
  readonly stacks: TfApp;
  /** Which cluster validates builds and which is production (the diff's "changes only live" check). */
  readonly promotion?: { readonly validating: string; readonly production: string };
  /**
   * Checks across the rendered clusters and stacks together (e.g. that every SSM parameter read is written);
   * run after rendering, every error reported, before anything is written.
   */
  readonly checks?: ReadonlyArray<(out: { readonly clusters: readonly RenderedCluster[]; readonly stacks: readonly RenderedStack[] }) => readonly Error[]>;
}

export interface SynthOutput {
  readonly clusters: readonly RenderedCluster[];
  readonly stacks: readonly RenderedStack[];
  /** Every file of dist/, relative to dist/. */
  readonly files: ReadonlyMap<string, string>;
}

export const KUBERNETES_ROOT = 'kubernetes/clusters';
export const STACKS_ROOT = 'infrastructure/stacks';
export const REPORTS_ROOT = 'reports';

/** Renders a homelab definition to the complete dist/ file set, in memory. Throws on any error. */
export function synthesize(def: HomelabDefinition): SynthOutput {
  const files = new Map<string, string>();
  const clusters = def.clusters.map(({ name, app }) => {
    const rendered = renderCluster(name, app);
    for (const [rel, content] of rendered.files) files.set(`${KUBERNETES_ROOT}/${name}/${rel}`, content);
    for (const report of app.node.findAll().filter(Report.isReport)) {
      files.set(`${REPORTS_ROOT}/${name}/${report.fileName}`, report.render());
    }
    return rendered;
  });
  const stacks = renderStacks(def.stacks);
  throwIfAny((def.checks ?? []).flatMap((check) => check({ clusters, stacks })));
  for (const s of stacks) files.set(`${STACKS_ROOT}/${s.name}/cdk.tf.json`, s.json);
  return { clusters, stacks, files };
}

/** Writes a synth output to `distDir` crash-safely (lib/core/writer.ts: the previous tree survives any failure). */
export function writeDist(distDir: string, out: SynthOutput): WriteResult {
  return writeTreeAtomically(distDir, out.files, checkpointFromEnv());
}

function countBy<T>(items: readonly T[], key: (t: T) => string): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** The end-of-synth summary: objects by kind per cluster, resources by type per stack. */
export function summary(out: SynthOutput, distDir: string, elapsedMs: number): string {
  const lines = [`Synthesized ${out.files.size} files into ${distDir} in ${elapsedMs.toFixed(0)} ms`];
  for (const c of out.clusters) {
    lines.push(`  cluster ${c.name}: ${c.objects.length} objects — ${countBy(c.objects, (o) => o.object.kind)}`);
  }
  for (const s of out.stacks) {
    const resources: string[] = [];
    for (const [type, byName] of Object.entries((s.config.resource ?? {}) as Record<string, object>)) {
      for (let i = 0; i < Object.keys(byName).length; i++) resources.push(type);
    }
    for (const [type, byName] of Object.entries((s.config.data ?? {}) as Record<string, object>)) {
      for (let i = 0; i < Object.keys(byName).length; i++) resources.push(`data.${type}`);
    }
    lines.push(`  stack ${s.name}: ${resources.length} resources — ${countBy(resources, (r) => r)}`);
  }
  return lines.join('\n');
}


/** `synth`: renders the homelab and swaps it into dist/ (or `--out <dir>`) atomically. */
export async function synthCommand({ build, root, out }: CommandContext): Promise<number> {
  const started = performance.now();
  const dist = resolve(root, out ?? 'dist');
  const result = synthesize(build({ root }));
  writeDist(dist, result);
  console.log(summary(result, dist, performance.now() - started));
  return 0;
}
