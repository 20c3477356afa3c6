import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedStacks } from '../../lib/cli/check-terraform.js';
import { checkTerraformConfig, loadProviderSchemas, PROVIDER_SCHEMAS_DIR, type ProviderSchemas } from '../../lib/terraform/schema-check.js';

// `check:terraform` reads the committed dist/infrastructure/stacks and catches each class of mistake: one
// mutation of a committed stack per class, each failing with the stack, the address and the field.
const root = join(import.meta.dirname, '..', '..');
const schemas = loadProviderSchemas(join(root, PROVIDER_SCHEMAS_DIR));
const committed = committedStacks(root);
const live = (): any => structuredClone(committed.find((s) => s.name === 'live')!.config);
const first = (config: any, type: string): any => Object.values(config.resource[type])[0];
const errorsOf = (config: unknown, with_: ProviderSchemas = schemas) => checkTerraformConfig('live', config as Record<string, unknown>, with_);

describe('check:terraform on the committed stacks', () => {
  it('reads every committed stack, and each passes', () => {
    expect(committed.map((s) => s.name)).toEqual(['dev', 'global', 'integration', 'live']);
    for (const s of committed) expect(checkTerraformConfig(s.name, s.config, schemas), s.name).toEqual([]);
  });

  it('primitive types: a literal string where a number or bool is required is an error; real expressions are exempt', () => {
    const config = live();
    first(config, 'unifi_dns_record').ttl = 'zero';
    first(config, 'unifi_network').dhcpd_boot_enabled = 'yes';
    expect(errorsOf(config)).toEqual([
      expect.stringMatching(/^live: unifi_dns_record\.[\w-]+\.ttl: a number is required, got "zero"$/),
      expect.stringMatching(/^live: unifi_network\.[\w-]+\.dhcpd_boot_enabled: a bool is required, got "yes"$/),
    ]);
    const expr = live();
    first(expr, 'unifi_dns_record').ttl = '${length(var.x)}';
    expect(errorsOf(expr)).toEqual([]);
    const escaped = live();
    first(escaped, 'unifi_dns_record').ttl = '$${not-an-expression}';
    expect(errorsOf(escaped)).toEqual([expect.stringMatching(/ttl: a number is required/)]);
  });

  it('collections: a scalar where a list is required is an error', () => {
    const config = live();
    first(config, 'helm_release').values = 'not-a-list';
    expect(errorsOf(config)).toEqual([expect.stringMatching(/helm_release\.[\w-]+\.values: a list is required, got "not-a-list"/)]);
  });

  it('blocks: max_items, and a list where one nested block is required', () => {
    const block = { attributes: { name: { type: 'string', required: true } } };
    const fake: ProviderSchemas = new Map([
      ['x', { provider: { block: {} }, data_source_schemas: {}, resource_schemas: { x_thing: { block: { block_types: { one: { nesting_mode: 'single', block }, few: { nesting_mode: 'list', max_items: 2, block } } } } } }],
    ] as never);
    const config = (thing: unknown) => ({ terraform: live().terraform, resource: { x_thing: { a: thing } } });
    expect(errorsOf(config({ one: { name: 'n' }, few: [{ name: 'a' }, { name: 'b' }] }), fake)).toEqual([]);
    expect(errorsOf(config({ few: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }), fake)).toEqual(['live: x_thing.a.few: at most 2 block(s), got 3']);
    expect(errorsOf(config({ one: [{ name: 'n' }] }), fake)).toEqual(['live: x_thing.a.one: one nested block is expected, got a list of 1']);
  });

  it('lifecycle.ignore_changes names attributes of the resource', () => {
    const config = live();
    first(config, 'unifi_network').lifecycle.ignore_changes.push('dhcp_leese');
    expect(errorsOf(config)).toEqual([expect.stringMatching(/unifi_network\.[\w-]+\.lifecycle\.ignore_changes\[\d+\]: "dhcp_leese" is not an attribute or block of unifi_network/)]);
  });

  it('references name declared resources and data sources (expressions and depends_on)', () => {
    const config = live();
    first(config, 'unifi_dns_record').record = '${unifi_user.nowhere.ip}';
    first(config, 'talos_machine_bootstrap').depends_on = ['talos_machine_configuration_apply.gone'];
    first(config, 'kubernetes_namespace').metadata.name = '${data.aws_ssm_parameter.missing.value}';
    expect(errorsOf(config)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/record: references unifi_user\.nowhere, which this stack does not declare/),
        expect.stringMatching(/depends_on\[0\]: references talos_machine_configuration_apply\.gone/),
        expect.stringMatching(/references data\.aws_ssm_parameter\.missing, which this stack does not declare/),
      ]),
    );
  });

  it('provider sources are full addresses with exact versions', () => {
    const config = live();
    config.terraform.required_providers.aws.source = 'aws';
    config.terraform.required_providers.helm.source = 'hashicorp/kubernetes';
    config.terraform.required_providers.talos.version = '~> 0.11';
    expect(errorsOf(config)).toEqual([
      'live: terraform.required_providers.aws.source: "aws" is not a full source address (namespace/name)',
      'live: terraform.required_providers.helm.source: "hashicorp/kubernetes" names provider "kubernetes", not "helm"',
      'live: terraform.required_providers.talos.version: "~> 0.11" is not an exact pin',
    ]);
  });

  it('the backend is the encrypted S3 one with locking', () => {
    const none = live();
    delete none.terraform.backend;
    expect(errorsOf(none)).toEqual(['live: terraform.backend: expected exactly one "s3" backend, got none']);
    const unlocked = live();
    unlocked.terraform.backend.s3.use_lockfile = false;
    delete unlocked.terraform.backend.s3.key;
    expect(errorsOf(unlocked)).toEqual(['live: terraform.backend.s3.key: required', 'live: terraform.backend.s3.use_lockfile: must be true (state locking)']);
  });

  it('required_version admits only OpenTofu releases whose S3 backend can lock', () => {
    const missing = live();
    delete missing.terraform.required_version;
    expect(errorsOf(missing)).toEqual([expect.stringMatching(/terraform\.required_version: must be ">= 1\.10\.0" or higher/)]);
    const low = live();
    low.terraform.required_version = '>= 1.6';
    expect(errorsOf(low)).toEqual([expect.stringMatching(/"\>= 1\.6" admits releases whose S3 backend cannot lock/)]);
  });
});
