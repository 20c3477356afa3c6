// Small output trees for the diff tests, written to temp dirs so each test reads like its fixture.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toYaml } from '../../lib/core/yaml.js';

export type Tree = Record<string, unknown>;

/** Writes a tree (path → object or string) into a fresh temp dir: `.yaml` as YAML, `.json` as JSON. */
export function writeTree(files: Tree): string {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-diff-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    const text = typeof content === 'string' ? content : rel.endsWith('.json') ? `${JSON.stringify(content, null, 2)}\n` : toYaml(content);
    writeFileSync(p, text);
  }
  return dir;
}

/** The same tree as a file map (for diffFileSets). */
export function fileSet(files: Tree): Map<string, string> {
  return new Map(
    Object.entries(files).map(([rel, c]) => [rel, typeof c === 'string' ? c : rel.endsWith('.json') ? JSON.stringify(c, null, 2) : toYaml(c)]),
  );
}

export const k8s = (cluster: string, file: string): string => `kubernetes/clusters/${cluster}/${file}`;
export const stack = (name: string): string => `infrastructure/stacks/${name}/cdk.tf.json`;
export const report = (cluster: string, file: string): string => `reports/${cluster}/${file}`;

export function namespace(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function deployment(name: string, ns: string, spec: { containers: unknown[]; labels?: Record<string, string>; replicas?: number }): Record<string, unknown> {
  const labels = spec.labels ?? { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: spec.containers } },
    },
  };
}
