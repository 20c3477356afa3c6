/**
 * Which Terraform attribute changes force a resource to be destroyed and created again, per resource type
 * — the `ForceNew` / `RequiresReplace` markers of the provider schemas, which `tofu providers schema -json`
 * does not export. Curated for every managed type our stacks use; each entry names where the fact comes
 * from. A type missing here is assumed to update in place (its changes count as "change"), so adding a
 * resource type to a stack means adding it here (a test checks every type in dist/ is listed).
 */

/** An attribute path (`bucket`, `metadata.name`) and, optionally, when a change to it replaces. */
export interface ReplacementRule {
  readonly path: string;
  /** Only these changes replace (default: any change). */
  readonly when?: (oldValue: unknown, newValue: unknown) => boolean;
  readonly note?: string;
}

export interface ReplacementEntry {
  /** Attributes whose change replaces the resource; `'*'` = every argument. */
  readonly replaceOn: readonly ReplacementRule[] | '*';
  /** Where the fact comes from (provider source file or documentation). */
  readonly source: string;
}

const rules = (...paths: string[]): ReplacementRule[] => paths.map((path) => ({ path }));

/** `v1.12.3` → [1, 12, 3]. */
function versionParts(v: unknown): number[] {
  return String(v ?? '')
    .replace(/^v/, '')
    .split('.')
    .map((x) => Number.parseInt(x, 10) || 0);
}
const isDowngrade = (oldValue: unknown, newValue: unknown): boolean => {
  const [a, b] = [versionParts(oldValue), versionParts(newValue)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) < (a[i] ?? 0);
  return false;
};

const AWS = 'hashicorp/terraform-provider-aws';
const S3_SUBRESOURCE: ReplacementEntry = { replaceOn: rules('bucket', 'expected_bucket_owner'), source: `${AWS} internal/service/s3 (bucket, expected_bucket_owner: ForceNew)` };

export const REPLACEMENT_TABLE: Readonly<Record<string, ReplacementEntry>> = {
  aws_s3_bucket: { replaceOn: rules('bucket', 'bucket_prefix', 'object_lock_enabled'), source: `${AWS} internal/service/s3/bucket.go (ForceNew)` },
  aws_s3_bucket_lifecycle_configuration: S3_SUBRESOURCE,
  aws_s3_bucket_public_access_block: { replaceOn: rules('bucket'), source: `${AWS} internal/service/s3/bucket_public_access_block.go (bucket: ForceNew)` },
  aws_s3_bucket_server_side_encryption_configuration: S3_SUBRESOURCE,
  aws_s3_bucket_versioning: S3_SUBRESOURCE,
  aws_iam_user: { replaceOn: [], source: `${AWS} internal/service/iam/user.go (name and path update in place via UpdateUser)` },
  aws_iam_access_key: { replaceOn: rules('user', 'pgp_key'), source: `${AWS} internal/service/iam/access_key.go (user, pgp_key: ForceNew; status updates)` },
  aws_iam_user_policy: { replaceOn: rules('name', 'name_prefix', 'user'), source: `${AWS} internal/service/iam/user_policy.go (ForceNew)` },
  aws_ssm_parameter: { replaceOn: rules('name'), source: `${AWS} internal/service/ssm/parameter.go (name: ForceNew)` },
  random_password: { replaceOn: '*', source: 'hashicorp/terraform-provider-random resource_password.go (every argument: RequiresReplace)' },
  tls_private_key: { replaceOn: '*', source: 'hashicorp/terraform-provider-tls resource_private_key.go (algorithm, rsa_bits, ecdsa_curve: RequiresReplace)' },
  tls_self_signed_cert: {
    replaceOn: rules('private_key_pem', 'subject', 'validity_period_hours', 'allowed_uses', 'dns_names', 'ip_addresses', 'uris', 'is_ca_certificate', 'set_subject_key_id', 'set_authority_key_id'),
    source: 'hashicorp/terraform-provider-tls resource_self_signed_cert.go (certificate fields: RequiresReplace; early_renewal_hours updates)',
  },
  kubernetes_namespace: { replaceOn: rules('metadata.name', 'metadata[0].name'), source: 'hashicorp/terraform-provider-kubernetes metadata schema (name: ForceNew)' },
  kubernetes_secret: { replaceOn: rules('metadata.name', 'metadata.namespace', 'metadata[0].name', 'metadata[0].namespace', 'type'), source: 'hashicorp/terraform-provider-kubernetes resource_kubernetes_secret.go (metadata name/namespace, type: ForceNew)' },
  helm_release: { replaceOn: rules('name', 'namespace'), source: 'hashicorp/terraform-provider-helm resource_release.go (name, namespace: ForceNew)' },
  talos_machine_secrets: {
    replaceOn: [{ path: 'talos_version', when: isDowngrade, note: 'only a lower version contract replaces' }],
    source: 'siderolabs/terraform-provider-talos pkg/talos/talos_machine_secrets_resource.go (talos_version: RequiresReplace when lowered)',
  },
  talos_image_factory_schematic: { replaceOn: rules('schematic'), source: 'siderolabs/terraform-provider-talos pkg/talos/talos_image_factory_schematic_resource.go (schematic: RequiresReplace; the id is the content hash)' },
  talos_machine_configuration_apply: { replaceOn: rules('node'), source: 'siderolabs/terraform-provider-talos talos_machine_configuration_apply_resource.go (node: RequiresReplace; config changes apply in place)' },
  talos_machine_bootstrap: { replaceOn: rules('node', 'endpoint'), source: 'siderolabs/terraform-provider-talos talos_machine_bootstrap_resource.go (RequiresReplace)' },
  talos_cluster_kubeconfig: { replaceOn: rules('node', 'endpoint'), source: 'siderolabs/terraform-provider-talos talos_cluster_kubeconfig_resource.go (RequiresReplace)' },
  unifi_user: { replaceOn: rules('mac'), source: 'paultyng/terraform-provider-unifi resource_user.go (mac: ForceNew)' },
  unifi_dns_record: { replaceOn: [], source: 'unifi provider resource_dns_record (all fields update in place)' },
  unifi_network: { replaceOn: [], source: 'paultyng/terraform-provider-unifi resource_network.go (fields update in place)' },
};

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The attributes of `changes` that force replacing a resource of `type` (empty: update in place). */
export function replacingChanges<C extends { readonly path: string; readonly old?: unknown; readonly new?: unknown }>(type: string, changes: readonly C[]): C[] {
  const entry = REPLACEMENT_TABLE[type];
  if (!entry) return [];
  const meta = /^(lifecycle|depends_on|provider|count|for_each|timeouts)\b/;
  if (entry.replaceOn === '*') return changes.filter((c) => !meta.test(c.path));
  const replaceOn = entry.replaceOn;
  return changes.filter((c) => replaceOn.some((r) => startsWithPath(c.path, r.path) && (!r.when || r.when(c.old, c.new))));
}
