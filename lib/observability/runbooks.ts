import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to `-`. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/**
 * The runbooks under `docs/runbooks/`, read once per synth: file names and their heading anchors, so an
 * alert's `runbook` (`cilium.md` or `cilium.md#bpf-maps`) is checked against what is really there.
 */
export class RunbookIndex {
  static load(root: string): RunbookIndex {
    const dir = join(root, 'docs', 'runbooks');
    const files = new Map<string, Set<string>>();
    if (existsSync(dir)) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
        const headings = readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l));
        files.set(f, new Set(headings.map((h) => headingAnchor(h.replace(/^#+ /, '')))));
      }
    }
    return new RunbookIndex(files);
  }

  constructor(private readonly files: ReadonlyMap<string, ReadonlySet<string>>) {}

  /** Undefined when `ref` resolves, else why it does not. */
  problem(ref: string): string | undefined {
    const [file, anchor] = ref.split('#', 2) as [string, string | undefined];
    const anchors = this.files.get(file);
    if (!anchors) return `runbook "${ref}" does not resolve: no file docs/runbooks/${file} (known: ${[...this.files.keys()].join(', ') || 'none'})`;
    if (anchor !== undefined && !anchors.has(anchor)) return `runbook "${ref}" does not resolve: docs/runbooks/${file} has no heading with anchor "#${anchor}"`;
    return undefined;
  }
}
