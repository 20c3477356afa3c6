// Measurement commands used by scripts/bench.mjs (not by users): they time the in-process synth against a
// plain stringify-and-write floor, and synthesize the homelab plus N synthetic apps for the scale runs.
import { KubeConfigMap, KubeDeployment, KubeService } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Construct } from 'constructs';
import { Namespace } from '../k8s/namespace.js';
import { Unit } from '../k8s/unit.js';
import { extraCommands } from './main.js';
import { synthesize, writeDist } from './synth.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

extraCommands.set('bench-inprocess', async ({ build, root, argv }) => {
  const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 5) || 5;
  const out = join(tmpdir(), `homelab-bench-${process.pid}`);
  const synthMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const result = synthesize(build({ root }));
    writeDist(out, result);
    synthMs.push(performance.now() - t);
    // The floor: the same objects, plain yaml stringify + one write each, nothing else.
    const objects = [...result.clusters.flatMap((c) => c.objects.map((o) => [`${c.name}/${o.file}`, o.object] as const))];
    const floorDir = `${out}-floor`;
    t = performance.now();
    rmSync(floorDir, { recursive: true, force: true });
    for (const [file, object] of objects) {
      const p = join(floorDir, file);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, stringify(object));
    }
    for (const s of result.stacks) {
      const p = join(floorDir, 'stacks', s.name, 'cdk.tf.json');
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, JSON.stringify(s.config, null, 2));
    }
    floorMs.push(performance.now() - t);
    rmSync(floorDir, { recursive: true, force: true });
  }
  rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify({ synthMs: median(synthMs), floorMs: median(floorMs) }));
  return 0;
});

extraCommands.set('bench-scale', async ({ build, root, argv }) => {
  const apps = Number(argv[argv.indexOf('--apps') + 1]);
  const started = performance.now();
  const def = build({ root });
  const live = def.clusters.find((c) => c.name === 'live')!.app;
  for (let i = 0; i < apps; i++) addSyntheticApp(live, `bench-${String(i).padStart(4, '0')}`);
  const out = join(tmpdir(), `homelab-bench-scale-${process.pid}`);
  const result = synthesize(def);
  writeDist(out, result);
  const ms = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  const objects = result.clusters.reduce((n, c) => n + c.objects.length, 0);
  console.log(JSON.stringify({ apps, objects, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  return 0;
});

/** A typical small application: namespace, config, deployment, service. */
function addSyntheticApp(scope: Construct, name: string): void {
  const unit = new Unit(scope, name, { path: `apps/${name}` });
  new Namespace(unit, 'namespace', { name, podSecurity: 'restricted', dataplane: 'ambient' });
  new KubeConfigMap(unit, 'config', { metadata: { name, namespace: name }, data: { LOG_LEVEL: 'info' } });
  const labels = { 'app.kubernetes.io/name': name };
  new KubeDeployment(unit, 'deployment', {
    metadata: { name, namespace: name },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  });
  new KubeService(unit, 'service', { metadata: { name, namespace: name }, spec: { selector: labels, ports: [{ name: 'http', port: 80 }] } });
}
