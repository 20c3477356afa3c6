#!/usr/bin/env node
// `npm run bench`: measures the feedback loop (a benchmark, never a test: nothing here asserts) and prints one
// table with the figures of the committed bench/baseline.json beside the new ones, so a regression shows in
// review. `npm run bench -- --save` writes the new figures as the baseline (commit it with the change that
// moved them); `--no-tests` skips the two `npm test` runs (≈1–2 min).
//
//   synth        `npm run synth` wall (median), its start-up share (wall minus the in-process time the synth
//                prints) and CPU; the first run after a change (bundle rebuilt);
//   in-process   synthesize + write against the floor (plain yaml stringify + one write per object);
//   scale        the homelab plus N synthetic apps: time, peak RSS, and the cost per added app (linearity);
//   tests        `npm test` cold (no bundle, no kustomize results: a fresh clone) and warm (nothing changed);
//   single app   `npm run check:app <first app>`;
//   diff         the semantic diff (rows from `run.mjs bench-diff`).
//
// CPU figures are user+system seconds of the measured process tree (Linux /proc; "n/a" elsewhere). On a shared
// machine wall time is noisy: compare CPU, and re-run before trusting a small wall-time difference.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE = join(root, 'bench', 'baseline.json');
const args = process.argv.slice(2);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** User+system CPU ms of this process's reaped children so far (cutime + cstime of /proc/self/stat). */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    const hz = 100; // USER_HZ on Linux
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / hz;
  } catch {
    return NaN;
  }
}

function run(cmd, argv, env = {}) {
  const cpu0 = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return { ms, cpuMs: childrenCpuMs() - cpu0, stdout: r.stdout };
}
const json = (stdout) => JSON.parse(stdout.trim().split('\n').pop());
/** The in-process time `npm run synth` prints ("Synthesized … in N ms"). */
const synthMs = (stdout) => Number(/ in (\d+) ms$/m.exec(stdout)?.[1]);
/** Forces the next run to rebuild the bundle, as on a fresh clone (only the stamp goes; the next run rewrites it). */
const dropBundleStamp = () => rmSync(join(root, '.cache', 'homelab.stamp'), { force: true });

/** Per test file of the cold `npm test` (vitest's JSON report), printed under the table. */
let testFiles = [];

/** Rows: key (baseline identity), label, value, unit, target (text), and whether a smaller value is better. */
const rows = [];
const row = (key, label, value, unit, target = '') => rows.push({ key, label, value, unit, target });
const seconds = (ms) => ms / 1000;

