import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { checkKustomizeFolders, formatIssue, kubectlIdentity, KustomizeBuilder, kustomizeCacheKey, kustomizeIssues, scanOutputTree } from '../../lib/validation/index.js';
import { homelabDist, kustomize } from '../helpers.js';
import { freshSynth } from './helpers.js';

/** The shared builder, or: fail when CI=true (the builds must be checked there), skip with the reason elsewhere. */
function requireKustomize(ctx: TestContext): KustomizeBuilder {
  const builder = kustomize();
  if (builder) return builder;
  ctx.skip('kubectl not on PATH: kustomize builds not checked here (they are required when CI=true)');
  throw new Error('unreachable');
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
let shared: ReturnType<typeof scanOutputTree> | undefined;
/** The folders of the shared synth as written (parsing the tree costs a second: once per file). */
const homelabScan = () => (shared ??= scanOutputTree(homelabDist()));

describe('kubectl kustomize over a fresh synth', () => {
  it('builds every folder with a kustomization.yaml in every cluster, each including all of its objects', async (ctx) => {
    const builder = requireKustomize(ctx);
    const scan = homelabScan();
    const expected = [...freshSynth().files.keys()].filter((f) => f.startsWith('kubernetes/') && f.endsWith('/kustomization.yaml'));
    expect(scan.folders.map((f) => `kubernetes/${f.label}/kustomization.yaml`).sort()).toEqual(expected.sort());
    for (const cluster of freshSynth().clusters) {
      expect(scan.folders.some((f) => f.label.startsWith(`clusters/${cluster.name}/`)), `cluster ${cluster.name} has a kustomize folder`).toBe(true);
    }
    const builds = await builder.buildAll(scan.folders.map((f) => f.dir));
    scan.folders.forEach((folder, i) => {
      const build = builds[i]!;
      expect(build.ok, `${folder.label}: ${build.ok ? '' : build.error}`).toBe(true);
      if (build.ok) expect(build.objects.length, folder.label).toBe(folder.objects.length);
      expect(kustomizeIssues(folder, build).map(formatIssue)).toEqual([]);
    });
  });

  it('reports a folder whose build fails and an object its kustomization leaves out', async (ctx) => {
    const builder = requireKustomize(ctx);
    // A tree of two leaf folders of the synth, one with a listed file gone, one with a file it does not list.
    const labels = homelabScan().folders.map((f) => f.label);
    const [brokenLabel, partialLabel] = labels.filter((l) => !labels.some((other) => other.startsWith(`${l}/`)));
    const copy = join(temp('homelab-validate-copy-'), 'dist');
    for (const label of [brokenLabel!, partialLabel!]) cpSync(join(homelabDist(), 'kubernetes', label), join(copy, 'kubernetes', label), { recursive: true });
    const [broken, partial] = scanOutputTree(copy).folders;
    expect([broken!.label, partial!.label]).toEqual([brokenLabel, partialLabel]);
    unlinkSync(join(copy, 'kubernetes', broken!.objects[0]!.file)); // listed in resources, gone
    const extra = join(partial!.dir, 'configmap_extra_stray.yaml');
    writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: extra\n');
    const issues = await checkKustomizeFolders(scanOutputTree(copy).folders, builder);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ object: `folder ${broken!.label}`, file: `${broken!.label}/kustomization.yaml` });
    expect(issues[0]!.message).toMatch(/^kubectl kustomize failed: .*no such file or directory/);
    expect(issues[1]).toMatchObject({
      object: `folder ${partial!.label}`,
      file: `${partial!.label}/configmap_extra_stray.yaml`,
      message: 'v1/ConfigMap/extra/stray is not in the kustomize build of the folder (missing from kustomization.yaml resources)',
    });
  });
});

