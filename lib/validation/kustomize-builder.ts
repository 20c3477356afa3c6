import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import type { ValidationIssue } from './issue.js';
import { kustomizeBuild, kustomizeIssues, type KustomizeBuild, type KustomizeFolder } from './kustomize.js';

/**
 * Where kustomize results are kept: `.cache/kustomize` under the repository root (not committed), or
 * `$HOMELAB_KUSTOMIZE_CACHE` (the benchmark points it at an empty folder to measure a cold run).
 */
export function kustomizeCacheDir(root: string): string {
  return process.env.HOMELAB_KUSTOMIZE_CACHE || join(root, '.cache', 'kustomize');
}

/** Bump when what a cache entry holds, or how its key is made, changes. */
const FORMAT = 'kustomize-cache/1';
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** A lock older than this is a crashed builder's, not a slow one's. */
const STALE_LOCK_MS = 120_000;
/** The cache is pruned to half of this many entries (oldest first) when it grows beyond it. */
const MAX_ENTRIES = 4000;

export interface KustomizeBuilderOptions {
  /** The kubectl binary. */
  readonly kubectl: string;
  /** Where results live across runs and processes; no cache when absent (each folder still built once). */
  readonly cacheDir?: string;
  /** kubectl processes at a time (default: one per core). */
  readonly parallel?: number;
  /**
   * Build folders requested together in one kubectl run per core (default true; see {@link batchable}). The
   * result of each folder is the same as its own build; a batch that fails is built folder by folder.
   */
  readonly batch?: boolean;
}

export type CachedKustomizeBuild = KustomizeBuild & {
  /** Whether the result came from the cache (or a build already running) instead of a kubectl run. */
  readonly cached: boolean;
};

/** Every string a kustomization holds (paths hide among them: resources, patches, generators, components). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Whether a kustomization string may point outside its folder (a parent, an absolute path, a URL). */
const leavesFolder = (s: string): boolean => s.startsWith('/') || s.startsWith('~') || s.includes('://') || s.split(/[\\/]/).includes('..');

/**
 * The cache key of `kubectl kustomize <dir>`: every file under the folder (names and bytes) and the kubectl
 * binary. Undefined when the build may read anything outside the folder — then the key could not see a change
 * there, so the folder is never cached. Content, not mtimes: a copy of a folder hits, an edit that keeps the
 * size and the timestamp misses.
 */
export function kustomizeCacheKey(dir: string, kubectlId: string): string | undefined {
  const kustomization = KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!kustomization) return undefined;
  let spec: unknown;
  try {
    spec = parse(readFileSync(kustomization, 'utf8'));
  } catch {
    return undefined;
  }
  if (strings(spec).some(leavesFolder)) return undefined;
  const hash = createHash('sha256').update(`${FORMAT}\0${kubectlId}\0`);
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(join(dir, path))).update('\0');
    }
  };
  walk('');
  return hash.digest('hex');
}

/** Identifies a kubectl binary (another version is another key): its real path, size and modification time. */
export function kubectlIdentity(kubectl: string): string {
  const real = realpathSync(kubectl);
  const s = statSync(real);
  return `${real}\0${s.size}\0${s.mtimeMs}`;
}

/**
 * Builds folders with `kubectl kustomize`: each distinct folder content once (concurrent requests for the same
 * content share one build, in this process through a promise and across processes through a lock file), at
 * most `parallel` builds at a time, and successful results kept in `cacheDir` keyed by the folder's content so
 * an unchanged folder is not rebuilt by a later run. Failed builds are never cached.
 */
export class KustomizeBuilder {
  readonly kubectl: string;
  readonly cacheDir: string | undefined;
  /** Folders built by this builder, results served without a build, and the kubectl processes it started. */
  readonly stats = { built: 0, cached: 0, runs: 0 };
  private readonly kubectlId: string;
  private readonly inFlight = new Map<string, Promise<CachedKustomizeBuild>>();
  private readonly slots: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly batch: boolean;
  /** Folders waiting for the next batch (collected until the current turn of the event loop ends). */
  private queued: Array<{ dir: string; ids: readonly string[]; done: (b: KustomizeBuild) => void }> = [];

  constructor(opts: KustomizeBuilderOptions) {
    this.kubectl = opts.kubectl;
    this.cacheDir = opts.cacheDir;
    this.batch = opts.batch ?? true;
    this.slots = Math.max(1, opts.parallel ?? availableParallelism());
    this.kubectlId = kubectlIdentity(opts.kubectl);
    if (this.cacheDir) {
      mkdirSync(this.cacheDir, { recursive: true });
      prune(this.cacheDir);
    }
  }

