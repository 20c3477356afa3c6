import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SynthError, throwIfAny } from '../core/errors.js';
import { apiGroup } from '../core/manifest.js';
import type { ObjectRef } from './model.js';
import { refId } from './model.js';

/** A Kubernetes object read back from an output tree, with its identity. */
export interface LoadedObject {
  readonly ref: ObjectRef;
  readonly object: Record<string, unknown>;
}

/**
 * An output tree (the content of a dist/ folder) split into what the diff compares: Kubernetes objects per
 * cluster keyed by identity, Terraform configurations per stack, reports per cluster, and anything else.
 */
export interface OutputTree {
  /** cluster → object id (`refId`) → object. */
  readonly clusters: ReadonlyMap<string, ReadonlyMap<string, LoadedObject>>;
  /** stack → parsed cdk.tf.json. */
  readonly stacks: ReadonlyMap<string, Record<string, unknown>>;
  /** cluster → report file name → content. */
  readonly reports: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Any other file, by path relative to the tree root. */
  readonly other: ReadonlyMap<string, string>;
}

const K8S = /^kubernetes\/clusters\/([^/]+)\/(.+\.ya?ml)$/;
const STACK = /^infrastructure\/stacks\/([^/]+)\/cdk\.tf\.json$/;
const REPORT = /^reports\/([^/]+)\/(.+)$/;

/** Reads every file under `dir` (relative paths with `/`). A missing directory is an empty tree. */
export function readFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  let exists = false;
  try {
    exists = statSync(dir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) throw new SynthError(dir, 'output tree not found (run `npm run synth` or pass an existing directory)');
  const walk = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const a = join(abs, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(a, r);
      else if (entry.isFile()) files.set(r, readFileSync(a, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Splits a file set into an OutputTree. `label` names the tree in errors (`dist`, `origin/main:dist`).
 * Unparsable files, objects without apiVersion/kind/name, and two objects with one identity are errors
 * naming the file and field.
 */
export function loadTree(files: ReadonlyMap<string, string>, label = 'dist'): OutputTree {
  const clusters = new Map<string, Map<string, LoadedObject>>();
  const stacks = new Map<string, Record<string, unknown>>();
  const reports = new Map<string, Map<string, string>>();
  const other = new Map<string, string>();
  const errors: Error[] = [];

  for (const rel of [...files.keys()].sort()) {
    const content = files.get(rel)!;
    const where = `${label}/${rel}`;
    let m: RegExpExecArray | null;
    if ((m = K8S.exec(rel))) {
      const [, cluster, file] = m as unknown as [string, string, string];
      const objects = clusters.get(cluster) ?? new Map<string, LoadedObject>();
      clusters.set(cluster, objects);
      const docs = parseAllDocuments(content);
      for (const [i, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
        const docWhere = i > 0 ? `${where} (document ${i + 1})` : where;
        if (doc.errors.length > 0) {
          errors.push(new SynthError(docWhere, `invalid YAML: ${doc.errors[0]!.message}`));
          continue;
        }
        const object = doc.toJS() as unknown;
        if (object === null || object === undefined) continue;
        if (!isRecord(object)) {
          errors.push(new SynthError(docWhere, 'expected a Kubernetes object (a mapping)'));
          continue;
        }
        // kustomization.yaml files only list the objects beside them; moving a file is not a change.
        if (object.apiVersion === 'kustomize.config.k8s.io/v1beta1') continue;
        const metadata = isRecord(object.metadata) ? object.metadata : {};
        const missing = typeof object.apiVersion !== 'string' ? 'apiVersion' : typeof object.kind !== 'string' ? 'kind' : typeof metadata.name !== 'string' ? 'metadata.name' : undefined;
        if (missing) {
          errors.push(new SynthError(docWhere, 'not a Kubernetes object: the field is missing or not a string', missing));
          continue;
        }
        const apiVersion = object.apiVersion as string;
        const ns = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
        const ref: ObjectRef = {
          cluster,
          group: apiGroup(apiVersion),
          kind: object.kind as string,
          ...(ns ? { namespace: ns } : {}),
          name: metadata.name as string,
          apiVersion,
          file,
        };
        const id = refId(ref);
        const dup = objects.get(id);
        if (dup) {
          errors.push(new SynthError(docWhere, `object ${id} is also defined in ${label}/kubernetes/clusters/${cluster}/${dup.ref.file}`, 'metadata.name'));
          continue;
        }
        objects.set(id, { ref, object });
      }
    } else if ((m = STACK.exec(rel))) {
      try {
        const config = JSON.parse(content) as unknown;
        if (!isRecord(config)) throw new Error('expected a JSON object');
        stacks.set(m[1]!, config);
      } catch (err) {
        errors.push(new SynthError(where, `invalid Terraform JSON: ${(err as Error).message}`));
      }
    } else if ((m = REPORT.exec(rel))) {
      const byFile = reports.get(m[1]!) ?? new Map<string, string>();
      reports.set(m[1]!, byFile);
      byFile.set(m[2]!, content);
    } else {
      other.set(rel, content);
    }
  }
  throwIfAny(errors);
  return { clusters, stacks, reports, other };
}

/** Reads and splits the output tree in `dir`. */
export function loadTreeFromDir(dir: string): OutputTree {
  return loadTree(readFiles(dir), dir);
}
