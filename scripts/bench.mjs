#!/usr/bin/env node
// `npm run bench`: measures the synth (a benchmark, not a test; nothing here asserts).
//   1. cold `npm run synth` wall time, median of several runs (what a user waits for);
//   2. the in-process synth next to its floor (plain yaml stringify + write of the same objects);
//   3. scale: the homelab plus N synthetic apps (N = 100, 1000): time and peak RSS.
// Targets (2-core machine): synth ≤ 1.5 s wall median; in-process ≤ 3× floor; 1000 apps ≤ 10 s, ≤ 1 GB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(cmd, args) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return { ms: performance.now() - t, stdout: r.stdout };
}
const json = (stdout) => JSON.parse(stdout.trim().split('\n').pop());

const out = mkdtempSync(join(tmpdir(), 'homelab-bench-'));
const rows = [];
try {
  run('npm', ['run', '-s', 'synth', '--', '--out', join(out, 'warmup')]);
  // Into the same folder each time, as a user re-running the synth over an existing dist/.
  const cold = Array.from({ length: runs }, () => run('npm', ['run', '-s', 'synth', '--', '--out', join(out, 'warmup')]).ms);
  rows.push(['`npm run synth` (wall, median of ' + runs + ')', `${median(cold).toFixed(0)} ms`, '≤ 1500 ms']);

  const inproc = json(run('node', ['scripts/run.mjs', 'bench-inprocess', '--runs', String(runs)]).stdout);
  rows.push(['in-process synth (median)', `${inproc.synthMs.toFixed(0)} ms`, '']);
  rows.push(['floor: yaml stringify + write (median)', `${inproc.floorMs.toFixed(0)} ms`, '']);
  rows.push(['  of which yaml stringify alone (CPU)', `${inproc.stringifyMs.toFixed(0)} ms`, '']);
  rows.push(['in-process / floor', `${(inproc.synthMs / inproc.floorMs).toFixed(2)}×`, '≤ 3×']);

  for (const apps of [100, 1000]) {
    // First synth of the apps (every file created), then a re-synth over that tree (unchanged files linked).
    const tree = join(out, `scale-${apps}`);
    for (const [label, target] of [['first synth', apps === 1000 ? '≤ 10 s, ≤ 1024 MB' : ''], ['re-synth', '']]) {
      const r = json(run('node', ['scripts/run.mjs', 'bench-scale', '--apps', String(apps), '--out', tree]).stdout);
      rows.push([`scale: ${apps} apps (${r.objects} objects), ${label}`, `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMb.toFixed(0)} MB peak RSS`, target]);
    }
  }
  const extra = spawnSync('node', ['scripts/run.mjs', 'bench-diff'], { cwd: root, encoding: 'utf8' });
  if (extra.status === 0) for (const line of extra.stdout.trim().split('\n').filter(Boolean)) rows.push(JSON.parse(line));
} finally {
  rmSync(out, { recursive: true, force: true });
}
const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['measure', 'result', 'target'][i].length));
const line = (r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
console.log([line(['measure', 'result', 'target']), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
