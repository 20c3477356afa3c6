import { existsSync, linkSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SynthError } from './errors.js';

/**
 * The crash-safe writer of the committed output tree (`dist/`).
 *
 * `dist/` stays a plain folder (git and CI see files, never a symlink), so it cannot be swapped as a whole
 * without `renameat2(RENAME_EXCHANGE)`, which Node cannot reach. Instead the writer runs a small
 * transaction with a redo/undo journal in a sibling folder `.<name>.txn/` on the same filesystem:
 *
 * 1. plan: compare the new file set with the tree; unchanged files are not touched at all;
 * 2. stage: every new or changed file is written under `.txn/new/` (a full disk or an I/O error fails
 *    here, before `dist/` is touched);
 * 3. commit: `journal.json` (the plan) appears by one atomic rename — the commit point;
 * 4. apply: stale files move to `.txn/old/`, each changed file is first hard-linked to `.txn/old/` and
 *    then replaced by one rename (so every file is always complete, old or new, and never missing), new
 *    folders are created and emptied ones removed;
 * 5. done: the journal is removed; then `.txn/` is deleted, and a failure there is only a warning.
 *
 * A failure while applying (a read-only subfolder, say) rolls every applied step back from `.txn/old/`,
 * so the previous tree is restored byte for byte and the error is reported. A process killed at any
 * instant leaves either the untouched tree (before the commit point) or a journal; the next run — any
 * command that reads or writes the tree calls {@link recoverInterruptedWrite} first — rolls a journal
 * forward to the complete new tree (or, if that cannot succeed, back to the old one) and removes the
 * leftovers. Not covered: power loss (nothing is fsync'ed; the tree is in git).
 */

/** Fault injection: called after each step that changes the disk (the crash test kills the process there). */
export type Checkpoint = (step: string) => void;

interface Journal {
  /** 2: staged and kept files flat in the transaction folder (see {@link txnPaths}); 1: mirrored tree (older writer). */
  readonly version: 1 | 2;
  /** Files removed from the tree (moved to old/). */
  readonly deletes: readonly string[];
  /** Folders of the tree that no longer hold anything, deepest first. */
  readonly rmdirs: readonly string[];
  /** Folders to create, shallowest first. */
  readonly mkdirs: readonly string[];
  /** Files written: `replace` (a previous version is kept in old/ until done) or `create`. */
  readonly puts: ReadonlyArray<{ readonly rel: string; readonly replace: boolean }>;
}

export interface WriteResult {
  readonly created: number;
  readonly replaced: number;
  readonly deleted: number;
  readonly unchanged: number;
  /** What the start of this run found from an interrupted earlier one. */
  readonly recovered: Recovery;
}

export type Recovery = 'none' | 'discarded' | 'rolled-forward' | 'rolled-back';

