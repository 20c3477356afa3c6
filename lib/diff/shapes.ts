/**
 * Secret detection shared by the whole diff: whether a key name announces a credential, and value-shape
 * redaction of any text — credentials in URLs (`scheme://user:pass@host` keeps scheme and host), PEM blocks,
 * long base64/hex runs (tokens, keys; commit ids and sha256 digests after `sha1:`, `sha256:`, `:`, `/` or `@` — image
 * digests, commit ids, Talos schematic ids — stay visible), and `key: value` / `key=value` lines inside
 * multi-line text (config files, Talos patches) whose key names a credential.
 */

/** What replaces a secret in every output format. */
export const REDACTED = '(redacted)';

/** Words that make a key name a credential when it ends with them (`dbPassword`, `API_TOKEN`, `x-secret`). */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'passcode', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'psk', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'authkey']);
/** `<word> key` pairs that name key material (`secret_key`, `privateKey`, `tls.key`); a bare `key` does not. */
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master', 'license', 'auth', 'client', 'session', 'shared', 'ssh', 'tls', 'account', 'root', 'preshared', 'wireguard']);

/** Splits `dbPassword`, `DB_PASSWORD`, `tls.key`, `api-key` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a key (or env/set entry) name announces a credential. Names of references to secrets
 * (`secretName`, `secretKeyRef`, `existingSecret`, `passwordFile`) are not credentials themselves.
 */
export function isCredentialName(name: string): boolean {
  const w = words(name);
  const last = w.at(-1);
  if (!last || w[0] === 'existing') return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  // `dbpass`, `smtppasswd`, `adminpassword` written as one word.
  if (/pass(wd|word|phrase)?$/.test(last) && !['bypass', 'compass', 'overpass'].includes(last)) return true;
  return last === 'key' && w.length >= 2 && KEY_QUALIFIERS.has(w.at(-2)!);
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"]+)@/gi;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
// 32+ hex digits: a token or key; a content address (isContentAddress) stays visible.
const HEX_RUN = /(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])/g;
// 40+ base64/base64url characters with upper case, lower case and digits: a token, key or encoded secret.
const B64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}(?![A-Za-z0-9+/=])/g;
const KEY_VALUE_LINE = /^(\s*(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*)(\S.*)$/;

/** A commit id (40) or sha256 digest (64) after `sha1:`, `sha256:`, `:`, `/` or `@`. */
function isContentAddress(run: string, before: string): boolean {
  return (run.length === 40 || run.length === 64) && /(sha1:|sha256:|[:/@])$/.test(before);
}

/** Replaces every secret-shaped part of a string (see the module comment); other text is unchanged. */
export function redactText(text: string): string {
  if (text.length < 8) return text;
  let out = text.replace(PEM, (_m, label: string) => `${REDACTED} ${label.trim()}`);
  out = out.replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${REDACTED}@`);
  out = out.replace(HEX_RUN, (run: string, offset: number, whole: string) => (isContentAddress(run, whole.slice(Math.max(0, offset - 7), offset)) ? run : REDACTED));
  out = out.replace(B64_RUN, (run: string) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) ? REDACTED : run));
  if (out.includes('\n') || KEY_VALUE_LINE.test(out)) {
    out = out
      .split('\n')
      .map((line) => {
        const m = KEY_VALUE_LINE.exec(line);
        return m && isCredentialName(m[2]!) && m[3] !== REDACTED ? `${m[1]}${REDACTED}` : line;
      })
      .join('\n');
  }
  return out;
}

