// The docs name source files by path; a move (the layer move renamed half of them) must not leave a reader
// looking for a file that no longer exists. Every backticked path under one of the repository's top-level
// folders must exist. Templated paths (`dist/reports/<cluster>/…`, globs) are patterns, not files, and
// `./`-prefixed spans are Flux paths inside an artifact, not repository paths: both are skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const TOP_LEVEL = ['apps', 'bench', 'clusters', 'docs', 'infra', 'lib', 'model', 'scripts', 'site', 'test', '.github', '.ci'];

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Backticked spans that look like a repository path: a known top-level folder, no placeholder or glob. */
function pathsNamedIn(text: string): string[] {
  const spans = [...text.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
  return spans
    .map((span) => span.replace(/[:#].*$/, ''))
    .filter((span) => TOP_LEVEL.some((folder) => span.startsWith(`${folder}/`)))
    .filter((span) => !/[<>*{}$]|\.\.\./.test(span));
}

describe('paths named in the docs', () => {
  const docs = ['README.md', ...markdownFiles('docs')];

  it('finds docs that name files (the check is not vacuous)', () => {
    expect(docs.flatMap((doc) => pathsNamedIn(readFileSync(join(root, doc), 'utf8'))).length).toBeGreaterThan(50);
  });

  it.each(docs)('%s names only files that exist', (doc) => {
    const missing = pathsNamedIn(readFileSync(join(root, doc), 'utf8')).filter((path) => !existsSync(join(root, path)));
    expect(missing, `${doc} names paths that do not exist`).toEqual([]);
  });
});
