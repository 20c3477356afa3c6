import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SynthError } from '../core/errors.js';
import { compileCached } from '../validation/compile-cache.js';
import type { TalosDocument } from './machine-config.js';

// Every Talos document we emit is checked against the upstream machine-config JSON schema of the pinned Talos
// release (lib/generated/talos-schema, written by `npm run import`), strictly (unknown fields are errors), and
// against the rules that span documents, which no per-document schema can state.

const SCHEMA_FILE = 'lib/generated/talos-schema/config.schema.json';

/**
 * Fields Talos still decodes that its published schema lacks (../shared/schemas/README.md): accepted, nothing
 * else outside the schema is. Each is `[definition, field]`.
 */
export const TALOS_SCHEMA_GAPS: ReadonlyArray<readonly [string, string]> = [
  ['v1alpha1.APIServerConfig', 'disablePodSecurityPolicy'],
  ['v1alpha1.FeaturesConfig', 'stableHostname'],
];

/** Documents of which a machine configuration holds at most one (no `name`). */
const SINGLETONS = new Set(['v1alpha1', 'HostnameConfig', 'ResolverConfig', 'TimeSyncConfig', 'KubeSpanConfig']);
/** Kinds that define a link other documents may name. */
const LINK_KINDS = new Set(['LinkAliasConfig', 'LinkConfig', 'BondConfig', 'VLANConfig', 'BridgeConfig', 'DummyLinkConfig']);
/** Talos labels a user volume's partition `u-<name>`; a GPT partition label holds 36 characters. */
export const USER_VOLUME_NAME_MAX = 34;

let validator: ValidateFunction | undefined;

function schemaText(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const candidate = join(d, SCHEMA_FILE);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(d) === d) throw new Error(`no ${SCHEMA_FILE} above this module; run \`npm run import\``);
  }
}

/**
 * One validator for every document: the document's `kind` picks its definition (no kind: the v1alpha1 main
 * document), so an error names the fields of that kind instead of every branch of the upstream `oneOf`.
 */
function documentValidator(): ValidateFunction {
  if (validator) return validator;
  const upstream = JSON.parse(schemaText()) as { $defs: Record<string, { properties?: Record<string, unknown>; properties_?: never }>; oneOf: Array<{ $ref: string }> };
  const defs = structuredClone(upstream.$defs);
  for (const [def, field] of TALOS_SCHEMA_GAPS) defs[def]!.properties![field] = { type: 'boolean' };
  const kinds = upstream.oneOf.map((o) => o.$ref.replace('#/$defs/', '')).filter((d) => d !== 'v1alpha1.Config');
  const kindOf = (def: string) => (defs[def]!.properties!.kind as { enum: string[] }).enum[0]!;
  const schema = {
    $defs: defs,
    type: 'object',
    if: { required: ['kind'] },
    then: {
      properties: { kind: { enum: kinds.map(kindOf) } },
      allOf: kinds.map((def) => ({ if: { properties: { kind: { const: kindOf(def) } } }, then: { $ref: `#/$defs/${def}` } })),
    },
    else: { $ref: '#/$defs/v1alpha1.Config' },
  };
  validator = compileCached(JSON.stringify(schema), { allErrors: true, strict: false, validateFormats: false });
  return validator;
}

const label = (d: TalosDocument): string => (d.kind ? `${String(d.kind)}${d.name !== undefined ? ` ${String(d.name)}` : ''}` : 'v1alpha1 config');
const fieldOf = (e: ErrorObject): string => {
  const path = e.instancePath.split('/').slice(1).join('.');
  const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
  return [path, extra].filter(Boolean).join('.') || '(document)';
};

/** Schema errors of one document: the most specific ones (a failed `if` reports its branch, not itself). */
function schemaErrors(where: string, doc: TalosDocument): SynthError[] {
  const validate = documentValidator();
  if (validate(doc)) return [];
  const errors = ((validate.errors ?? []) as ErrorObject[]).filter((e) => e.keyword !== 'if');
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    const field = fieldOf(e);
    const message = e.keyword === 'additionalProperties' ? 'is not a field of the Talos schema' : (e.message ?? 'is invalid');
    const key = `${field}\0${message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [new SynthError(`${where}: ${label(doc)}`, message, field)];
  });
}

/** Rules across the documents of one machine: unique names, references that resolve, volume names that fit. */
function documentSetErrors(where: string, docs: readonly TalosDocument[]): SynthError[] {
  const errors: SynthError[] = [];
  const seen = new Set<string>();
  const links = new Set(docs.filter((d) => LINK_KINDS.has(String(d.kind)) && typeof d.name === 'string').map((d) => String(d.name)));
  for (const d of docs) {
    const kind = String(d.kind ?? 'v1alpha1');
    const key = SINGLETONS.has(kind) ? kind : `${kind}/${String(d.name)}`;
    if (seen.has(key)) errors.push(new SynthError(`${where}: ${label(d)}`, SINGLETONS.has(kind) ? `a machine configuration holds one ${kind} document` : `a second ${kind} named "${String(d.name)}"`, 'name'));
    seen.add(key);
    const link = (field: string, value: unknown) => {
      if (typeof value === 'string' && !links.has(value)) errors.push(new SynthError(`${where}: ${label(d)}`, `names link "${value}", which no document of this machine defines`, field));
    };
    if (kind === 'BondConfig' || kind === 'BridgeConfig') ((d.links as unknown[] | undefined) ?? []).forEach((l, i) => link(`links[${i}]`, l));
    if (kind === 'VLANConfig') link('parent', d.parent);
    if (kind === 'Layer2VIPConfig') link('link', d.link);
    if (kind === 'DHCPv4Config' || kind === 'DHCPv6Config') link('name', d.name);
    if (kind === 'UserVolumeConfig') {
      const name = String(d.name ?? '');
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) errors.push(new SynthError(`${where}: ${label(d)}`, 'a user volume name is lowercase letters, digits and inner dashes', 'name'));
      if (name.length > USER_VOLUME_NAME_MAX) errors.push(new SynthError(`${where}: ${label(d)}`, `is ${name.length} characters; Talos labels the partition u-<name>, at most ${USER_VOLUME_NAME_MAX} for the name`, 'name'));
    }
  }
  const system = docs.filter((d) => d.kind === 'UserVolumeConfig' && String((d.provisioning as { diskSelector?: { match?: string } })?.diskSelector?.match ?? '').trim() === 'system_disk == true');
  const ephemeral = docs.find((d) => d.kind === 'VolumeConfig' && d.name === 'EPHEMERAL');
  const percent = (d: TalosDocument | undefined) => Number.parseInt(String((d?.provisioning as { maxSize?: string } | undefined)?.maxSize ?? '0'), 10);
  const shared = system.reduce((s, d) => s + percent(d), 0) + (system.length ? percent(ephemeral) : 0);
  if (system.length && shared > 100) errors.push(new SynthError(`${where}: VolumeConfig EPHEMERAL`, `the system disk is given out ${shared}% (EPHEMERAL plus user volumes on it)`, 'provisioning.maxSize'));
  return errors;
}

/** Every problem of one machine's documents; `where` names the machine (e.g. `live/node41`). */
export function talosDocumentErrors(where: string, docs: readonly TalosDocument[]): SynthError[] {
  return [...docs.flatMap((d) => schemaErrors(where, d)), ...documentSetErrors(where, docs)];
}
