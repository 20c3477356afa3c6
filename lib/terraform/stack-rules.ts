// Rules over a whole Terraform JSON root module that no provider schema states: every reference names a
// declared resource or data source, lifecycle.ignore_changes names real attributes, every provider has a full
// source address, the backend is the S3 one with locking, and required_version admits only OpenTofu releases
// whose S3 backend can lock (use_lockfile needs >= 1.10).
import type { ProviderSchemas, SchemaBlock } from './schema-check.js';

type Body = Record<string, unknown>;

/** The OpenTofu release the S3 backend's `use_lockfile` needs. */
export const MIN_TOFU = [1, 10, 0] as const;

/** Every `${…}` expression of a string, skipping escaped `$${`. */
function expressions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) out.push(m[1]!);
  return out;
}

function strings(value: unknown, visit: (s: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '//') strings(v, visit, path ? `${path}.${k}` : k);
}

const ROOTS_OTHER = new Set(['var', 'local', 'module', 'path', 'terraform', 'each', 'count', 'self']);

/** References (`type.name…`, `data.type.name…`) to resources and data sources the module does not declare. */
export function referenceErrors(stack: string, config: Body): string[] {
  const errors: string[] = [];
  const declared = (section: 'resource' | 'data', type: string, name: string) => Boolean(((config[section] ?? {}) as Record<string, Record<string, unknown>>)[type]?.[name]);
  const check = (where: string, ref: string) => {
    const parts = ref.split('.');
    if (parts[0] === 'data') {
      if (parts.length >= 3 && !declared('data', parts[1]!, parts[2]!.replace(/\[.*$/, ''))) errors.push(`${where}: references data.${parts[1]}.${parts[2]}, which this stack does not declare`);
    } else if (parts.length >= 2 && !ROOTS_OTHER.has(parts[0]!) && /^[a-z0-9]+_[a-z0-9_]+$/.test(parts[0]!)) {
      if (!declared('resource', parts[0]!, parts[1]!.replace(/\[.*$/, ''))) errors.push(`${where}: references ${parts[0]}.${parts[1]}, which this stack does not declare`);
    }
  };
  for (const section of ['resource', 'data', 'provider', 'output', 'locals'] as const) {
    strings(config[section], (s, path) => {
      for (const expr of expressions(s)) for (const m of expr.matchAll(/(?:^|[^\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)) check(`${stack}: ${section}.${path}`, m[1]!);
    });
  }
  for (const section of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((config[section] ?? {}) as Record<string, Record<string, Body>>)) {
      for (const [name, body] of Object.entries(byName)) {
        ((body.depends_on as string[] | undefined) ?? []).forEach((d, i) => check(`${stack}: ${section === 'data' ? 'data.' : ''}${type}.${name}.depends_on[${i}]`, d));
      }
    }
  }
  return errors;
}

/** `lifecycle.ignore_changes` entries that are not an attribute or block of the resource (or `all`). */
export function ignoreChangesErrors(stack: string, config: Body, schemas: ProviderSchemas): string[] {
  const errors: string[] = [];
  for (const [type, byName] of Object.entries((config.resource ?? {}) as Record<string, Record<string, Body>>)) {
    const block: SchemaBlock | undefined = schemas.get(type.split('_')[0]!)?.resource_schemas[type]?.block;
    if (!block) continue;
    for (const [name, body] of Object.entries(byName)) {
      const ignore = (body.lifecycle as { ignore_changes?: unknown } | undefined)?.ignore_changes;
      if (ignore === undefined || ignore === 'all') continue;
      if (!Array.isArray(ignore)) {
        errors.push(`${stack}: ${type}.${name}.lifecycle.ignore_changes: must be "all" or a list of attribute names`);
        continue;
      }
      ignore.forEach((entry, i) => {
        const root = String(entry).split(/[.[]/)[0]!;
        if (!(root in (block.attributes ?? {})) && !(root in (block.block_types ?? {}))) {
          errors.push(`${stack}: ${type}.${name}.lifecycle.ignore_changes[${i}]: "${String(entry)}" is not an attribute or block of ${type}`);
        }
      });
    }
  }
  return errors;
}

/** The `terraform` block: full provider sources, the S3 backend with locking, a required_version that allows it. */
export function terraformBlockErrors(stack: string, config: Body): string[] {
  const errors: string[] = [];
  const terraform = (config.terraform ?? {}) as Body;
  for (const [local, req] of Object.entries((terraform.required_providers ?? {}) as Record<string, { source?: string; version?: string }>)) {
    const source = req.source ?? '';
    const parts = source.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9][a-z0-9.-]*$/.test(p))) {
      errors.push(`${stack}: terraform.required_providers.${local}.source: "${source}" is not a full source address (namespace/name)`);
    } else if (parts.at(-1) !== local) {
      errors.push(`${stack}: terraform.required_providers.${local}.source: "${source}" names provider "${parts.at(-1)}", not "${local}"`);
    }
    if (!req.version || !/^\d+\.\d+\.\d+$/.test(req.version)) errors.push(`${stack}: terraform.required_providers.${local}.version: "${req.version ?? ''}" is not an exact pin`);
  }
  const backends = Object.entries((terraform.backend ?? {}) as Record<string, Body>);
  if (backends.length !== 1 || backends[0]![0] !== 's3') {
    errors.push(`${stack}: terraform.backend: expected exactly one "s3" backend, got ${backends.map(([k]) => k).join(', ') || 'none'}`);
  } else {
    const s3 = backends[0]![1];
    for (const key of ['bucket', 'key', 'region'] as const) if (typeof s3[key] !== 'string' || !s3[key]) errors.push(`${stack}: terraform.backend.s3.${key}: required`);
    if (s3.use_lockfile !== true) errors.push(`${stack}: terraform.backend.s3.use_lockfile: must be true (state locking)`);
    if (s3.encrypt !== true) errors.push(`${stack}: terraform.backend.s3.encrypt: must be true`);
  }
  const required = terraform.required_version;
  const lower = typeof required === 'string' ? /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(required.trim()) : null;
  if (!lower) errors.push(`${stack}: terraform.required_version: must be ">= ${MIN_TOFU.join('.')}" or higher (the S3 backend's use_lockfile), got ${JSON.stringify(required ?? null)}`);
  else {
    const v = [Number(lower[1]), Number(lower[2]), Number(lower[3] ?? 0)];
    const below = v[0]! < MIN_TOFU[0] || (v[0] === MIN_TOFU[0] && (v[1]! < MIN_TOFU[1] || (v[1] === MIN_TOFU[1] && v[2]! < MIN_TOFU[2])));
    if (below) errors.push(`${stack}: terraform.required_version: "${required as string}" admits releases whose S3 backend cannot lock (use_lockfile needs ${MIN_TOFU.join('.')})`);
  }
  return errors;
}
