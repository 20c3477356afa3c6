import type { Segment, SensitivePredicate } from './fields.js';

/**
 * What must never appear in a diff. Kubernetes: the values of a Secret's `data`/`stringData`, and any value
 * under a key that names a credential. Terraform: attributes the provider schemas mark sensitive, plus a
 * conservative name list (when in doubt, redact).
 */

const CREDENTIAL_KEY = /^(password|passwd|passphrase|token|secret|secretKey|secret_key|privateKey|private_key|apiKey|api_key|clientSecret|client_secret|accessKey|access_key)$/i;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Whether a file shown line by line (a report without a JSON twin, a file outside the known layout) could
 * carry secret material: anything under infrastructure/, a Secret manifest, a private key. Its lines are
 * then never shown.
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

function keyName(s: Segment | undefined): string | undefined {
  return typeof s === 'string' ? s : undefined;
}

/** Sensitivity of paths inside a Kubernetes object of the given group/kind. */
export function kubernetesSensitive(group: string, kind: string): SensitivePredicate {
  const isSecret = group === '' && kind === 'Secret';
  return (path) => {
    if (isSecret && (path[0] === 'data' || path[0] === 'stringData')) return true;
    // kubectl's last-applied annotation repeats the whole object, data included.
    if (path[0] === 'metadata' && path[1] === 'annotations' && path[2] === LAST_APPLIED) return true;
    return path.some((s) => {
      const k = keyName(s);
      return k !== undefined && CREDENTIAL_KEY.test(k);
    });
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

/** Types whose every attribute is secret material. */
const SENSITIVE_TYPES = new Set(['talos_machine_secrets', 'random_password', 'tls_private_key', 'tls_self_signed_cert', 'tls_locally_signed_cert']);

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
    return path.some((s) => typeof s === 'string' && SENSITIVE_NAME.test(s));
  };
}
