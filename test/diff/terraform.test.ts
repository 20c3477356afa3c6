import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatMarkdown } from '../../lib/diff/format-markdown.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import { fileSet, stack } from './fixtures.js';

const meta = (path: string) => ({ '//': { metadata: { path, uniqueId: path.split('/').pop() } } });

const baseConfig = {
  '//': { metadata: { backend: 's3', stackName: 'global', version: '0.21.0' } },
  resource: {
    aws_s3_bucket: {
      velero: { ...meta('global/velero'), bucket: 'velero', tags: { purpose: 'backup', team: 'a' }, lifecycle: { prevent_destroy: true } },
      old: { ...meta('global/old'), bucket: 'old' },
    },
    aws_ssm_parameter: { ca: { ...meta('global/ca'), name: '/pki/ca', type: 'SecureString', value: 'BASE-SECRET-VALUE' } },
  },
  data: { aws_ssm_parameter: { key: { ...meta('global/key'), name: '/a' } } },
  output: { kubeconfig: { value: 'OLD-KUBECONFIG', sensitive: true } },
  terraform: { backend: { s3: { bucket: 'state', key: 'stacks/global/terraform.tfstate' } } },
};

const headConfig = {
  '//': { metadata: { backend: 's3', stackName: 'global', version: '0.21.1' } },
  resource: {
    aws_s3_bucket: {
      velero: { ...meta('global/velero-moved'), bucket: 'velero', tags: { purpose: 'backups' }, lifecycle: { prevent_destroy: true } },
      fresh: { ...meta('global/fresh'), bucket: 'fresh' },
    },
    aws_ssm_parameter: { ca: { ...meta('global/ca'), name: '/pki/ca', type: 'SecureString', value: 'HEAD-SECRET-VALUE' } },
  },
  data: { aws_ssm_parameter: { key: { ...meta('global/key'), name: '/b' } } },
  output: { kubeconfig: { value: 'NEW-KUBECONFIG', sensitive: true } },
  terraform: { backend: { s3: { bucket: 'state', key: 'stacks/global/v2.tfstate' } } },
};

