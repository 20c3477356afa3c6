// One temporary folder for the whole test run, removed when it ends: TMPDIR points into it, so every
// scratch folder a test or a child process makes (os.tmpdir(), mkdtemp) is inside it and nothing is left
// in /tmp, however a test ended.
//
// The folder is on /dev/shm (RAM) when that is a writable tmpfs with room to spare: the tests write and delete
// tens of thousands of files (dist/ copies, project copies, kustomize batches), and on a disk file system
// (ext4, more so mounted with `discard`) creating and unlinking them cost ~10 % of the suite's CPU, in the
// kernel. Nothing else changes: the same POSIX calls (rename, link, chmod) on another file system.
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** tmpfs' magic number in statfs(2). */
const TMPFS_MAGIC = 0x01021994;
/** The suite keeps well under 300 MB in its scratch folder at a time; less free room than this: use the disk. */
const MIN_FREE_BYTES = 1024 ** 3;

function scratchBase(): string {
  const ram = '/dev/shm';
  try {
    if (!statSync(ram).isDirectory()) return tmpdir();
    accessSync(ram, constants.W_OK);
    const fs = statfsSync(ram);
    if (fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= MIN_FREE_BYTES) return ram;
  } catch {
    // No /dev/shm (macOS), or not usable: the default temporary folder.
  }
  return tmpdir();
}

export default function setup(): () => void {
  const root = mkdtempSync(join(scratchBase(), 'homelab-tests-'));
  // Traversable by everyone, as /tmp is: the writer tests run a child as `nobody` in folders below it.
  chmodSync(root, 0o755);
  // Inherited by the test workers and their children, which all start after this.
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
