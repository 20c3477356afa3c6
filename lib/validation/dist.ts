import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ValidationIssue } from './issue.js';
import type { KustomizeFolder } from './kustomize.js';
import { checkKustomizeFolders, type KustomizeBuilder } from './kustomize-builder.js';
import { SchemaValidator, defaultValidator } from './schema-validator.js';

/** An object read from an output tree. */
export interface OutputObject {
  readonly object: unknown;
  /** Path relative to the scanned root (forward slashes). */
  readonly file: string;
  /** Cluster the file belongs to (`clusters/<cluster>/…`), else its first path segment. */
  readonly cluster: string;
}

export interface OutputScan {
  /** The directory scanned: `<dir>/kubernetes` when the dir is a dist/ tree, else the dir itself. */
  readonly root: string;
  readonly objects: readonly OutputObject[];
  readonly folders: readonly KustomizeFolder[];
  /** Files that are not readable YAML. */
  readonly issues: readonly ValidationIssue[];
}

const KUSTOMIZATION = 'kustomization.yaml';

function clusterOf(rel: string): string {
  const parts = rel.split('/');
  return parts[0] === 'clusters' && parts.length > 2 ? parts[1]! : parts.length > 1 ? parts[0]! : '.';
}

function yamlFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(sep).join('/'))
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

/** Reads every Kubernetes object of a dist/ tree (or any folder of YAML files) and its kustomize folders. */
export function scanOutputTree(dir: string): OutputScan {
  const root = existsSync(join(dir, 'kubernetes')) ? join(dir, 'kubernetes') : dir;
  const objects: OutputObject[] = [];
  const issues: ValidationIssue[] = [];
  const byFolder = new Map<string, Array<{ object: unknown; file: string }>>();
  const kustomized = new Set<string>();
  for (const file of yamlFiles(root)) {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
    if (file === KUSTOMIZATION || file.endsWith(`/${KUSTOMIZATION}`)) {
      kustomized.add(folder);
      continue;
    }
    for (const doc of parseAllDocuments(readFileSync(join(root, file), 'utf8'))) {
      if (doc.errors.length) {
        issues.push({ object: file, file, path: '/', message: `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}` });
        continue;
      }
      const object = doc.toJS() as unknown;
      if (object === null || object === undefined) continue;
      objects.push({ object, file, cluster: clusterOf(file) });
      if (!byFolder.has(folder)) byFolder.set(folder, []);
      byFolder.get(folder)!.push({ object, file });
    }
  }
  const folders = [...kustomized].sort().map((label) => ({ dir: join(root, label), label, objects: byFolder.get(label) ?? [] }));
  return { root, objects, folders, issues };
}

export interface OutputReport {
  readonly scan: OutputScan;
  /** Objects and kustomize folders per cluster, sorted by cluster. */
  readonly perCluster: ReadonlyMap<string, { readonly objects: number; readonly folders: number }>;
  /** Folders built with kustomize (0 when kustomize was skipped). */
  readonly built: number;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Validates a whole output tree: every object against its schema, then (unless `kubectl` is false)
 * `kubectl kustomize` on every folder with a kustomization.yaml (through the builder's cache when given one).
 */
export async function validateOutputTree(
  dir: string,
  opts: { kubectl?: string | KustomizeBuilder | false; validator?: SchemaValidator } = {},
): Promise<OutputReport> {
  const scan = scanOutputTree(dir);
  const validator = opts.validator ?? defaultValidator();
  const issues: ValidationIssue[] = [...scan.issues];
  const perCluster = new Map<string, { objects: number; folders: number }>();
  const count = (cluster: string) => perCluster.get(cluster) ?? perCluster.set(cluster, { objects: 0, folders: 0 }).get(cluster)!;
  for (const o of scan.objects) {
    count(o.cluster).objects++;
    issues.push(...validator.validate(o.object, o.file));
  }
  for (const f of scan.folders) count(clusterOf(`${f.label}/${KUSTOMIZATION}`)).folders++;
  let built = 0;
  if (opts.kubectl !== false) {
    issues.push(...(await checkKustomizeFolders(scan.folders, opts.kubectl ?? 'kubectl')));
    built = scan.folders.length;
  }
  return { scan, perCluster: new Map([...perCluster].sort(([a], [b]) => (a < b ? -1 : 1))), built, issues };
}