const out = mkdtempSync(join(tmpdir(), 'homelab-bench-'));
try {
  // --- synth, as a user runs it: into an existing tree ---
  const tree = join(out, 'dist');
  dropBundleStamp();
  const first = run('npm', ['run', '-s', 'synth', '--', '--out', tree]);
  row('synth.afterChange', '`npm run synth`, first run after a change (bundle rebuilt), wall', seconds(first.ms), 's');
  const synth = Array.from({ length: runs }, () => run('npm', ['run', '-s', 'synth', '--', '--out', tree]));
  row('synth.wall', `\`npm run synth\` wall (median of ${runs})`, seconds(median(synth.map((r) => r.ms))), 's', '≤ 1.0 s (≤ 1.5 s at 3× output)');
  row('synth.startup', '  of which start-up (wall − in-process)', seconds(median(synth.map((r) => r.ms - synthMs(r.stdout)))), 's');
  row('synth.cpu', '  CPU (user+sys, median)', seconds(median(synth.map((r) => r.cpuMs))), 's');

  const inproc = json(run('node', ['scripts/run.mjs', 'bench-inprocess', '--runs', String(runs)]).stdout);
  row('inprocess.synth', 'in-process synth + write, wall (median)', seconds(inproc.synthMs), 's');
  row('inprocess.synth.cpu', '  CPU', seconds(inproc.synthCpuMs), 's');
  row('inprocess.floor', 'floor: yaml stringify + write, wall (median)', seconds(inproc.floorMs), 's');
  row('inprocess.floor.cpu', '  CPU', seconds(inproc.floorCpuMs), 's');
  row('inprocess.stringify', '  of which yaml stringify alone, wall', seconds(inproc.stringifyMs), 's');
  row('inprocess.ratio', 'in-process / floor, wall', inproc.synthMs / inproc.floorMs, '×', '≤ 2×');
  row('inprocess.ratio.cpu', 'in-process / floor, CPU', inproc.synthCpuMs / inproc.floorCpuMs, '×', '≤ 2×');

  // --- scale: the homelab plus N synthetic apps (0 apps only anchors the per-app figures) ---
  const scale = {};
  for (const [apps, pass] of [[0, 'first'], [100, 'first'], [1000, 'first'], [1000, 'again']]) {
    const r = json(run('node', ['scripts/run.mjs', 'bench-scale', '--apps', String(apps), '--out', join(out, `scale-${apps}`)]).stdout);
    scale[`${apps}.${pass}`] = r;
    if (!apps) continue;
    const big = apps === 1000 && pass === 'first';
    row(`scale.${apps}.${pass}`, `scale: ${apps} apps (${r.objects} objects), ${pass === 'first' ? 'first synth' : 're-synth over it'}, wall`, seconds(r.ms), 's', big ? '≤ 10 s' : '');
    row(`scale.${apps}.${pass}.cpu`, '  CPU', seconds(r.cpuMs), 's');
    row(`scale.${apps}.${pass}.rss`, '  peak RSS', r.maxRssMb, 'MB', big ? '≤ 1024 MB' : '');
  }
  // Per added app, from CPU (wall moves with the machine's load): linear when the two agree.
  row('scale.msPerAppSmall', 'scale: CPU per added app, 0 → 100 apps', (scale['100.first'].cpuMs - scale['0.first'].cpuMs) / 100, 'ms');
  row('scale.msPerApp', 'scale: CPU per added app, 100 → 1000 apps', (scale['1000.first'].cpuMs - scale['100.first'].cpuMs) / 900, 'ms', 'linear: ≈ the line above');

  // --- tests ---
  if (!args.includes('--no-tests')) {
    // A fresh clone has neither kustomize results nor compiled validators (lib/validation/compile-cache.ts).
    const kustomizeCache = join(out, 'kustomize-cache');
    const caches = { HOMELAB_KUSTOMIZE_CACHE: kustomizeCache, HOMELAB_AJV_CACHE: join(out, 'ajv-cache') };
    dropBundleStamp();
    const perFile = join(out, 'test-files.json');
    const cold = run('npm', ['test', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${perFile}`], caches);
    testFiles = existsSync(perFile) ? JSON.parse(readFileSync(perFile, 'utf8')).testResults : [];
    row('test.cold', '`npm test`, cold (no bundle, kustomize results or compiled validators), wall', seconds(cold.ms), 's', '≤ 60 s');
    row('test.cold.cpu', '  CPU (user+sys)', seconds(cold.cpuMs), 's');
    const warm = run('npm', ['test'], caches);
    row('test.warm', '`npm test`, warm (nothing changed), wall', seconds(warm.ms), 's');
    row('test.warm.cpu', '  CPU (user+sys)', seconds(warm.cpuMs), 's');
  }

  // --- one app ---
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (pkg.scripts['check:app']) {
    const app = readdirSync(join(root, 'apps')).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort()[0].replace(/\.ts$/, '');
    const kustomizeCache = join(out, 'kustomize-cache-app');
    const cold = run('npm', ['run', '-s', 'check:app', app], { HOMELAB_KUSTOMIZE_CACHE: kustomizeCache });
    row('app.cold', `\`npm run check:app ${app}\`, no kustomize results, wall`, seconds(cold.ms), 's', '≤ 10 s');
    row('app.cold.cpu', '  CPU (user+sys)', seconds(cold.cpuMs), 's');
    const warm = run('npm', ['run', '-s', 'check:app', app], { HOMELAB_KUSTOMIZE_CACHE: kustomizeCache });
    row('app.warm', `\`npm run check:app ${app}\`, again, wall`, seconds(warm.ms), 's', '≤ 10 s');
    row('app.warm.cpu', '  CPU (user+sys)', seconds(warm.cpuMs), 's');
  }

  // --- diff (its own rows: [label, result, target]) ---
  const extra = spawnSync('node', ['scripts/run.mjs', 'bench-diff'], { cwd: root, encoding: 'utf8' });
  if (extra.status === 0) {
    for (const [label, result, target] of extra.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))) {
      const ms = /^([\d.]+) ms$/.exec(result);
      if (ms) row(`diff.${label.replace(/\(.*?\)/g, '').replace(/\W+/g, '-')}`, label, seconds(Number(ms[1])), 's', target);
      else row(`diff.${label.replace(/\(.*?\)/g, '').replace(/\W+/g, '-')}`, label, NaN, result, target);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

// --- the table ---
const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : { figures: {} };
const fmt = (v, unit) => (v === undefined || Number.isNaN(v) ? '—' : unit === 's' ? `${v.toFixed(2)} s` : unit === '×' ? `${v.toFixed(2)}×` : `${v.toFixed(unit === 'ms' ? 1 : 0)} ${unit}`);
const change = (was, now) => (was === undefined || !was || Number.isNaN(now) ? '' : `${now >= was ? '+' : ''}${(((now - was) / was) * 100).toFixed(0)} %`);
const table = [
  ['measure', `baseline (${baseline.measured ?? 'none'})`, 'now', 'change', 'target'],
  ...rows.map((r) => [r.label, fmt(baseline.figures[r.key], r.unit), fmt(r.value, r.unit), change(baseline.figures[r.key], r.value), r.target]),
];
const width = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
console.log([line(table[0]), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...table.slice(1).map(line)].join('\n'));
if (testFiles.length) {
  // Wall time in each file's tests (vitest's startTime..endTime: the shared synth lands in the first file of a
  // worker that asks for it; the module import each worker pays first is not in any file's figure).
  const files = testFiles.map((f) => ({ file: f.name.replace(`${root}/`, ''), s: (f.endTime - f.startTime) / 1000, tests: f.assertionResults.length }));
  files.sort((a, b) => b.s - a.s);
  console.log(`\n\`npm test\` cold, time in each file's tests (${files.length} files, ${files.reduce((n, f) => n + f.tests, 0)} tests, 2 workers):`);
  for (const f of files) console.log(`  ${f.s.toFixed(1).padStart(6)} s  ${f.file} (${f.tests})`);
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`\n${cpus().length} cores; load average at the end ${load}. Wall times on a shared machine are noisy: compare the CPU rows.`);

if (args.includes('--save')) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const figures = Object.fromEntries(rows.filter((r) => !Number.isNaN(r.value)).map((r) => [r.key, Number(r.value.toFixed(4))]));
  mkdirSync(dirname(BASELINE), { recursive: true });
  writeFileSync(BASELINE, `${JSON.stringify({ measured: `${commit}, ${new Date().toISOString().slice(0, 10)}`, cores: cpus().length, figures }, null, 2)}\n`);
  console.log(`baseline written to ${BASELINE}`);
}
