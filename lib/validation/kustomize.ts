import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ValidationIssue } from './issue.js';

/** Path of `kubectl` on PATH, or undefined. */
export function findKubectl(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'kubectl');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export type KustomizeBuild =
  | { readonly ok: true; readonly objects: readonly Record<string, unknown>[] }
  | { readonly ok: false; readonly error: string };

/** `kubectl kustomize <dir>`: the objects it renders, or why it failed. */
export function kustomizeBuild(dir: string, kubectl = 'kubectl'): Promise<KustomizeBuild> {
  return new Promise((resolvePromise) => {
    execFile(kubectl, ['kustomize', dir], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err) {
        // kubectl logs `E1125 21:29:30.344744 11707 run.go:72] "command failed" err="…"`: keep the `…`.
        const raw = (stderr || err.message).trim();
        const detail = (/err="(.*)"$/s.exec(raw)?.[1]?.replace(/\\"/g, '"') ?? raw).split('\n').slice(0, 5).join(' | ');
        resolvePromise({ ok: false, error: detail });
        return;
      }
      try {
        const objects = parseAllDocuments(stdout)
          .map((d) => d.toJS() as unknown)
          .filter((o): o is Record<string, unknown> => !!o && typeof o === 'object');
        resolvePromise({ ok: true, objects });
      } catch (e) {
        resolvePromise({ ok: false, error: `unreadable kustomize output: ${(e as Error).message}` });
      }
    });
  });
}

/** apiVersion/kind/namespace/name of an object, to match files against a kustomize build. */
export function identity(obj: unknown): string {
  const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  return `${String(o.apiVersion)}/${String(o.kind)}/${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name)}`;
}

/** A folder holding a kustomization.yaml and the objects of its own files (which it must all include). */
export interface KustomizeFolder {
  /** Absolute path. */
  readonly dir: string;
  /** Path shown in messages (relative to the scanned root). */
  readonly label: string;
  readonly objects: ReadonlyArray<{ readonly object: unknown; readonly file: string }>;
}

/** What a folder's kustomize build says about it: the build failed, or it leaves out some of its objects. */
export function kustomizeIssues(folder: KustomizeFolder, build: KustomizeBuild): ValidationIssue[] {
  if (!build.ok) {
    return [{ object: `folder ${folder.label}`, file: `${folder.label}/kustomization.yaml`, path: '/', message: `kubectl kustomize failed: ${build.error}` }];
  }
  const built = new Set(build.objects.map(identity));
  return folder.objects
    .filter(({ object }) => !built.has(identity(object)))
    .map(({ object, file }) => ({
      object: `folder ${folder.label}`,
      file,
      path: '/',
      message: `${identity(object)} is not in the kustomize build of the folder (missing from kustomization.yaml resources)`,
    }));
}
