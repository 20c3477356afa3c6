// Measurement commands used by scripts/bench.mjs (not by users): they time the in-process synth against a
// plain stringify-and-write floor, and synthesize the homelab plus N synthetic apps for the scale runs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { defineApp } from '../app/define.js';
import type { CommandContext } from './command.js';
import { synthesize, writeDist } from './synth.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall and CPU (user+system) milliseconds of `fn`: CPU is what to compare on a busy machine. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchInProcess({ build, root, argv }: CommandContext): Promise<number> {
  const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 5) || 5;
  const out = join(tmpdir(), `homelab-bench-${process.pid}`);
  const m = { synthMs: [] as number[], synthCpuMs: [] as number[], floorMs: [] as number[], floorCpuMs: [] as number[], stringifyMs: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const synth = timed(() => {
      const result = synthesize(build({ root }));
      writeDist(out, result);
      return result;
    });
    m.synthMs.push(synth.ms);
    m.synthCpuMs.push(synth.cpuMs);
    // The floor: the same objects, plain yaml stringify + one write each, nothing else.
    const result = synth.value;
    const objects = [...result.clusters.flatMap((c) => c.objects.map((o) => [`${c.name}/${o.file}`, o.object] as const))];
    const floorDir = `${out}-floor`;
    m.stringifyMs.push(timed(() => objects.map(([, object]) => stringify(object))).ms);
    rmSync(floorDir, { recursive: true, force: true });
    const floor = timed(() => {
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
    });
    m.floorMs.push(floor.ms);
    m.floorCpuMs.push(floor.cpuMs);
    rmSync(floorDir, { recursive: true, force: true });
  }
  rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]))));
  return 0;
}

/**
 * A typical app as a team would declare it: internal route, a restricted container, a volume; every
 * fourth one with a database and every fifth with the cache, so the shared services aggregate too.
 */
function syntheticApp(i: number) {
  const name = `bench-${String(i).padStart(4, '0')}`;
  return {
    source: `bench/${name}.ts`,
    definition: defineApp({
      name,
      clusters: ['live'],
      props: () => ({
        name,
        profile: 'internal',
        podSecurity: 'restricted',
        container: {
          image: { repository: 'ghcr.io/corentinth/it-tools', versionKey: 'it_tools_version' },
          ports: [{ name: 'http', port: 8080 }],
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
          probes: { check: { path: '/healthz', port: 8080 } },
        },
        routes: [{ gateway: 'internal', port: 8080 }],
        ...(i % 4 === 0 ? { database: {} } : {}),
        ...(i % 5 === 0 ? { cache: true } : {}),
      }),
    }),
  };
}

export async function benchScale({ build, root, argv }: CommandContext): Promise<number> {
  const apps = Number(argv[argv.indexOf('--apps') + 1]);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const def = build({ root, extraApps: Array.from({ length: apps }, (_, i) => syntheticApp(i)) });
  // `--out <dir>` keeps the tree, so a second run measures a re-synth over an existing output.
  const outArg = argv.indexOf('--out');
  const out = outArg === -1 ? join(tmpdir(), `homelab-bench-scale-${process.pid}`) : argv[outArg + 1]!;
  const result = synthesize(def);
  writeDist(out, result);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (outArg === -1) rmSync(out, { recursive: true, force: true });
  const objects = result.clusters.reduce((n, c) => n + c.objects.length, 0);
  console.log(JSON.stringify({ apps, objects, ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  return 0;
}
