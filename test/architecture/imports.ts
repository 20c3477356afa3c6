// Reads the repository's import graph (relative imports of every source file) for the layer tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One relative import: the importing file and the file it names, both relative to the repository root. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const SOURCE = /\.(ts|mts|mjs)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every relative import in `source` (static, re-export, side-effect and dynamic). */
export function relativeImports(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!;
    const to = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mjs');
    edges.push({ from: file, to });
  }
  return edges;
}

/** Source files under the given top-level entries of `root` (skipping node_modules, dist and dot-folders). */
export function sourceFiles(root: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (!name.startsWith('.') && name !== 'node_modules') walk(join(rel, name));
    } else if (SOURCE.test(rel) && !rel.endsWith('.d.ts') && !rel.endsWith('.d.mts')) out.push(rel);
  };
  for (const e of entries) walk(e);
  return out;
}

/** The import graph of `files` (paths relative to `root`). */
export function importGraph(root: string, files: readonly string[]): ImportEdge[] {
  return files.flatMap((f) => relativeImports(relative(root, join(root, f)), readFileSync(join(root, f), 'utf8')));
}

/**
 * The layer a file belongs to: its top-level folder, or the file itself at the top level. Inside lib/, each
 * sub-folder is its own node of the folder graph.
 */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 1 ? parts[0]! : file;
}

/** Imports that go from a layer to one it may not use. `allowed` maps a layer to the layers below it. */
export function wrongDirection(edges: readonly ImportEdge[], allowed: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === b) continue;
    const may = allowed[a];
    if (!may) problems.push(`${from} → ${to}: layer "${a}" has no rule`);
    else if (!may.includes(b)) problems.push(`${from} → ${to}: ${a}/ may import only ${may.map((l) => `${l}/`).join(', ') || 'itself'}`);
  }
  return problems;
}

/** Cycles between folders (each folder a node), each as the list of folders and one file edge per step. */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Map<string, string>>();
  for (const { from, to } of edges) {
    const a = dirname(from);
    const b = dirname(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${from} → ${to}`);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const [next, why] of [...(graph.get(node) ?? [])].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (state.get(next) === 'open') {
        const loop = [...stack.slice(stack.indexOf(next)), next];
        const steps = loop.slice(0, -1).map((n, i) => graph.get(n)!.get(loop[i + 1]!) ?? why);
        cycles.push(`${loop.join(' → ')} (${steps.join('; ')})`);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
