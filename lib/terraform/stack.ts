import { S3Backend, TerraformStack } from 'cdktf';
import { MIN_TOFU } from './stack-rules.js';
import type { Construct } from 'constructs';

/** Where a stack keeps its OpenTofu state: an S3 bucket (one key per stack). */
export interface StateBackend {
  readonly bucket: string;
  readonly region: string;
}

export interface HomelabStackProps {
  /** Stack name; also its folder under dist/infrastructure/stacks/ and its state key. */
  readonly name: string;
  readonly backend: StateBackend;
}

/**
 * An OpenTofu root module. It always declares the S3 backend (one state key per stack, encrypted, S3-native
 * locking) — without a declared backend cdktf silently adds a local one with an absolute path.
 */
export class HomelabStack extends TerraformStack {
  readonly stackName: string;

  constructor(scope: Construct, props: HomelabStackProps) {
    super(scope, props.name);
    this.stackName = props.name;
    new S3Backend(this, {
      bucket: props.backend.bucket,
      key: `stacks/${props.name}/terraform.tfstate`,
      region: props.backend.region,
      encrypt: true,
    });
    // S3-native state locking (OpenTofu >= 1.10): no DynamoDB table to keep alive. cdktf 0.21's S3Backend
    // has no typed field for it yet.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }

  /**
   * The prebuilt @cdktf/provider-* packages declare their provider by bare name (`source: "aws"`), which
   * OpenTofu resolves only by a registry default; every provider gets its full address here. And the stack
   * requires the OpenTofu release its backend needs (use_lockfile: 1.10).
   */
  override toTerraform(): any {
    const tf = super.toTerraform();
    const block = (tf.terraform ??= {}) as { required_version?: string; required_providers?: Record<string, { source?: string }> };
    block.required_version = `>= ${MIN_TOFU.join('.')}`;
    for (const req of Object.values(block.required_providers ?? {})) {
      if (req.source && !req.source.includes('/')) req.source = `hashicorp/${req.source}`;
    }
    return tf;
  }
}
