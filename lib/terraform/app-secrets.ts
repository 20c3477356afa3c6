import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';

export interface AppSecretSpec {
  readonly length: number;
  readonly special?: boolean;
}

export interface AppSecretsProps {
  /** Application name (tag). */
  readonly app: string;
  readonly secrets: Readonly<Record<string, AppSecretSpec>>;
  /** SSM parameter holding the JSON object `{<secret>: <value>}`. */
  readonly ssmParameter: string;
}

/**
 * Generated application secrets (random passwords) stored as one JSON SecureString in SSM. Persistent and
 * never regenerated: a changed value would lock the application out of its own data.
 */
export class AppSecrets extends Construct {
  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const values: Record<string, string> = {};
    for (const name of Object.keys(props.secrets).sort()) {
      const spec = props.secrets[name]!;
      if (!Number.isInteger(spec.length) || spec.length < 16) throw new SynthError(this.node.path, `secret "${name}" must be at least 16 characters (got ${spec.length})`, `secrets.${name}.length`);
      const pw = new Password(this, name, { length: spec.length, special: spec.special ?? false, lifecycle: { preventDestroy: true } });
      values[name] = pw.result;
    }
    new SsmParameter(this, 'parameter', {
      name: props.ssmParameter,
      type: 'SecureString',
      value: Fn.jsonencode(values),
      tags: { 'managed-by': 'opentofu', purpose: 'app-secrets', 'app-name': props.app },
      lifecycle: { preventDestroy: true, ignoreChanges: ['value'] },
    });
  }
}
