import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../../lib/cli/validate.js';
import { formatIssue, validateObjects } from '../../lib/validation/index.js';
import { homelabDist, kustomize } from '../helpers.js';
import { freshSynth, ROOT } from './helpers.js';

// Every object is validated twice here: as rendered in memory, and as written (the files parsed back by
// `npm run validate`). Both run in this file so the schemas are compiled once (compiling is most of the cost).

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** Runs the validate command, capturing what it prints. */
async function validate(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await validateCommand({ build: () => freshSynth() as never, root: ROOT, argv });
    const text = (spy: typeof log) => spy.mock.calls.map((c) => String(c[0])).join('\n');
    return { code, out: text(log), err: text(error) };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('every object of a fresh homelab synth', () => {
  it('validates against its strict schema, as rendered in memory', () => {
    const out = freshSynth();
    const objects = out.clusters.flatMap((c) => c.objects.map((o) => ({ object: o.object, file: `${c.name}/${o.file}` })));
    expect(objects.length).toBeGreaterThan(0);
    for (const c of out.clusters) expect(c.objects.length, `cluster ${c.name} has objects`).toBeGreaterThan(0);
    expect(validateObjects(objects).map(formatIssue)).toEqual([]);
    // The first validation compiles every kind's schema: tens of seconds of CPU on a shared, loaded machine.
  }, 300_000);

  it('passes `npm run validate` as written to disk: every file parsed back and validated, every folder built', async () => {
    // Without kubectl (outside CI) the schema half still runs; kustomize() throws when CI=true.
    const r = await validate(['--dir', homelabDist(), ...(kustomize() ? [] : ['--no-kustomize'])]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const objects = freshSynth().clusters.reduce((n, c) => n + c.objects.length, 0);
    expect(r.out).toMatch(new RegExp(`^Validated ${objects} objects `, 'm'));
    for (const c of freshSynth().clusters) expect(r.out).toContain(`  ${c.name}: ${c.objects.length} objects`);
    if (kustomize()) expect(r.out).toMatch(/checked \d+ folders with kubectl kustomize/);
    expect(r.out).toMatch(/0 issues$/);
  });
});

describe('npm run validate', () => {
  it('fails naming file, object and field of a bad object (kustomize skipped)', async () => {
    // One folder of the synth, with an unknown field appended to one of its files.
    const folder = freshSynth().clusters[0]!.objects.find((o) => o.file.includes('/'))!.file.replace(/\/[^/]+$/, '');
    const copy = join(mkdtempSync(join(tmpdir(), 'homelab-validate-bad-')), 'dist');
    temps.push(join(copy, '..'));
    const cluster = `kubernetes/clusters/${freshSynth().clusters[0]!.name}`;
    cpSync(join(homelabDist(), cluster, folder), join(copy, cluster, folder), { recursive: true });
    const file = `${cluster.slice('kubernetes/'.length)}/${freshSynth().clusters[0]!.objects.find((o) => o.file.startsWith(`${folder}/`))!.file}`;
    appendFileSync(join(copy, 'kubernetes', file), 'spec2: {}\n');
    expect(readFileSync(join(copy, 'kubernetes', file), 'utf8')).toContain('spec2');
    const r = await validate(['--dir', copy, '--no-kustomize']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('1 issues:');
    expect(r.err).toMatch(new RegExp(`kubernetes/${file.replace(/\./g, '\\.')}: \\w+ [\\w./-]+: /spec2: unknown field`));
  });
});