describe('the kustomize cache (keyed by folder content)', () => {
  // A private cache, so what the tests observe does not depend on earlier runs.
  const fixture = (ctx: TestContext) => {
    const kubectl = requireKustomize(ctx).kubectl;
    const scan = homelabScan();
    const source = scan.folders.find((f) => f.objects.length >= 2)!;
    const folder = join(temp('homelab-kcache-'), 'folder');
    cpSync(source.dir, folder, { recursive: true });
    const builder = () => new KustomizeBuilder({ kubectl, cacheDir: join(temp('homelab-kcache-store-'), 'cache') });
    const names = (b: Awaited<ReturnType<KustomizeBuilder['build']>>) => (b.ok ? b.objects.map((o) => (o as { metadata: { name: string } }).metadata.name).sort() : b.error);
    return { kubectl, source, folder, builder, names };
  };

  it('never hides a change: every edit of a folder is a new build, an unchanged folder (even a copy) is served', async (ctx) => {
    const { source, folder, builder, names } = fixture(ctx);
    const b = builder();
    const first = await b.build(folder);
    expect(first).toMatchObject({ ok: true, cached: false });
    // Unchanged: served from the cache, by a new builder (a later run) and for a copy at another path.
    const later = new KustomizeBuilder({ kubectl: b.kubectl, cacheDir: b.cacheDir! });
    const copy = join(temp('homelab-kcache-copy-'), 'elsewhere');
    cpSync(folder, copy, { recursive: true });
    expect(await later.build(folder)).toEqual({ ...first, cached: true });
    expect(await later.build(copy)).toEqual({ ...first, cached: true });
    expect(later.stats).toEqual({ built: 0, cached: 2, runs: 0 });

    // An object renamed in place, same size, same modification time: a new build shows the new name.
    const file = join(folder, source.objects[0]!.file.split('/').pop()!);
    const text = readFileSync(file, 'utf8');
    const name = (source.objects[0]!.object as { metadata: { name: string } }).metadata.name;
    const renamed = text.replace(`metadata:\n  name: ${name}\n`, `metadata:\n  name: ${name.slice(0, -1)}${name.endsWith('x') ? 'y' : 'x'}\n`);
    expect(renamed).not.toBe(text);
    expect(renamed.length).toBe(text.length);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, renamed);
    utimesSync(file, atime, mtime);
    const afterRename = await later.build(folder);
    expect(afterRename.cached).toBe(false);
    expect(names(afterRename)).not.toEqual(names(first));

    // A file dropped from the resources: the build no longer has it.
    const kustomization = join(folder, 'kustomization.yaml');
    const listed = readFileSync(kustomization, 'utf8');
    const dropped = source.objects[1]!.file.split('/').pop()!;
    writeFileSync(kustomization, listed.replace(new RegExp(`^.*${dropped.replace(/\./g, '\\.')}\\n`, 'm'), ''));
    const afterDrop = await later.build(folder);
    expect(afterDrop).toMatchObject({ ok: true, cached: false });
    expect(afterDrop.ok && afterDrop.objects.length).toBe(source.objects.length - 1);

    // A file that breaks the build: the failure is reported, and never cached.
    appendFileSync(file, 'spec: [unclosed\n');
    expect(await later.build(folder)).toMatchObject({ ok: false, cached: false });
    expect(await later.build(folder)).toMatchObject({ ok: false, cached: false });
  });

  it('keys on the kubectl binary too, and never caches a folder whose kustomization reaches outside it', (ctx) => {
    const { kubectl, folder } = fixture(ctx);
    const id = kubectlIdentity(kubectl);
    expect(kustomizeCacheKey(folder, id)).toMatch(/^[0-9a-f]{64}$/);
    expect(kustomizeCacheKey(folder, `${id}-upgraded`)).not.toBe(kustomizeCacheKey(folder, id));
    for (const outside of ['../shared', '/etc/manifests', 'https://example.com/base?ref=v1']) {
      const k = join(folder, 'kustomization.yaml');
      const original = readFileSync(k, 'utf8');
      writeFileSync(k, `${original}components:\n- ${outside}\n`);
      expect(kustomizeCacheKey(folder, id), outside).toBeUndefined();
      writeFileSync(k, original);
    }
  });

  it('builds folders asked for together in batches, each exactly as its own build', async (ctx) => {
    const kubectl = requireKustomize(ctx).kubectl;
    // Folders of every cluster: the same namespaces and names in each, which one kustomize run refuses, so
    // they land in different batches.
    const folders = homelabScan().folders.filter((f) => /^clusters\/[^/]+\/config\/(certificates|issuers|network-policy)$/.test(f.label));
    expect(folders.length).toBeGreaterThanOrEqual(6);
    const dirs = folders.map((f) => f.dir);
    const one = await new KustomizeBuilder({ kubectl, batch: false }).buildAll(dirs);
    const batched = new KustomizeBuilder({ kubectl });
    expect(await batched.buildAll(dirs)).toEqual(one);
    expect(batched.stats.built + batched.stats.cached).toBe(dirs.length);
    // A run per batch: fewer than one per folder built.
    expect(batched.stats.runs).toBeLessThan(batched.stats.built);
    for (const b of one) expect(b.ok && b.objects.length, 'a folder with objects').toBeGreaterThan(0);
  });

  it('builds a content once when many ask at the same time', async (ctx) => {
    const { folder, builder } = fixture(ctx);
    const b = builder();
    const results = await b.buildAll([folder, folder, folder]);
    expect(b.stats).toEqual({ built: 1, cached: 2, runs: 1 });
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  });
});
