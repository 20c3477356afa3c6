// The release scripts the workflows run (.github/scripts), exercised against a fake registry (oras/flux on
// PATH) with every failure case of issue 14.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, digest, gitRepo, sandbox } from './sandbox.js';

describe('build-tag.sh: one tag per merge, in merge order', () => {
  it('tags the n-th commit of main 2.<n>.0-rc, whatever the clock or the committer date says', () => {
    const sb = sandbox();
    // Every commit has the same committer date (the old tag collided) and it lies in the future (the old
    // ordering guard then refused every later build).
    const { main } = gitRepo(sb.dir, 3, { date: '2031-01-01T00:00:00Z' });
    const r = sb.run('build-tag.sh', { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: main[2]! });
    expect(r.status, r.out).toBe(0);
    expect(sb.output()).toBe(`tag=2.3.0-rc\nrelease=2.3.0\ncommit=${main[2]}\n`);
    execFileSync('git', ['checkout', '-q', main[1]!], { cwd: sb.dir });
    writeFileSync(join(sb.dir, 'out'), '');
    expect(sb.run('build-tag.sh', { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: main[1]! }).status).toBe(0);
    expect(sb.output()).toContain('tag=2.2.0-rc\n');
  });

  it('refuses a build of any other branch, a checkout of another commit and a shallow clone', () => {
    const sb = sandbox();
    const { main } = gitRepo(sb.dir, 2);
    const branch = sb.run('build-tag.sh', { GITHUB_REF: 'refs/heads/feature', GITHUB_SHA: main[1]! });
    expect(branch.status).toBe(1);
    expect(branch.out).toContain("only from main, not 'refs/heads/feature'");
    const other = sb.run('build-tag.sh', { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: main[0]! });
    expect(other.status).toBe(1);
    expect(other.out).toContain('is not the commit this run builds');
    const shallow = join(sb.dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${sb.dir}`, shallow]);
    const r = sb.run('build-tag.sh', { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: main[1]! }, [], shallow);
    expect(r.status).toBe(1);
    expect(r.out).toContain('shallow clone');
  });
});

describe('publish.sh: never skipped, never "already pushed" by mistake', () => {
  const sha = 'a'.repeat(40);
  const env = { TAG: '2.7.0-rc', GITHUB_SHA: sha, ARTIFACT_DIR: 'dist/kubernetes' };

  it('pushes sha-<commit> first and adds the build tag last, on the same digest', () => {
    const sb = sandbox();
    const r = sb.run('publish.sh', env);
    expect(r.status, r.out).toBe(0);
    const tags = sb.tags();
    expect(tags['2.7.0-rc']).toBe(tags[`sha-${sha}`]);
    const calls = sb.calls().filter((c) => c.startsWith('flux'));
    expect(calls[0]).toMatch(new RegExp(`^flux push artifact oci://\\S+:sha-${sha} --path=dist/kubernetes .*--revision=main@sha1:${sha}$`));
    expect(calls[1]).toBe(`flux tag artifact oci://ghcr.io/ionfury/homelab/kubernetes:sha-${sha} --tag 2.7.0-rc`);
  });

  it('a re-run is a no-op, and completes a run that died between push and tag', () => {
    const sb = sandbox();
    expect(sb.run('publish.sh', env).status).toBe(0);
    const again = sb.run('publish.sh', env);
    expect(again.status).toBe(0);
    expect(again.out).toContain("already this commit's artifact");
    const half = sandbox({ tags: { [`sha-${sha}`]: digest('c') } });
    const r = half.run('publish.sh', env);
    expect(r.status, r.out).toBe(0);
    expect(half.tags()['2.7.0-rc']).toBe(digest('c'));
    expect(half.calls().some((c) => c.startsWith('flux push'))).toBe(false);
  });

  it('fails loudly when the build tag belongs to another commit (the old run reported "already pushed")', () => {
    const sb = sandbox({ tags: { '2.7.0-rc': digest('b') } });
    const r = sb.run('publish.sh', env);
    expect(r.status).toBe(1);
    expect(r.out).toContain('already exists');
    expect(r.out).toContain(`is not the artifact of ${sha}`);
  });

  it('fails on a registry error instead of reading it as "no tags yet"', () => {
    for (const fail of ['resolve', 'push', 'tag']) {
      const sb = sandbox({ fail: [fail] });
      const r = sb.run('publish.sh', env);
      expect(r.status, `${fail}: ${r.out}`).not.toBe(0);
      expect(sb.tags()['2.7.0-rc'], fail).toBeUndefined();
    }
    expect(sandbox({ fail: ['resolve'] }).run('publish.sh', env).out).toContain('registry error resolving');
  });

  it('refuses a tag that is not a build tag and a commit id that is not one', () => {
    expect(sandbox().run('publish.sh', { ...env, TAG: '2.7.0' }).status).toBe(1);
    expect(sandbox().run('publish.sh', { ...env, GITHUB_SHA: 'main' }).status).toBe(1);
  });
});

describe('stamp.sh: the validation canary names the build it validates', () => {
  const integrationValidation = join(ROOT, 'dist', 'kubernetes', 'clusters', 'integration', 'config', 'platform-validation');

  it('replaces the placeholder in integration\'s validation folder of the real output, and nowhere else', () => {
    const sb = sandbox();
    const art = join(sb.dir, 'artifact');
    cpSync(join(ROOT, 'dist', 'kubernetes'), art, { recursive: true });
    const r = sb.run('stamp.sh', {}, [art, '2.42.0-rc']);
    expect(r.status, r.out).toBe(0);
    const stamped = readdirSync(join(art, 'clusters', 'integration', 'config', 'platform-validation'))
      .map((f) => readFileSync(join(art, 'clusters', 'integration', 'config', 'platform-validation', f), 'utf8'))
      .join('\n');
    expect(stamped).toContain('2.42.0-rc');
    expect(stamped).not.toContain('0.0.0-unstamped');
    expect(execFileSync('grep', ['-rl', '2.42.0-rc', art], { encoding: 'utf8' }).trim().split('\n').every((f) => f.includes('/clusters/integration/config/platform-validation/'))).toBe(true);
    expect(readdirSync(integrationValidation).length).toBeGreaterThan(0);
  });

  it('fails when nothing carries the placeholder, or something outside the validation folder does', () => {
    const sb = sandbox();
    const empty = join(sb.dir, 'empty');
    mkdirSync(empty);
    expect(sb.run('stamp.sh', {}, [empty, '2.1.0-rc']).out).toContain('cannot be stamped');
    const stray = join(sb.dir, 'stray', 'clusters', 'live');
    mkdirSync(stray, { recursive: true });
    writeFileSync(join(stray, 'x.yaml'), 'name: applied-revision-0.0.0-unstamped\n');
    const r = sb.run('stamp.sh', {}, [join(sb.dir, 'stray'), '2.1.0-rc']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('outside clusters/integration/config/platform-validation/');
  });
});

describe('promote.sh: only validated main builds reach live, idempotently', () => {
  function setup(n = 5) {
    const sb = sandbox();
    const { main, side } = gitRepo(sb.dir, n);
    const build = (i: number, d: string) => {
      sb.setManifest(d, `main@sha1:${main[i - 1]}`);
      return { [`2.${i}.0-rc`]: d, [`sha-${main[i - 1]}`]: d };
    };
    const write = (tags: Record<string, string>) =>
      writeFileSync(join(sb.dir, 'registry', 'tags'), Object.entries(tags).map(([t, d]) => `${t} ${d}\n`).join(''));
    const promote = (env: Record<string, string>) => sb.run('promote.sh', { MAIN_REF: 'main', ...env });
    return { sb, main, side, build, write, promote };
  }

  it('adds 2.<n>.0 to exactly the digest integration validated; a repeated dispatch is success', () => {
    const { sb, build, write, promote } = setup();
    write(build(4, digest('d')));
    const r = promote({ REVISION: `2.4.0-rc@${digest('d')}` });
    expect(r.status, r.out).toBe(0);
    expect(sb.tags()['2.4.0']).toBe(digest('d'));
    const again = promote({ REVISION: `2.4.0-rc@${digest('d')}` });
    expect(again.status, again.out).toBe(0);
    expect(again.out).toContain('already points at');
  });

  it('a dispatch of a release revision (the old loop) is success when that release is that digest', () => {
    const { build, write, promote } = setup();
    write({ ...build(4, digest('d')), '2.4.0': digest('d') });
    const r = promote({ REVISION: `2.4.0@${digest('d')}` });
    expect(r.status, r.out).toBe(0);
    expect(promote({ REVISION: `2.4.0@${digest('e')}` }).status).toBe(1);
  });

  it('does not trust the payload: a moved tag, a non-main build, a wrong build number, garbage', () => {
    const { sb, main, side, build, write, promote } = setup();
    write({ ...build(4, digest('d')), '2.3.0-rc': digest('e') });
    const moved = promote({ REVISION: `2.3.0-rc@${digest('d')}` });
    expect(moved.status).toBe(1);
    expect(moved.out).toContain('refusing to promote');

    sb.setManifest(digest('f'), `feature@sha1:${side}`);
    write({ '2.5.0-rc': digest('f') });
    const branch = promote({ REVISION: `2.5.0-rc@${digest('f')}` });
    expect(branch.status).toBe(1);
    expect(branch.out).toContain('was not built from main');

    sb.setManifest(digest('f'), `main@sha1:${side}`);
    const notOnMain = promote({ REVISION: `2.5.0-rc@${digest('f')}` });
    expect(notOnMain.status).toBe(1);
    expect(notOnMain.out).toContain('which is not on main');

    sb.setManifest(digest('f'), `main@sha1:${main[1]}`);
    const number = promote({ REVISION: `2.5.0-rc@${digest('f')}` });
    expect(number.status).toBe(1);
    expect(number.out).toContain('claims build number 5');

    for (const revision of ['', 'main@sha1:0123456', '2.5.0-rc', `2.5.0-rc@sha256:zz`, `1.20260101000000.0-rc@${digest('f')}`]) {
      const r = promote({ REVISION: revision });
      expect(r.status, revision).toBe(1);
      expect(r.out, revision).toContain('dispatch carries no build revision');
    }
    expect(Object.keys(sb.tags()).filter((t) => /^2\.\d+\.\d+$/.test(t))).toEqual([]);
  });

  it('fails loudly on a registry error', () => {
    const { sb, build, write, promote } = setup();
    write(build(4, digest('d')));
    writeFileSync(join(sb.dir, 'fail'), 'manifest');
    expect(promote({ REVISION: `2.4.0-rc@${digest('d')}` }).status).toBe(1);
    writeFileSync(join(sb.dir, 'fail'), 'resolve');
    const r = promote({ REVISION: `2.4.0-rc@${digest('d')}` });
    expect(r.status).toBe(1);
    expect(r.out).toContain('registry error');
    expect(sb.tags()['2.4.0']).toBeUndefined();
  });

  it('rolls live back above the newest release without touching any build tag (integration stays put)', () => {
    const { sb, build, write, promote } = setup();
    write({ ...build(2, digest('b')), '2.2.0': digest('b'), ...build(4, digest('d')), '2.4.0': digest('d') });
    const before = Object.entries(sb.tags()).filter(([t]) => t.endsWith('-rc'));
    const r = promote({ INPUT_VERSION: '2.2.0' });
    expect(r.status, r.out).toBe(0);
    expect(sb.tags()['2.4.1']).toBe(digest('b'));
    expect(Object.entries(sb.tags()).filter(([t]) => t.endsWith('-rc'))).toEqual(before);
    // The next validated build supersedes the rollback.
    write({ ...sb.tags(), ...build(5, digest('e')) });
    expect(promote({ REVISION: `2.5.0-rc@${digest('e')}` }).status).toBe(0);
    expect(sb.tags()['2.5.0']).toBe(digest('e'));
    // Rolling back to what live already runs changes nothing.
    const noop = promote({ INPUT_VERSION: '2.5.0' });
    expect(noop.status).toBe(0);
    expect(noop.out).toContain('nothing to do');
  });

  it('promotes a build by hand, and refuses an unknown version', () => {
    const { sb, build, write, promote } = setup();
    write(build(3, digest('c')));
    expect(promote({ INPUT_VERSION: '2.3.0-rc' }).status).toBe(0);
    expect(sb.tags()['2.3.0']).toBe(digest('c'));
    expect(promote({ INPUT_VERSION: '2.9.0-rc' }).out).toContain('does not exist');
    expect(promote({ INPUT_VERSION: 'latest' }).status).toBe(1);
  });
});

describe('install-tool.sh: binaries are verified before they run', () => {
  function withDownload(content: string) {
    const sb = sandbox();
    const pkg = join(sb.dir, 'pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'flux'), `#!/bin/sh\necho ${content}\n`);
    chmodSync(join(pkg, 'flux'), 0o755);
    const tarball = join(sb.dir, 'flux.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', pkg, 'flux']);
    writeFileSync(join(sb.dir, 'bin', 'curl'), `#!/usr/bin/env bash\nwhile [ $# -gt 0 ]; do case "$1" in -o) cp "${tarball}" "$2"; shift;; esac; shift; done\n`);
    chmodSync(join(sb.dir, 'bin', 'curl'), 0o755);
    const sum = execFileSync('sha256sum', [tarball], { encoding: 'utf8' }).split(' ')[0]!;
    return { sb, sum };
  }
  const fluxFile = (): string => {
    const v = /^flux_version=v?(.+)$/m.exec(readFileSync(join(ROOT, 'versions.env'), 'utf8'))![1]!;
    return `flux_${v}_linux_amd64.tar.gz`;
  };

  it('installs a download whose sha256 matches the recorded one', () => {
    const { sb, sum } = withDownload('ok');
    writeFileSync(join(sb.dir, 'sums'), `${sum}  ${fluxFile()}\n`);
    const r = sb.run('install-tool.sh', { TOOL_CHECKSUMS: join(sb.dir, 'sums') }, ['flux', join(sb.dir, 'tools')]);
    expect(r.status, r.out).toBe(0);
    expect(execFileSync(join(sb.dir, 'tools', 'flux'), { encoding: 'utf8' })).toBe('ok\n');
  });

  it('refuses a tampered download and a version without a recorded checksum', () => {
    const { sb } = withDownload('evil');
    writeFileSync(join(sb.dir, 'sums'), `${'0'.repeat(64)}  ${fluxFile()}\n`);
    const bad = sb.run('install-tool.sh', { TOOL_CHECKSUMS: join(sb.dir, 'sums') }, ['flux', join(sb.dir, 'tools')]);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('does not match the recorded');
    writeFileSync(join(sb.dir, 'sums'), '');
    const none = sb.run('install-tool.sh', { TOOL_CHECKSUMS: join(sb.dir, 'sums') }, ['flux', join(sb.dir, 'tools')]);
    expect(none.status).toBe(1);
    expect(none.out).toContain('no checksum for');
  });

  it('records a checksum for the exact version of every tool the workflows download', () => {
    const sums = readFileSync(join(ROOT, '.github', 'tool-checksums.sha256'), 'utf8');
    const env = readFileSync(join(ROOT, 'versions.env'), 'utf8');
    for (const tool of ['flux', 'oras']) {
      const v = new RegExp(`^${tool}_version=v?(.+)$`, 'm').exec(env)![1]!;
      expect(sums).toMatch(new RegExp(`^[0-9a-f]{64}  ${tool}_${v.replace(/\./g, '\\.')}_linux_amd64\\.tar\\.gz$`, 'm'));
    }
  });
});
