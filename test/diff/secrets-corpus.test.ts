// A corpus of secret-shaped values, placed where the issue found them printed (literal env values, URLs,
// helm set / set_sensitive, multi-line config, annotations, Terraform attributes), fed through every output
// format: none may appear, while non-secret neighbours stay readable.
import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatMarkdown } from '../../lib/diff/format-markdown.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import { isCredentialName, redactText } from '../../lib/diff/shapes.js';
import { deployment, fileSet, k8s, stack } from './fixtures.js';

const CORPUS = {
  envPassword: 'hunter2-literal-db-pw',
  envToken: 'ghp_literalTokenValue42',
  envSecretKey: 'django-insecure-k3y-value',
  urlPassword: 'UrlPassw0rdInside',
  pem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  base64: 'c2VjcmV0LXRva2VuLXZhbHVlLWZvci10aGUtY29ycHVzLTEyMzQ1Ng==',
  hex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  helmSet: 'Adm1nPassw0rd-helm-set',
  helmSensitive: 'set-sensitive-value-xyz',
  multiline: 'multiLinePasswordValue',
  annotation: 'annotation-api-token-value',
  tfPassword: 'tf-literal-password-value',
  ssm: 'ssm-parameter-secret-value',
} as const;

function trees(v: (k: keyof typeof CORPUS) => string) {
  const pem = `-----BEGIN PRIVATE KEY-----\n${v('pem')}\n-----END PRIVATE KEY-----`;
  const app = deployment('paperless', 'paperless', {
    containers: [
      {
        name: 'app',
        image: 'ghcr.io/paperless-ngx/paperless-ngx:2.14.0',
        env: [
          { name: 'PAPERLESS_DBPASS', value: v('envPassword') },
          { name: 'PAPERLESS_DB_PASSWORD', value: v('envPassword') },
          { name: 'GITHUB_TOKEN', value: v('envToken') },
          { name: 'PAPERLESS_SECRET_KEY', value: v('envSecretKey') },
          { name: 'PAPERLESS_DBURL', value: `postgres://paperless:${v('urlPassword')}@postgres.database:5432/paperless` },
          { name: 'PAPERLESS_TIME_ZONE', value: 'Europe/Berlin' },
          { name: 'SESSION_BLOB', value: v('base64') },
          { name: 'SIGNING_DIGEST', value: v('hex') },
        ],
      },
    ],
  });
  return {
    [k8s('live', 'apps/paperless/deployment.yaml')]: { ...app, metadata: { ...(app.metadata as object), annotations: { 'example.com/api-token': v('annotation') } } },
    [k8s('live', 'apps/paperless/configmap.yaml')]: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config', namespace: 'paperless' },
      data: { 'app.yaml': `db:\n  host: postgres\n  password: ${v('multiline')}\n`, 'tls.pem': pem },
    },
    [stack('live')]: {
      resource: {
        helm_release: { app: { name: 'app', set: [{ name: 'adminPassword', value: v('helmSet') }, { name: 'replicas', value: '2' }], set_sensitive: [{ name: 'other', value: v('helmSensitive') }] } },
        unifi_account: { radius: { name: 'user', password: v('tfPassword') } },
        aws_ssm_parameter: { p: { name: '/homelab/x', type: 'SecureString', value: v('ssm') } },
      },
    },
  };
}

describe('secrets never printed', () => {
  it('no corpus value reaches any format, whether the object changed, appeared or disappeared', () => {
    const before = trees((k) => `${CORPUS[k]}-old`);
    const after = trees((k) => CORPUS[k]);
    const reports = [diffFileSets(fileSet(before), fileSet(after)), diffFileSets(fileSet({}), fileSet(after)), diffFileSets(fileSet(after), fileSet({}))];
    for (const r of reports) {
      const outputs = { terminal: formatTerminal(r), color: formatTerminal(r, { color: true }), markdown: formatMarkdown(r), json: JSON.stringify(r, null, 2) };
      for (const [format, text] of Object.entries(outputs)) {
        for (const [what, value] of Object.entries(CORPUS)) expect(text.includes(value), `${what} in ${format}`).toBe(false);
      }
    }
    // What is not secret stays readable.
    expect(JSON.stringify(reports[0])).toContain('postgres://(redacted)@postgres.database:5432/paperless');
    // The reviewer still sees that the password changed.
    expect(formatTerminal(reports[0]!)).toContain('~ spec.template.spec.containers[name=app].env[name=PAPERLESS_DB_PASSWORD].value: changed "(redacted)"');
  });

  it('names: credentials yes, references to them and bare "key" no', () => {
    for (const n of ['password', 'DB_PASSWORD', 'dbPassword', 'adminPassword', 'api-token', 'client_secret', 'PAPERLESS_SECRET_KEY', 'privateKey', 'apiKey', 'tls.key', 'credentials', 'psk', 'PAPERLESS_DBPASS', 'SMTP_PASSWD'])
      expect(isCredentialName(n), n).toBe(true);
    for (const n of ['key', 'secretName', 'secretKeyRef', 'existingSecret', 'passwordFile', 'tokenTtl', 'name', 'monkey', 'keys', 'bypass'])
      expect(isCredentialName(n), n).toBe(false);
  });

  it('value shapes: URL userinfo, PEM, long tokens; digests, commit ids and schematic ids stay', () => {
    expect(redactText('postgres://u:pw123456@db:5432/x')).toBe('postgres://(redacted)@db:5432/x');
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----')).toBe('(redacted) RSA PRIVATE KEY');
    expect(redactText(`token ${CORPUS.base64} end`)).toBe('token (redacted) end');
    expect(redactText(`k ${CORPUS.hex}`)).toBe('k (redacted)');
    const keep = [
      `ghcr.io/x/y@sha256:${CORPUS.hex}`,
      `main@sha1:${'a'.repeat(40)}`,
      `factory.talos.dev/installer/${CORPUS.hex}:v1.13.0`,
      '/homelab/kubernetes/integration/flux-github-dispatch-token',
      'http://grafana.monitoring.svc.cluster.local/api/health',
    ];
    for (const s of keep) expect(redactText(s)).toBe(s);
    expect(redactText('a: 1\npassword: x1y2z3\nuser: bob')).toBe('a: 1\npassword: (redacted)\nuser: bob');
  });
});
