import type { Segment, SensitivePredicate } from './fields.js';
import { isCredentialName } from './shapes.js';

/**
 * What must never appear in a diff, in any format. By key name: a Secret's `data`/`stringData`, any value
 * under a key that names a credential (`password`, `apiToken`, `client_secret`, `DB_PASSWORD`…), the `value`
 * of a `{name, value}` pair whose name does (container env, helm `set`). Terraform: attributes the provider
 * schemas mark sensitive, every attribute of secret-generating types, sensitive outputs/variables. By value
 * shape, wherever it appears (`redactText` in shapes.ts, applied to every string the diff shows). When in
 * doubt, redact.
 */

/**
 * Whether a file shown line by line (a report without a JSON twin, a file outside the known layout) could
 * carry secret material: anything under infrastructure/, a Secret manifest, a private key. Its lines are
 * then never shown; other files' lines still go through `redactText`.
 */
export function mayHoldSecret(path: string, text: string): boolean {
  return (
    path.startsWith('infrastructure/') ||
    /^\s*kind:\s*["']?Secret["']?\s*$/m.test(text) ||
    /"kind"\s*:\s*"Secret"/.test(text) ||
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) ||
    /last-applied-configuration/.test(text)
  );
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A path step that names a credential: a mapping key, or a `{name, value}` list item matched by name. */
function namesCredential(s: Segment | undefined): boolean {
  if (typeof s === 'string') return isCredentialName(s);
  return typeof s === 'object' && s !== null && s.key === 'name' && typeof s.value === 'string' && isCredentialName(s.value);
}

/**
 * Key-name sensitivity shared by both sides: the step holding a scalar names a credential, or the scalar is
 * the `value` of an item whose `name` does.
 */
export function credentialPath(path: readonly Segment[]): boolean {
  const last = path.at(-1);
  if (namesCredential(last)) return true;
  return (last === 'value' || last === 'values') && namesCredential(path.at(-2));
}

/** Sensitivity of paths inside a Kubernetes object of the given group/kind. */
export function kubernetesSensitive(group: string, kind: string): SensitivePredicate {
  const isSecret = group === '' && kind === 'Secret';
  return (path) => {
    if (isSecret && (path[0] === 'data' || path[0] === 'stringData')) return true;
    // kubectl's last-applied annotation repeats the whole object, data included.
    if (path[0] === 'metadata' && path[1] === 'annotations' && path[2] === LAST_APPLIED) return true;
    return credentialPath(path);
  };
}

/**
 * Attributes marked `sensitive` in the provider schemas we use (talos, unifi from `tofu providers schema
 * -json`; aws/random/tls/local inputs that carry secret material), by resource/data type.
 */
const SENSITIVE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_ssm_parameter: ['value', 'insecure_value'],
  aws_secretsmanager_secret_version: ['secret_string', 'secret_binary'],
  aws_iam_access_key: ['pgp_key'],
  aws_db_instance: ['password'],
  local_sensitive_file: ['content', 'content_base64'],
  talos_cluster_kubeconfig: ['kubeconfig_raw', 'client_configuration'],
  talos_machine_configuration_apply: ['machine_configuration_input', 'machine_configuration', 'client_configuration'],
  talos_machine_configuration: ['machine_configuration', 'machine_secrets'],
  talos_client_configuration: ['talos_config', 'client_configuration'],
  talos_machine_bootstrap: ['client_configuration'],
  unifi_account: ['password'],
  unifi_dynamic_dns: ['password'],
  unifi_network: ['wireguard_client_preshared_key', 'x_wireguard_private_key'],
  unifi_radius_profile: ['xsecret'],
  unifi_setting_guest_access: ['password'],
  unifi_setting_mgmt: ['ssh_password'],
  unifi_setting_radius: ['secret'],
  unifi_wlan: ['passphrase'],
  kubernetes_secret: ['data', 'binary_data'],
  kubernetes_secret_v1: ['data', 'binary_data'],
  helm_release: ['set_sensitive'],
};

/**
 * Types whose every argument may embed key material. (random_password, tls_private_key and
 * talos_machine_secrets only *produce* secrets: their arguments — length, algorithm, version — are shown,
 * so a reviewer sees what forces their replacement.)
 */
const SENSITIVE_TYPES = new Set(['tls_self_signed_cert', 'tls_locally_signed_cert']);

/** Attribute names redacted wherever they occur. */
const SENSITIVE_NAME = /(pass(word|wd|phrase)|secret|private_key|privatekey|token|kubeconfig|talosconfig|talos_config|client_configuration|machine_configuration|credential|_key$|^psk$|preshared)/i;

/**
 * Sensitivity of paths inside a Terraform block. `type` is the resource/data type (`aws_ssm_parameter`),
 * `kind` the top-level section (`resource`, `data`, `output`, `variable`, `locals`, `provider`, ...), and
 * `block` the block itself (an output's or variable's own `sensitive = true` redacts its value).
 */
export function terraformSensitive(kind: string, type: string, block: unknown): SensitivePredicate {
  const flagged = block !== null && typeof block === 'object' && (block as Record<string, unknown>).sensitive === true;
  const attrs = SENSITIVE_ATTRIBUTES[type] ?? [];
  return (path) => {
    if (path.length === 0) return false;
    if (kind === 'terraform' || path[0] === 'lifecycle' || path[0] === 'depends_on' || path[0] === 'provider' || path[0] === 'count' || path[0] === 'for_each') {
      // Meta-arguments and backend settings carry no secret material (backend `key` is a state path).
      return false;
    }
    if ((kind === 'resource' || kind === 'data') && SENSITIVE_TYPES.has(type)) return true;
    if (flagged && (path[0] === 'value' || path[0] === 'default')) return true;
    if (typeof path[0] === 'string' && attrs.includes(path[0])) return true;
    return credentialPath(path) || path.some((s) => typeof s === 'string' && SENSITIVE_NAME.test(s));
  };
}
