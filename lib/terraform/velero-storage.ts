import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key/index.js';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

export interface VeleroStorageProps {
  readonly cluster: string;
  /** Bucket name (S3 names are global). */
  readonly bucket: string;
  /** Days after which backup and restore metadata expire. */
  readonly expireDays?: number;
  /** SSM parameters receiving the IAM user's key, read in-cluster by Velero's ExternalSecret. */
  readonly ssm: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Velero's backup bucket for one cluster: private, encrypted, unversioned, with metadata expiry, and an IAM
 * user limited to that bucket whose key lands in SSM (reference: velero-storage module).
 */
export class VeleroStorage extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: VeleroStorageProps) {
    super(scope, id);
    const name = props.bucket;
    const tags = { 'managed-by': 'opentofu', purpose: 'velero-backup', cluster: props.cluster };
    const expire = props.expireDays ?? 35;
    this.bucket = new S3Bucket(this, 'bucket', { bucket: name, tags, lifecycle: { preventDestroy: true } });
    new S3BucketVersioningA(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Suspended' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access', { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    // Kopia's repository data (kopia/) is deliberately not expired: Velero prunes it itself.
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        { id: 'expire-old-backup-metadata', status: 'Enabled', filter: [{ prefix: 'backups/' }], expiration: [{ days: expire }], noncurrentVersionExpiration: [{ noncurrentDays: 7 }] },
        { id: 'expire-old-restore-metadata', status: 'Enabled', filter: [{ prefix: 'restores/' }], expiration: [{ days: expire }], noncurrentVersionExpiration: [{ noncurrentDays: 7 }] },
      ],
    });
    const user = new IamUser(this, 'user', { name: `velero-backup-${props.cluster}`, tags });
    new IamUserPolicy(this, 'policy', {
      name: `velero-backup-${props.cluster}`,
      user: user.name,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject'], Resource: [this.bucket.arn, `${this.bucket.arn}/*`] }],
      }),
    });
    const key = new IamAccessKey(this, 'key', { user: user.name });
    new SsmParameter(this, 'access-key-id', { name: props.ssm.accessKeyId, type: 'SecureString', value: key.id, tags });
    new SsmParameter(this, 'secret-access-key', { name: props.ssm.secretAccessKey, type: 'SecureString', value: key.secret, tags });
  }
}
