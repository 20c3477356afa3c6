import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

/** Where every stack keeps its OpenTofu state (reference: infra.md §5). */
export const STATE_BACKEND = {
  bucket: 'homelab-terragrunt-remote-state',
  region: 'us-east-2',
} as const;

export interface HomelabStackProps {
  /** Stack name; also its folder under dist/infrastructure/stacks/ and its state key. */
  readonly name: string;
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
      bucket: STATE_BACKEND.bucket,
      key: `stacks/${props.name}/terraform.tfstate`,
      region: STATE_BACKEND.region,
      encrypt: true,
    });
    // S3-native state locking (OpenTofu >= 1.10): no DynamoDB table to keep alive. cdktf 0.21's S3Backend
    // has no typed field for it yet.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}