const LEGACY_LEFTOVER = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-\\d+-\\d+$`);
/** Another run holding the lock longer than this is presumed dead (a reused pid would otherwise block forever). */
const STALE_LOCK_MS = 60 * 60 * 1000;

const txnDirOf = (outDir: string) => join(dirname(outDir), `.${basename(outDir)}.txn`);
const isFolder = (p: string): boolean => {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
};
const exists = (p: string): boolean => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** An I/O failure as the pipeline's error: the path and what could not be done, never a stack trace. */
function ioError(path: string, doing: string, err: unknown, state: string): SynthError {
  const code = (err as { code?: string }).code;
  // Node's `EACCES: permission denied, rename '/a' -> '/b'`: keep the code and the words.
  const detail = code ? `${code}: ${(err as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '')}` : (err as Error).message;
  return new SynthError(path, `cannot ${doing} (${detail}); ${state}`, undefined, { cause: err });
}

/** Every file (not folder) under `dir`, relative, sorted; and every folder. */
function listTree(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        dirs.push(r);
        walk(r);
      } else files.push(r);
    }
  };
  if (existsSync(dir)) walk('');
  return { files: files.sort(), dirs: dirs.sort() };
}

function ancestors(rel: string): string[] {
  const parts = rel.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Whether the file (listTree found it, so it is a file) already holds `content`: one read, no stat first. */
function samePrevious(path: string, content: string): boolean {
  try {
    const previous = readFileSync(path);
    return previous.length === Buffer.byteLength(content) && previous.equals(Buffer.from(content));
  } catch {
    return false;
  }
}

function plan(outDir: string, files: ReadonlyMap<string, string>): { journal: Journal; unchanged: number } {
  const current = listTree(outDir);
  const currentFiles = new Set(current.files);
  const wantedDirs = new Set<string>();
  for (const rel of files.keys()) for (const a of ancestors(rel)) wantedDirs.add(a);
  const deletes = current.files.filter((f) => !files.has(f));
  // A path that changes between file and folder: the old one goes first (deletes, then rmdirs).
  const rmdirs = current.dirs.filter((d) => !wantedDirs.has(d)).sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : -1));
  const keptDirs = new Set(current.dirs.filter((d) => wantedDirs.has(d)));
  const mkdirs = [...wantedDirs].filter((d) => !keptDirs.has(d)).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const puts: Array<{ rel: string; replace: boolean }> = [];
  let unchanged = 0;
  for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (currentFiles.has(rel) && samePrevious(join(outDir, rel), content)) unchanged++;
    else puts.push({ rel, replace: currentFiles.has(rel) });
  }
  return { journal: { version: 2, deletes, rmdirs, mkdirs, puts }, unchanged };
}

/**
 * Where the transaction keeps files: a put's new content (`staged`), a replaced or deleted file's previous version
 * (`oldOfPut`, `oldOfDelete`), by index in the journal. Flat (`new/<i>`, `old/p<i>`, `old/d<i>`): mirroring the
 * output's folders under the transaction cost a mkdir and an rmdir per folder (~2 s of a first 1000-app synth).
 * A version-1 journal, left by an older writer that was killed, mirrors the tree.
 */
function txnPaths(txn: string, j: Journal) {
  if (j.version === 1) {
    return {
      staged: (i: number) => join(txn, 'new', j.puts[i]!.rel),
      oldOfPut: (i: number) => join(txn, 'old', j.puts[i]!.rel),
      oldOfDelete: (i: number) => join(txn, 'old', j.deletes[i]!),
    };
  }
  return {
    staged: (i: number) => join(txn, 'new', String(i)),
    oldOfPut: (i: number) => join(txn, 'old', `p${i}`),
    oldOfDelete: (i: number) => join(txn, 'old', `d${i}`),
  };
}

/**
 * Forward, idempotently: every step can tell whether it already happened, so a killed run resumes here.
 * A delete happened iff its file is in old/ (one rename moves it there); a folder removal iff no folder is
 * left at the path (a file may be there by now); a put iff its staged file is gone (one rename moves it).
 */
function rollForward(outDir: string, txn: string, j: Journal, checkpoint: Checkpoint): void {
  const { staged, oldOfPut, oldOfDelete } = txnPaths(txn, j);
  j.deletes.forEach((rel, i) => {
    if (exists(oldOfDelete(i))) return;
    mkdirSync(dirname(oldOfDelete(i)), { recursive: true });
    renameSync(join(outDir, rel), oldOfDelete(i));
    checkpoint(`delete ${rel}`);
  });
  for (const dir of j.rmdirs) {
    if (!isFolder(join(outDir, dir))) continue;
    rmdirSync(join(outDir, dir));
    checkpoint(`rmdir ${dir}`);
  }
  for (const dir of j.mkdirs) {
    if (isFolder(join(outDir, dir))) continue;
    mkdirSync(join(outDir, dir));
    checkpoint(`mkdir ${dir}`);
  }
  j.puts.forEach(({ rel, replace }, i) => {
    if (!exists(staged(i))) return;
    if (replace && !exists(oldOfPut(i))) {
      mkdirSync(dirname(oldOfPut(i)), { recursive: true });
      try {
        linkSync(join(outDir, rel), oldOfPut(i));
      } catch {
        copyFileSync(join(outDir, rel), oldOfPut(i)); // a filesystem without hard links
      }
      checkpoint(`backup ${rel}`);
    }
    renameSync(staged(i), join(outDir, rel));
    checkpoint(`put ${rel}`);
  });
}

/** Backward, idempotently: undoes whatever part of the journal was applied. */
function rollBack(outDir: string, txn: string, j: Journal): void {
  const { staged, oldOfPut, oldOfDelete } = txnPaths(txn, j);
  for (let i = j.puts.length - 1; i >= 0; i--) {
    const { rel, replace } = j.puts[i]!;
    if (exists(staged(i))) continue; // never applied
    if (replace) {
      if (exists(oldOfPut(i))) renameSync(oldOfPut(i), join(outDir, rel));
    } else if (exists(join(outDir, rel)) && !isFolder(join(outDir, rel))) unlinkSync(join(outDir, rel));
  }
  for (const dir of [...j.mkdirs].reverse()) {
    try {
      rmdirSync(join(outDir, dir));
    } catch {
      // absent, or not created by us after all
    }
  }
  for (const dir of [...j.rmdirs].reverse()) mkdirSync(join(outDir, dir), { recursive: true });
  for (let i = j.deletes.length - 1; i >= 0; i--) {
    const rel = j.deletes[i]!;
    if (exists(oldOfDelete(i)) && !exists(join(outDir, rel))) renameSync(oldOfDelete(i), join(outDir, rel));
  }
}

function readJournal(txn: string): Journal | undefined {
  try {
    return JSON.parse(readFileSync(join(txn, 'journal.json'), 'utf8')) as Journal;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Removes the transaction folder; a failure is only a warning (the next run removes leftovers). */
function cleanUp(txn: string): void {
  try {
    rmSync(txn, { recursive: true, force: true });
  } catch (err) {
    process.emitWarning(`could not remove ${txn} (${(err as Error).message}); the next synth removes it`);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** The pid of a live run holding the transaction folder, if any. */
function ownerAlive(txn: string): number | undefined {
  try {
    const owner = join(txn, 'owner');
    const pid = Number(readFileSync(owner, 'utf8'));
    if (!Number.isInteger(pid) || pid === process.pid || Date.now() - statSync(owner).mtimeMs > STALE_LOCK_MS) return undefined;
    return processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Completes or undoes a write that was interrupted (process killed, machine crashed) and removes every
 * leftover of earlier runs. Cheap when there is nothing to do; every command touching `outDir` calls it.
 */
export function recoverInterruptedWrite(outDir: string, checkpoint: Checkpoint = () => {}): Recovery {
  const parent = dirname(outDir);
  const txn = txnDirOf(outDir);
  let result: Recovery = 'none';
  if (exists(txn)) {
    const pid = ownerAlive(txn);
    if (pid !== undefined) throw new SynthError(outDir, `another run (pid ${pid}) is writing this tree right now; wait for it, or remove ${txn} if no synth is running`);
    const journal = readJournal(txn);
    if (journal) {
      try {
        rollForward(outDir, txn, journal, checkpoint);
        result = 'rolled-forward';
      } catch (forward) {
        try {
          rollBack(outDir, txn, journal);
          result = 'rolled-back';
        } catch (back) {
          throw ioError(outDir, 'complete or undo the interrupted write recorded in ' + join(txn, 'journal.json'), back, `it failed forward too (${(forward as Error).message})`);
        }
      }
      unlinkSync(join(txn, 'journal.json'));
    } else result = 'discarded';
    cleanUp(txn);
  }
  // Half-made lock folders of killed runs, and leftovers of the previous writer (a temporary sibling and a
  // backup of the old tree).
  if (existsSync(parent)) {
    const legacy = LEGACY_LEFTOVER(basename(outDir));
    const claim = `${basename(txn)}-`;
    for (const name of readdirSync(parent)) {
      const pid = name.startsWith(claim) ? Number(name.slice(claim.length)) : NaN;
      if (legacy.test(name) || (Number.isInteger(pid) && !processAlive(pid))) cleanUp(join(parent, name));
    }
  }
  return result;
}

/**
 * Makes `outDir` hold exactly `files` (paths relative to it, forward slashes) — see the top of this file
 * for the guarantee. Throws a SynthError naming the path on any failure; the previous tree is then intact.
 */
export function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string>, checkpoint: Checkpoint = () => {}): WriteResult {
  const folders = new Set([...files.keys()].flatMap(ancestors));
  for (const rel of files.keys()) {
    if (rel === '' || rel.startsWith('/') || rel.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      throw new SynthError(rel, 'writer: refusing a path outside the output tree');
    }
    if (folders.has(rel)) throw new SynthError(rel, 'writer: one path is both a file and a folder');
  }
  const parent = dirname(outDir);
  const unchangedState = 'the previous output is unchanged';
  try {
    mkdirSync(parent, { recursive: true });
    if (exists(outDir) && !lstatSync(outDir).isDirectory()) throw new Error(`${outDir} exists and is not a folder`);
  } catch (err) {
    throw ioError(outDir, 'prepare the output folder', err, unchangedState);
  }
  const recovered = recoverInterruptedWrite(outDir);

  // Texts are encoded file by file (compare, stage), not all up front: a second copy of the whole output
  // (~140 MB of Buffers at 1000 apps) was held through the whole write.
  const { journal, unchanged } = plan(outDir, files);
  const counts = { created: journal.puts.filter((p) => !p.replace).length, replaced: journal.puts.filter((p) => p.replace).length, deleted: journal.deletes.length, unchanged, recovered };
  if (exists(outDir) && !journal.puts.length && !journal.deletes.length && !journal.rmdirs.length && !journal.mkdirs.length) return counts;

  // Lock: the transaction folder appears complete with its owner (one rename), or not at all.
  const txn = txnDirOf(outDir);
  const claim = `${txn}-${process.pid}`;
  try {
    rmSync(claim, { recursive: true, force: true });
    mkdirSync(claim);
    writeFileSync(join(claim, 'owner'), String(process.pid));
    renameSync(claim, txn);
  } catch (err) {
    rmSync(claim, { recursive: true, force: true });
    if (exists(txn)) throw new SynthError(outDir, `another run is writing this tree right now (${txn} appeared); try again`);
    throw ioError(parent, 'create the transaction folder beside the output', err, unchangedState);
  }
  checkpoint('lock');

  // Stage (nothing in outDir changes; a failure here discards the transaction).
  try {
    if (!exists(outDir)) mkdirSync(outDir);
    const { staged } = txnPaths(txn, journal);
    mkdirSync(join(txn, 'new'));
    for (const [i, { rel }] of journal.puts.entries()) {
      const target = staged(i);
      try {
        writeFileSync(target, files.get(rel)!);
      } catch (err) {
        throw ioError(join(outDir, rel), 'write the new version', err, unchangedState);
      }
      checkpoint(`stage ${rel}`);
    }
    writeFileSync(join(txn, 'journal.json.tmp'), JSON.stringify(journal));
    checkpoint('journal written');
    renameSync(join(txn, 'journal.json.tmp'), join(txn, 'journal.json'));
  } catch (err) {
    cleanUp(txn);
    throw err instanceof SynthError ? err : ioError(txn, 'stage the new output', err, unchangedState);
  }
  checkpoint('commit');

  // Apply; on failure restore the previous tree exactly.
  try {
    rollForward(outDir, txn, journal, checkpoint);
  } catch (err) {
    // For a rename, the destination is the path in the output the user knows.
    const failed = (err as { dest?: string }).dest ?? (err as { path?: string }).path ?? outDir;
    try {
      rollBack(outDir, txn, journal);
    } catch (undo) {
      throw ioError(failed, 'replace the output', err, `undoing the partial write failed too (${(undo as Error).message}); the next synth completes or undoes it from ${join(txn, 'journal.json')}`);
    }
    unlinkSync(join(txn, 'journal.json'));
    cleanUp(txn);
    throw ioError(failed, 'replace the output', err, 'the previous output was restored');
  }
  // Done: from here on nothing can turn the run into a failure.
  try {
    unlinkSync(join(txn, 'journal.json'));
    checkpoint('done');
  } catch (err) {
    process.emitWarning(`could not remove ${join(txn, 'journal.json')} (${(err as Error).message}); the next synth removes it`);
  }
  cleanUp(txn);
  checkpoint('cleaned');
  return counts;
}

/**
 * Fault injection for the crash tests: `HOMELAB_FAULT_KILL_AT=<n>` kills the process with SIGKILL at the
 * n-th checkpoint (0-based) of the write, `HOMELAB_FAULT_KILL_AT=<step prefix>` at the first step that
 * starts with it (`commit`, `put `, `stage `). Unset, it does nothing.
 */
export function checkpointFromEnv(value = process.env.HOMELAB_FAULT_KILL_AT): Checkpoint {
  if (!value) return () => {};
  let n = 0;
  return (step) => {
    if (/^\d+$/.test(value) ? n++ === Number(value) : step.startsWith(value)) process.kill(process.pid, 'SIGKILL');
  };
}