describe('Terraform stacks', () => {
  const report = diffFileSets(fileSet({ [stack('global')]: baseConfig }), fileSet({ [stack('global')]: headConfig }));

  it('reports resources and data sources by address, with attribute-level changes and cdktf metadata ignored', () => {
    expect(report.stacks).toEqual([
      {
        stack: 'global',
        added: ['aws_s3_bucket.fresh'],
        removed: ['aws_s3_bucket.old'],
        changed: [
          { address: 'aws_s3_bucket.velero', changes: [
            { path: 'tags.purpose', op: 'changed', old: 'backup', new: 'backups' },
            { path: 'tags.team', op: 'removed', old: 'a' },
          ] },
          { address: 'aws_ssm_parameter.ca', changes: [{ path: 'value', op: 'changed', old: '(redacted)', new: '(redacted)' }] },
          { address: 'data.aws_ssm_parameter.key', changes: [{ path: 'name', op: 'changed', old: '/a', new: '/b' }] },
          { address: 'output.kubeconfig', changes: [{ path: 'value', op: 'changed', old: '(redacted)', new: '(redacted)' }] },
          { address: 'terraform', changes: [{ path: 'backend.s3.key', op: 'changed', old: 'stacks/global/terraform.tfstate', new: 'stacks/global/v2.tfstate' }] },
        ],
        replaced: [],
        // Resources only: the bucket and the parameter change in place; the data source, output and backend do not count.
        plan: { add: 1, change: 2, replace: 0, destroy: 1 },
      },
    ]);
    expect(report.risks).toEqual([{ kind: 'terraform-destroy', where: 'stack global: aws_s3_bucket.old', message: 'aws_s3_bucket.old is destroyed (renamed to aws_s3_bucket.fresh? without a moved block that is a destroy and a create)' }]);
  });

  it('never shows a sensitive attribute in any format', () => {
    for (const text of [formatTerminal(report), formatMarkdown(report), JSON.stringify(report)]) {
      expect(text).not.toMatch(/SECRET-VALUE|KUBECONFIG/);
      expect(text).toContain('aws_ssm_parameter.ca');
    }
  });

  it('redacts sensitive attributes by schema and by name, inside whole added blocks too', () => {
    const one = (body: Record<string, unknown>) => fileSet({ [stack('dev')]: { resource: body } });
    const r = diffFileSets(
      one({ talos_machine_configuration_apply: { n1: { node: '10.0.0.1', machine_configuration_input: 'machine: {token: AAA}' } }, unifi_wlan: { w: { name: 'home', passphrase: 'hunter2' } }, random_password: { p: { length: 16 } }, aws_instance: { i: { connection: [{ host: 'h', password: 'p1' }], tags: { api_key: 'k1' } } } }),
      one({ talos_machine_configuration_apply: { n1: { node: '10.0.0.1', machine_configuration_input: 'machine: {token: BBB}' } }, unifi_wlan: { w: { name: 'home', passphrase: 'correct-horse' } }, random_password: { p: { length: 32 } }, aws_instance: { i: { connection: [{ host: 'h', password: 'p2' }], tags: { api_key: 'k2' } } } }),
    );
    const changed = Object.fromEntries(r.stacks[0]!.changed.map((b) => [b.address, b.changes]));
    expect(changed).toEqual({
      'aws_instance.i': [
        { path: 'connection[0].password', op: 'changed', old: '(redacted)', new: '(redacted)' },
        { path: 'tags.api_key', op: 'changed', old: '(redacted)', new: '(redacted)' },
      ],
      // random_password's arguments are not secret (its result is): the reviewer sees what forces the replacement.
      'random_password.p': [{ path: 'length', op: 'changed', old: 16, new: 32 }],
      'talos_machine_configuration_apply.n1': [{ path: 'machine_configuration_input', op: 'changed', old: '(redacted)', new: '(redacted)' }],
      'unifi_wlan.w': [{ path: 'passphrase', op: 'changed', old: '(redacted)', new: '(redacted)' }],
    });
    const added = diffFileSets(new Map(), one({ aws_ssm_parameter: { s: { name: 'n', value: 'TOPSECRET' } } }));
    expect(added.stacks[0]!.added).toEqual(['aws_ssm_parameter.s']);
    const nested = diffFileSets(one({ aws_instance: { i: { tags: {} } } }), one({ aws_instance: { i: { tags: {}, connection: { host: 'h', password: 'TOPSECRET' } } } }));
    expect(nested.stacks[0]!.changed[0]!.changes).toEqual([{ path: 'connection', op: 'added', new: { host: 'h', password: '(redacted)' } }]);
  });

  it('flags a removed prevent_destroy resource, and a lifted guard', () => {
    const guarded = { resource: { aws_s3_bucket: { b: { bucket: 'b', lifecycle: { prevent_destroy: true } } } } };
    const removed = diffFileSets(fileSet({ [stack('global')]: guarded }), fileSet({ [stack('global')]: { resource: {} } }));
    expect(removed.risks).toEqual([
      { kind: 'prevent-destroy', where: 'stack global: aws_s3_bucket.b', message: 'aws_s3_bucket.b has prevent_destroy and is removed: the plan will fail, or (with the guard lifted) destroy it' },
    ]);
    const lifted = diffFileSets(fileSet({ [stack('global')]: guarded }), fileSet({ [stack('global')]: { resource: { aws_s3_bucket: { b: { bucket: 'b', lifecycle: { prevent_destroy: false } } } } } }));
    expect(lifted.risks.map((r) => [r.kind, r.where])).toEqual([['prevent-destroy', 'stack global: aws_s3_bucket.b']]);
    const renamed = diffFileSets(fileSet({ [stack('global')]: guarded }), fileSet({ [stack('global')]: { resource: { aws_s3_bucket: { c: { bucket: 'b', lifecycle: { prevent_destroy: true } } } } } }));
    expect(renamed.risks.map((r) => r.message)).toEqual([
      'aws_s3_bucket.b has prevent_destroy and is removed (renamed to aws_s3_bucket.c? without a moved block that is a destroy and a create): the plan will fail, or (with the guard lifted) destroy it',
    ]);
    // Without the guard, removing a resource is still a destroy a reviewer must see.
    const unguarded = diffFileSets(fileSet({ [stack('dev')]: { resource: { aws_s3_bucket: { b: { bucket: 'b' } } } } }), fileSet({ [stack('dev')]: { resource: {} } }));
    expect(unguarded.risks).toEqual([{ kind: 'terraform-destroy', where: 'stack dev: aws_s3_bucket.b', message: 'aws_s3_bucket.b is destroyed' }]);
    expect(unguarded.stacks[0]!.plan).toEqual({ add: 0, change: 0, replace: 0, destroy: 1 });
    expect(unguarded.stacks[0]!.removed).toEqual(['aws_s3_bucket.b']);
  });

  it('reports a whole stack appearing as every block added', () => {
    const r = diffFileSets(new Map(), fileSet({ [stack('new')]: { provider: { aws: [{ region: 'us-east-2' }, { region: 'eu-west-1', alias: 'eu' }] }, data: { aws_caller_identity: { me: {} } } } }));
    // Data sources and providers are no resources to add in a plan.
    expect(r.stacks).toEqual([
      { stack: 'new', added: ['data.aws_caller_identity.me', 'provider.aws', 'provider.aws.eu'], removed: [], changed: [], replaced: [], plan: { add: 0, change: 0, replace: 0, destroy: 0 } },
    ]);
  });
});
