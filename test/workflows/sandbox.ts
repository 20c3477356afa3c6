import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SCRIPTS = join(ROOT, '.github', 'scripts');
export const REPO = 'ghcr.io/ionfury/homelab/kubernetes';

/** A digest-shaped value from a short label (`digest('a')` = sha256:aaaa…). */
export const digest = (label: string): string => `sha256:${label.repeat(64).slice(0, 64)}`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A sandbox with fake `oras` and `flux` on PATH over a file-backed registry: `registry/tags` holds
 * `tag digest` lines, `registry/manifests/<digest>` the manifest JSON (annotations as `flux push` writes
 * them). `fail` makes a verb fail like a registry outage (`resolve`, `tags`, `tag`, `push`, `manifest`).
 */
export function sandbox(opts: { tags?: Record<string, string>; manifests?: Record<string, string>; fail?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-release-'));
  dirs.push(dir);
  const reg = join(dir, 'registry');
  mkdirSync(join(reg, 'manifests'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(reg, 'tags'), Object.entries(opts.tags ?? {}).map(([t, d]) => `${t} ${d}\n`).join(''));
  for (const [d, commit] of Object.entries(opts.manifests ?? {})) setManifest(d, commit);
  writeFileSync(join(dir, 'fail'), (opts.fail ?? []).join('\n'));
  function setManifest(d: string, revision: string): void {
    writeFileSync(join(reg, 'manifests', d), JSON.stringify({ annotations: { 'org.opencontainers.image.revision': revision } }));
  }
  const common = `reg="${reg}"; echo "$(basename "$0") $*" >> "${dir}/calls"
fails() { grep -qx "$1" "${dir}/fail"; }
lookup() { awk -v t="$1" '$1==t {d=$2} END {print d}' "$reg/tags"; }
settag() { grep -v "^$1 " "$reg/tags" > "$reg/tags.new" || true; echo "$1 $2" >> "$reg/tags.new"; mv "$reg/tags.new" "$reg/tags"; }
`;
  writeFileSync(join(dir, 'bin', 'oras'), `#!/usr/bin/env bash
${common}
case "$1" in
  resolve) fails resolve && { echo "Error: GET https://ghcr.io/v2/: unexpected status 503" >&2; exit 1; }
           ref="$2"; d="$(lookup "\${ref##*:}")"; [ -n "$d" ] || { echo "Error: \${ref}: not found" >&2; exit 1; }; echo "$d" ;;
  repo) fails tags && { echo "Error: unauthorized" >&2; exit 1; }; awk '{print $1}' "$reg/tags" ;;
  tag) fails tag && { echo "Error: denied" >&2; exit 1; }; settag "$3" "\${2#*@}" ;;
  manifest) fails manifest && { echo "Error: 500" >&2; exit 1; }; cat "$reg/manifests/\${3#*@}" ;;
  login) exit 0 ;;
  *) echo "fake oras: unknown $*" >&2; exit 2 ;;
esac
`);
  writeFileSync(join(dir, 'bin', 'flux'), `#!/usr/bin/env bash
${common}
case "$1 $2" in
  "push artifact") fails push && { echo "✗ push failed: 503" >&2; exit 1; }
    ref="$3"; tag="\${ref##*:}"; rev=""; for a in "$@"; do case "$a" in --revision=*) rev="\${a#--revision=}";; esac; done
    d="sha256:$(printf '%s' "$rev" | sha256sum | cut -c1-64)"; settag "$tag" "$d"
    printf '{"annotations":{"org.opencontainers.image.revision":"%s"}}' "$rev" > "$reg/manifests/$d" ;;
  "tag artifact") fails tag && { echo "✗ tag failed" >&2; exit 1; }
    ref="$3"; d="$(lookup "\${ref##*:}")"; [ -n "$d" ] || exit 1; settag "$5" "$d" ;;
  *) echo "fake flux: unknown $*" >&2; exit 2 ;;
esac
`);
  chmodSync(join(dir, 'bin', 'oras'), 0o755);
  chmodSync(join(dir, 'bin', 'flux'), 0o755);

  const run = (script: string, env: Record<string, string> = {}, args: string[] = [], cwd = dir) => {
    const r = spawnSync('bash', [join(SCRIPTS, script), ...args], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        HOME: dir,
        OCI_REPOSITORY: REPO,
        GITHUB_OUTPUT: join(dir, 'out'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary'),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'ionfury/homelab',
        ...env,
      },
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const tags = (): Record<string, string> =>
    Object.fromEntries(readFileSync(join(reg, 'tags'), 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
  const output = (): string => (existsSync(join(dir, 'out')) ? readFileSync(join(dir, 'out'), 'utf8') : '');
  const calls = (): string[] => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean) : []);
  return { dir, run, tags, output, calls, setManifest };
}

/** A git repository whose main has `n` first-parent commits (plus a side branch); returns the commit ids. */
export function gitRepo(dir: string, n: number, opts: { date?: string } = {}): { main: string[]; side: string } {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t',
    ...(opts.date ? { GIT_COMMITTER_DATE: opts.date, GIT_AUTHOR_DATE: opts.date } : {}),
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  const main: string[] = [];
  for (let i = 0; i < n; i++) {
    git('commit', '-q', '--allow-empty', '-m', `merge ${i + 1}`);
    main.push(git('rev-parse', 'HEAD'));
  }
  git('checkout', '-q', '-b', 'side');
  git('commit', '-q', '--allow-empty', '-m', 'unmerged work');
  const side = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'main');
  return { main, side };
}
