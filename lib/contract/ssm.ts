import { SynthError } from '../core/errors.js';
import type { RenderedCluster } from '../k8s/render.js';
import type { RenderedStack } from '../terraform/render.js';

/** Something that reads an SSM parameter: an ExternalSecret in a cluster, or a data source in a stack. */
export interface SsmReader {
  /** `cluster <name>: ExternalSecret <ns>/<name>` or `stack <name>: data.aws_ssm_parameter.<id>`. */
  readonly where: string;
  readonly path: string;
  /** The JSON property it reads, when the parameter holds a JSON object. */
  readonly property?: string;
  /** The namespace of the reading ExternalSecret. */
  readonly namespace?: string;
}

/** An `aws_ssm_parameter` a stack writes. */
export interface SsmWriter {
  readonly where: string;
  readonly path: string;
  /** The keys of the JSON object it holds, when its value is a `jsonencode({...})` of literal keys. */
  readonly properties?: readonly string[];
}

/** A parameter nothing in the repository writes: an operator seeds it, following the runbook. */
export interface SeededParameter {
  readonly path: string;
  /** What it holds, for the operator. */
  readonly holds: string;
  /** The JSON properties it must have, when readers read properties. */
  readonly properties?: readonly string[];
  /** The runbook (a path under docs/) that says how to create and rotate it. */
  readonly runbook: string;
}

/** A parameter a stack writes for operators (nothing in the repository reads it). */
export interface ExportedParameter {
  readonly path: string;
  /** Who uses it, and how. */
  readonly usedBy: string;
}

type Spec = Record<string, unknown>;

/** Every SSM key the clusters' ExternalSecrets read (`spec.data[].remoteRef` and `spec.dataFrom[].extract`). */
export function externalSecretReaders(clusters: readonly RenderedCluster[]): SsmReader[] {
  const readers: SsmReader[] = [];
  for (const cluster of clusters) {
    for (const { object } of cluster.objects) {
      if (object.kind !== 'ExternalSecret' || !String(object.apiVersion).startsWith('external-secrets.io/')) continue;
      const where = `cluster ${cluster.name}: ExternalSecret ${object.metadata.namespace}/${object.metadata.name}`;
      const spec = ((object as Spec).spec ?? {}) as Spec;
      for (const d of (spec.data ?? []) as Spec[]) {
        const ref = (d.remoteRef ?? {}) as Spec;
        readers.push({ where, namespace: object.metadata.namespace, path: String(ref.key), ...(ref.property ? { property: String(ref.property) } : {}) });
      }
      for (const d of (spec.dataFrom ?? []) as Spec[]) {
        const extract = d.extract as Spec | undefined;
        if (extract?.key) readers.push({ where, namespace: object.metadata.namespace, path: String(extract.key) });
      }
    }
  }
  return readers;
}

function byName(stack: RenderedStack, section: 'resource' | 'data', type: string): Array<[string, Spec]> {
  return Object.entries(((stack.config[section] ?? {}) as Record<string, Record<string, Spec>>)[type] ?? {});
}

/** The literal keys of a `${jsonencode({"a" = …, "b" = …})}` value; undefined for any other value. */
export function jsonencodedKeys(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(value);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/(?:^|,)\s*"([^"]+)"\s*=/g)].map((k) => k[1]!);
}

/** Every parameter the stacks write, and every one they read through `data.aws_ssm_parameter`. */
export function stackParameters(stacks: readonly RenderedStack[]): { writers: SsmWriter[]; readers: SsmReader[] } {
  const writers: SsmWriter[] = [];
  const readers: SsmReader[] = [];
  for (const stack of stacks) {
    for (const [id, r] of byName(stack, 'resource', 'aws_ssm_parameter')) {
      const properties = jsonencodedKeys(r.value);
      writers.push({ where: `stack ${stack.name}: aws_ssm_parameter.${id}`, path: String(r.name), ...(properties ? { properties } : {}) });
    }
    for (const [id, d] of byName(stack, 'data', 'aws_ssm_parameter')) readers.push({ where: `stack ${stack.name}: data.aws_ssm_parameter.${id}`, path: String(d.name) });
  }
  return { writers, readers };
}

export interface SsmWiring {
  readonly readers: readonly SsmReader[];
  readonly writers: readonly SsmWriter[];
  readonly seeded: readonly SeededParameter[];
  /** Readers whose parameter is seeded by its owner under a rule rather than listed (e.g. an app's own keys). */
  readonly seededByOwner?: (reader: SsmReader) => boolean;
  readonly exported: readonly ExportedParameter[];
  /**
   * Written parameters whose reader is not in the output yet for a stated reason (e.g. the app that reads
   * them is not deployed): the reason, or undefined when the parameter must have a reader.
   */
  readonly awaitingReader?: (writer: SsmWriter) => string | undefined;
  /** Where the contract is declared (named in errors about its lists). */
  readonly contract: string;
}

/**
 * The cross-side check: every parameter read is written by a stack or seeded by hand (and every property read
 * exists in it); every parameter written is read or exported; every seeded parameter is read and written by
 * nothing; nothing is written twice. Each problem names the reader or writer and the parameter.
 */
export function ssmWiringErrors({ readers, writers, seeded, seededByOwner, exported, awaitingReader, contract }: SsmWiring): SynthError[] {
  const errors: SynthError[] = [];
  const written = new Map<string, SsmWriter>();
  for (const w of writers) {
    const other = written.get(w.path);
    if (other) errors.push(new SynthError(w.where, `SSM parameter ${w.path} is also written by ${other.where}`, 'name'));
    else written.set(w.path, w);
  }
  const seededBy = new Map(seeded.map((s) => [s.path, s]));
  const exportedPaths = new Set(exported.map((e) => e.path));
  const read = new Set(readers.map((r) => r.path));

  for (const r of readers) {
    const w = written.get(r.path);
    const s = seededBy.get(r.path);
    if (!w && !s) {
      if (seededByOwner?.(r)) continue;
      errors.push(new SynthError(r.where, `reads SSM parameter ${r.path}, which no stack writes and ${contract} does not list as seeded by hand`, 'remoteRef.key'));
      continue;
    }
    const properties = w ? w.properties : s!.properties;
    if (r.property && properties && !properties.includes(r.property)) {
      errors.push(new SynthError(r.where, `reads property "${r.property}" of ${r.path}, which holds only ${properties.join(', ')} (${w ? w.where : contract})`, 'remoteRef.property'));
    }
    if (r.property && !properties) {
      errors.push(new SynthError(r.where, `reads property "${r.property}" of ${r.path}, which is not a JSON object of known keys (${w ? w.where : contract})`, 'remoteRef.property'));
    }
  }
  for (const w of written.values()) {
    if (!read.has(w.path) && !exportedPaths.has(w.path) && !awaitingReader?.(w)) errors.push(new SynthError(w.where, `writes SSM parameter ${w.path}, which nothing reads and ${contract} does not list as exported`, 'name'));
    if (seededBy.has(w.path)) errors.push(new SynthError(contract, `${w.path} is listed as seeded by hand but ${w.where} writes it`, 'seeded'));
  }
  for (const s of seeded) {
    if (!read.has(s.path)) errors.push(new SynthError(contract, `${s.path} is listed as seeded by hand but nothing reads it`, 'seeded'));
  }
  for (const e of exported) {
    if (!written.has(e.path)) errors.push(new SynthError(contract, `${e.path} is listed as exported but no stack writes it`, 'exported'));
  }
  // One reader with several keys of the same parameter reports a missing parameter once.
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && Boolean(seen.add(e.message)));
}
