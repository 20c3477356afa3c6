import { execFileSync } from 'node:child_process';
import { SynthError } from '../core/errors.js';

/**
 * Reads the files of `dir` (e.g. `dist`) as they are in a git ref, without a checkout or network:
 * one `git ls-tree` for the listing, one `git cat-file --batch` for every blob. Paths are relative to
 * `dir`. An unknown ref is a SynthError naming `--base`.
 */
export function readGitTree(repo: string, ref: string, dir = 'dist'): Map<string, string> {
  const git = (args: string[], input?: string): Buffer => execFileSync('git', args, { cwd: repo, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString().trim();
  } catch {
    throw new SynthError('--base', `"${ref}" is not a commit in ${repo} (fetch it first, e.g. \`git fetch origin main\`)`);
  }
  const listing = git(['ls-tree', '-r', '-z', commit, '--', `${dir}/`]).toString();
  const entries: Array<{ sha: string; path: string }> = [];
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [, type, sha] = line.slice(0, tab).split(' ');
    if (type !== 'blob') continue;
    entries.push({ sha: sha!, path: line.slice(tab + 1) });
  }
  const files = new Map<string, string>();
  if (entries.length === 0) return files;
  const out = git(['cat-file', '--batch'], `${entries.map((e) => e.sha).join('\n')}\n`);
  let pos = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString();
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new SynthError(`${ref}:${e.path}`, `git cat-file returned "${header}"`);
    files.set(e.path.slice(dir.length + 1), out.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    pos = nl + 1 + size + 1;
  }
  return files;
}
