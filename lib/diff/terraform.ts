import { diffValues } from './fields.js';
import type { BlockChange, PlanSummary, Replacement, StackDiff } from './model.js';
import { replacingChanges } from './replacement.js';
import { terraformSensitive } from './redact.js';
import type { OutputTree } from './tree.js';

/** One addressable block of a Terraform JSON configuration. */
export interface TerraformBlock {
  /** `aws_s3_bucket.velero-dev`, `data.aws_ssm_parameter.x`, `output.y`, `provider.aws`, `module.m`, `terraform`. */
  readonly address: string;
  /** Top-level section: resource, data, output, variable, locals, provider, module, terraform. */
  readonly kind: string;
  /** Resource/data type (`aws_s3_bucket`), or `''`. */
  readonly type: string;
  readonly body: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** cdktf bookkeeping (`//` keys: construct paths, unique ids) is not configuration. */
function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, stripMetadata(v)]));
  return value;
}

/** Splits a Terraform JSON configuration into addressable blocks. */
export function terraformBlocks(config: Record<string, unknown>): Map<string, TerraformBlock> {
  const blocks = new Map<string, TerraformBlock>();
  const add = (address: string, kind: string, type: string, body: unknown): void => {
    blocks.set(address, { address, kind, type, body: stripMetadata(body) });
  };
  for (const [section, content] of Object.entries(config)) {
    if (section === '//') continue;
    if ((section === 'resource' || section === 'data') && isRecord(content)) {
      for (const [type, byName] of Object.entries(content)) {
        if (!isRecord(byName)) continue;
        for (const [name, body] of Object.entries(byName)) add(`${section === 'data' ? 'data.' : ''}${type}.${name}`, section, type, body);
      }
    } else if ((section === 'output' || section === 'variable' || section === 'module') && isRecord(content)) {
      const prefix = section === 'variable' ? 'var' : section;
      for (const [name, body] of Object.entries(content)) add(`${prefix}.${name}`, section, '', body);
    } else if (section === 'locals' && isRecord(content)) {
      for (const [name, body] of Object.entries(content)) add(`local.${name}`, section, '', { value: body });
    } else if (section === 'provider' && isRecord(content)) {
      for (const [name, body] of Object.entries(content)) {
        const list = Array.isArray(body) ? body : [body];
        for (const p of list) {
          const alias = isRecord(p) && typeof p.alias === 'string' ? `.${p.alias}` : '';
          add(`provider.${name}${alias}`, section, name, p);
        }
      }
    } else {
      add(section, section, '', content);
    }
  }
  return blocks;
}

/** Attribute paths a resource's `lifecycle.ignore_changes` tells Terraform to ignore (`all`: every one). */
function ignoredChanges(body: unknown): (path: string) => boolean {
  const lifecycle = isRecord(body) && isRecord(body.lifecycle) ? body.lifecycle : {};
  const ignore = lifecycle.ignore_changes;
  if (ignore === 'all') return (path) => !/^(lifecycle|depends_on|provider|count|for_each)\b/.test(path);
  const paths = Array.isArray(ignore) ? ignore.filter((x): x is string => typeof x === 'string') : [];
  return (path) => paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/** What a plan would do with the managed resources of a stack, and which changed resources it replaces. */
function plan(a: Map<string, TerraformBlock>, b: Map<string, TerraformBlock>, added: readonly string[], removed: readonly string[], changed: readonly BlockChange[]): { plan: PlanSummary; replaced: Replacement[] } {
  const managed = (blocks: Map<string, TerraformBlock>, address: string) => blocks.get(address)?.kind === 'resource';
  const replaced: Replacement[] = [];
  let change = 0;
  for (const c of changed) {
    const now = b.get(c.address)!;
    if (now.kind !== 'resource') continue;
    const ignored = ignoredChanges(now.body);
    const effective = c.changes.filter((f) => !ignored(f.path));
    if (effective.length === 0) continue;
    const because = replacingChanges(now.type, effective).map((f) => f.path);
    if (because.length > 0) replaced.push({ address: c.address, because: [...new Set(because)] });
    else change++;
  }
  return {
    plan: { add: added.filter((x) => managed(b, x)).length, change, replace: replaced.length, destroy: removed.filter((x) => managed(a, x)).length },
    replaced,
  };
}

/**
 * Compares the Terraform configurations of two trees stack by stack: blocks added and removed by address,
 * attribute-level changes of the others, sensitive attributes redacted, and what a plan would count
 * (resources to add, change, replace — from the curated replacement table — and destroy; changes listed in
 * `lifecycle.ignore_changes` count for nothing). Only stacks with a difference appear.
 */
export function diffStacks(base: OutputTree, head: OutputTree): StackDiff[] {
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort();
  const result: StackDiff[] = [];
  for (const stack of names) {
    const a = terraformBlocks(base.stacks.get(stack) ?? {});
    const b = terraformBlocks(head.stacks.get(stack) ?? {});
    const added = [...b.keys()].filter((k) => !a.has(k)).sort();
    const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
    const changed: BlockChange[] = [];
    for (const address of [...b.keys()].sort()) {
      const old = a.get(address);
      if (!old) continue;
      const now = b.get(address)!;
      const isSensitive = terraformSensitive(now.kind, now.type, now.body);
      const wasSensitive = terraformSensitive(old.kind, old.type, old.body);
      const changes = diffValues(old.body, now.body, { sensitive: (p) => isSensitive(p) || wasSensitive(p) });
      if (changes.length > 0) changed.push({ address, changes });
    }
    if (added.length + removed.length + changed.length === 0) continue;
    result.push({ stack, added, removed, changed, ...plan(a, b, added, removed, changed) });
  }
  return result;
}
