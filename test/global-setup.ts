// One temporary folder for the whole test run, removed when it ends: TMPDIR points into it, so every
// scratch folder a test or a child process makes (os.tmpdir(), mkdtemp) is inside it and nothing is left
// in /tmp, however a test ended.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'homelab-tests-'));
  // Traversable by everyone, as /tmp is: the writer tests run a child as `nobody` in folders below it.
  chmodSync(root, 0o755);
  // Inherited by the test workers and their children, which all start after this.
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