  /** `kubectl kustomize <dir>`, or its cached result when a folder with the same content was built before. */
  build(dir: string): Promise<CachedKustomizeBuild> {
    const key = kustomizeCacheKey(dir, this.kubectlId);
    if (key === undefined) return this.run(dir);
    let pending = this.inFlight.get(key);
    if (pending) {
      this.stats.cached++;
      return pending.then((b) => ({ ...b, cached: true }));
    }
    pending = this.cachedBuild(key, dir).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return pending;
  }

  /** Builds many folders, in parallel; results in the order given. */
  buildAll(dirs: readonly string[]): Promise<CachedKustomizeBuild[]> {
    return Promise.all(dirs.map((d) => this.build(d)));
  }

  private async cachedBuild(key: string, dir: string): Promise<CachedKustomizeBuild> {
    if (!this.cacheDir) return this.batched(dir);
    const entry = join(this.cacheDir, `${key}.json`);
    const lock = `${entry}.lock`;
    for (;;) {
      const hit = readEntry(entry);
      if (hit) {
        this.stats.cached++;
        return { ok: true, objects: hit, cached: true };
      }
      if (takeLock(lock)) break;
      await sleep(20); // another process builds this content right now: wait for its result
    }
    try {
      const result = await this.batched(dir);
      if (result.ok) {
        const tmp = `${entry}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(result.objects));
        renameSync(tmp, entry);
      }
      return result;
    } finally {
      rmQuiet(lock);
    }
  }

  private async run(dir: string): Promise<CachedKustomizeBuild> {
    this.stats.built++;
    return { ...(await this.kubectlKustomize(dir)), cached: false };
  }

  /** One `kubectl kustomize` when a slot is free. */
  private async kubectlKustomize(dir: string): Promise<KustomizeBuild> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.stats.runs++;
    try {
      return await kustomizeBuild(dir, this.kubectl);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /**
   * The build of one folder, in a batch with the other folders asked for in this turn of the event loop when
   * it can be (a kubectl start costs more than building a small folder: ~240 runs were most of a cold
   * validation).
   */
  private batched(dir: string): Promise<CachedKustomizeBuild> {
    const ids = this.batch ? batchable(dir) : undefined;
    if (!ids) return this.run(dir);
    this.stats.built++;
    return new Promise<KustomizeBuild>((done) => {
      if (!this.queued.length) setImmediate(() => this.flush());
      this.queued.push({ dir, ids, done });
    }).then((b) => ({ ...b, cached: false }));
  }

  private flush(): void {
    const queued = this.queued;
    this.queued = [];
    // One batch per core, each without two objects of one identity (kustomize refuses those: the same
    // namespace and name in two clusters' folders), folders kept in the order asked.
    const size = Math.ceil(queued.length / this.slots);
    const batches: Array<{ items: typeof queued; ids: Set<string> }> = [];
    for (const item of queued) {
      let b = batches.find((c) => c.items.length < size && !item.ids.some((id) => c.ids.has(id)));
      if (!b) batches.push((b = { items: [], ids: new Set() }));
      b.items.push(item);
      for (const id of item.ids) b.ids.add(id);
    }
    for (const { items } of batches) {
      const one = (item: (typeof items)[number]) => this.kubectlKustomize(item.dir).then(item.done);
      if (items.length === 1) void one(items[0]!);
      else
        void this.buildBatch(items.map((i) => i.dir)).then((builds) => {
          // A failed batch says little about which folder broke it: each is built on its own for its message.
          if (builds) items.forEach((item, i) => item.done(builds[i]!));
          else for (const item of items) void one(item);
        });
    }
  }

  /**
   * Builds `dirs` as the resources of one kustomization, each object attributed to its folder by the origin
   * annotation kustomize adds on request (and removed again); undefined when the batch fails.
   */
  private async buildBatch(dirs: readonly string[]): Promise<KustomizeBuild[] | undefined> {
    const root = mkdtempSync(join(tmpdir(), 'homelab-kustomize-batch-'));
    try {
      const resources = dirs.map((d) => relative(root, d));
      writeFileSync(join(root, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nbuildMetadata: [originAnnotations]\nresources:\n${resources.map((r) => `  - ${JSON.stringify(r)}\n`).join('')}`);
      const build = await this.kubectlKustomize(root);
      if (!build.ok) return undefined;
      const byDir = new Map(dirs.map((d) => [resolve(d), [] as Record<string, unknown>[]]));
      for (const obj of build.objects) {
        const metadata = obj.metadata as { annotations?: Record<string, string> } | undefined;
        const origin = metadata?.annotations?.[ORIGIN];
        const path = origin === undefined ? undefined : /^path: (.+)$/m.exec(origin)?.[1];
        const objects = path === undefined ? undefined : byDir.get(dirname(resolve(root, path)));
        if (!objects) return undefined;
        delete metadata!.annotations![ORIGIN];
        if (!Object.keys(metadata!.annotations!).length) delete metadata!.annotations;
        objects.push(obj);
      }
      return dirs.map((d) => ({ ok: true, objects: byDir.get(resolve(d))! }));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

const ORIGIN = 'config.kubernetes.io/origin';

/**
 * The object identities (group/kind/namespace/name, as kustomize tells objects apart) of a folder that can be
 * built in a batch: its kustomization lists only files of the folder and does nothing else, so the folder's
 * build is exactly its files' objects, each traceable to the folder by its origin. Undefined otherwise (such a
 * folder is built on its own). The identities are read roughly, only to keep clashing folders apart; an
 * identity misread costs a failed batch, never a wrong result.
 */
function batchable(dir: string): string[] | undefined {
  const found = KUSTOMIZATION_FILES.filter((f) => existsSync(join(dir, f)));
  if (found.length !== 1) return undefined;
  let spec: unknown;
  try {
    spec = parse(readFileSync(join(dir, found[0]!), 'utf8'));
  } catch {
    return undefined;
  }
  const k = spec as { resources?: unknown } | null;
  if (!k || typeof k !== 'object' || Object.keys(k).some((key) => !['apiVersion', 'kind', 'resources'].includes(key))) return undefined;
  if (!Array.isArray(k.resources) || !k.resources.length) return undefined;
  const ids: string[] = [];
  for (const r of k.resources) {
    if (typeof r !== 'string' || !/^[^/\\]+\.ya?ml$/.test(r) || !statSync(join(dir, r), { throwIfNoEntry: false })?.isFile()) return undefined;
    const text = readFileSync(join(dir, r), 'utf8');
    // The annotation a batch adds and removes, or an empty map it would remove: built on its own instead.
    if (text.includes(ORIGIN) || /^\s*annotations:\s*\{\s*\}/m.test(text)) return undefined;
    for (const doc of text.split(/^---\s*$/m)) {
      const field = (re: RegExp) => re.exec(doc)?.[1]?.replace(/^['"]|['"]$/g, '') ?? '';
      const group = field(/^apiVersion:\s*(\S+)/m).replace(/\/?[^/]*$/, '');
      ids.push(`${group}/${field(/^kind:\s*(\S+)/m)}/${field(/^metadata:\n(?:  .*\n)*?  namespace:\s*(\S+)/m)}/${field(/^metadata:\n(?:  .*\n)*?  name:\s*(\S+)/m)}`);
    }
  }
  return ids;
}

function readEntry(entry: string): Record<string, unknown>[] | undefined {
  try {
    return JSON.parse(readFileSync(entry, 'utf8')) as Record<string, unknown>[];
  } catch {
    return undefined; // absent (or, after a crash, unreadable: rebuilt and replaced)
  }
}

function rmQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Creates the lock file, or returns false when a live builder holds it (a stale one is broken first). */
function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  try {
    const holder = readFileSync(lock, 'utf8');
    // An empty lock is one being created this instant: alive.
    if (!isAlive(holder) || Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmQuiet(lock);
  } catch {
    /* released meanwhile */
  }
  return false;
}

function isAlive(holder: string): boolean {
  if (holder === '') return true;
  try {
    process.kill(Number(holder), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Keeps the cache bounded: beyond MAX_ENTRIES results, the older half goes. */
function prune(cacheDir: string): void {
  const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((f) => ({ f, t: statSync(join(cacheDir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES / 2)) rmQuiet(join(cacheDir, f));
}

/**
 * Builds every folder with kustomize (in parallel; through the builder's content cache when given one) and
 * reports a failed build, or an object of the folder that the build leaves out (Flux would silently not
 * apply it).
 */
export async function checkKustomizeFolders(folders: readonly KustomizeFolder[], kubectl: string | KustomizeBuilder = 'kubectl'): Promise<ValidationIssue[]> {
  const builder = typeof kubectl === 'string' ? new KustomizeBuilder({ kubectl }) : kubectl;
  const builds = await builder.buildAll(folders.map((f) => f.dir));
  return folders.flatMap((folder, i) => kustomizeIssues(folder, builds[i]!));
}
