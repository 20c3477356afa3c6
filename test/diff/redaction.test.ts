import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatMarkdown } from '../../lib/diff/format-markdown.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import { fileSet, k8s } from './fixtures.js';

const secret = (data: Record<string, string>, stringData: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'app', labels: { tier: data.tier ? 'x' : 'y' } },
  type: 'Opaque',
  data,
  stringData,
});

const everyFormat = (r: ReturnType<typeof diffFileSets>) => [formatTerminal(r), formatTerminal(r, { color: true }), formatMarkdown(r), JSON.stringify(r)];

describe('secret redaction', () => {
  it('shows which Secret keys changed, never their values', () => {
    const r = diffFileSets(
      fileSet({ [k8s('dev', 's.yaml')]: secret({ password: 'b2xkLXB3', token: 'dG9rLTE=' }, { url: 'postgres://u:OLDPASS@db' }) }),
      fileSet({ [k8s('dev', 's.yaml')]: secret({ password: 'bmV3LXB3', apikey: 'QVBJLUtFWQ==' }, { url: 'postgres://u:NEWPASS@db' }) }),
    );
    expect(r.clusters[0]!.changed[0]!.changes).toEqual([
      { path: 'data.apikey', op: 'added', new: '(redacted)' },
      { path: 'data.password', op: 'changed', old: '(redacted)', new: '(redacted)' },
      { path: 'data.token', op: 'removed', old: '(redacted)' },
      { path: 'stringData.url', op: 'changed', old: '(redacted)', new: '(redacted)' },
    ]);
    for (const text of everyFormat(r)) {
      expect(text).not.toMatch(/b2xkLXB3|bmV3LXB3|dG9rLTE=|QVBJLUtFWQ==|OLDPASS|NEWPASS/);
    }
    expect(formatTerminal(r)).toContain('~ data.password: changed "(redacted)"');
  });

  it('redacts a whole data map that appears or disappears, keeping key names', () => {
    const bare = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' } };
    const r = diffFileSets(fileSet({ [k8s('dev', 's.yaml')]: bare }), fileSet({ [k8s('dev', 's.yaml')]: { ...bare, stringData: { 'db-password': 'hunter2', user: 'admin' } } }));
    expect(r.clusters[0]!.changed[0]!.changes).toEqual([{ path: 'stringData', op: 'added', new: { 'db-password': '(redacted)', user: '(redacted)' } }]);
    for (const text of everyFormat(r)) expect(text).not.toMatch(/hunter2|admin/);
  });

  it('redacts credential-named values in any object, but not ordinary fields', () => {
    const hr = (password: string, replicas: number) => ({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'grafana', namespace: 'monitoring' },
      spec: { values: { adminPassword: 'not-a-credential-name', auth: { password }, replicas } },
    });
    const r = diffFileSets(fileSet({ [k8s('dev', 'h.yaml')]: hr('s3cr3t-1', 1) }), fileSet({ [k8s('dev', 'h.yaml')]: hr('s3cr3t-2', 2) }));
    expect(r.clusters[0]!.changed[0]!.changes).toEqual([
      { path: 'spec.values.auth.password', op: 'changed', old: '(redacted)', new: '(redacted)' },
      { path: 'spec.values.replicas', op: 'changed', old: 1, new: 2 },
    ]);
    for (const text of everyFormat(r)) expect(text).not.toMatch(/s3cr3t/);
  });

  it('redacts the last-applied annotation, which repeats a Secret whole', () => {
    const s = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"k":"${v}"}}` } } });
    const r = diffFileSets(fileSet({ [k8s('dev', 's.yaml')]: s('T0xE') }), fileSet({ [k8s('dev', 's.yaml')]: s('TkVX') }));
    expect(r.clusters[0]!.changed[0]!.changes).toEqual([
      { path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]', op: 'changed', old: '(redacted)', new: '(redacted)' },
    ]);
  });

  it('never shows the lines of a file outside the known layout that may hold a secret', () => {
    const stray = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  k: U1RSQVk=\n';
    const r = diffFileSets(
      fileSet({ 'kubernetes/stray.yaml': stray.replace('U1RSQVk=', 'T0xE'), 'infrastructure/stacks/global/extra.tf.json': '{"password":"p1"}', 'notes.txt': 'a\n' }),
      fileSet({ 'kubernetes/stray.yaml': stray, 'infrastructure/stacks/global/extra.tf.json': '{"password":"p2"}', 'notes.txt': 'b\n' }),
    );
    expect(r.otherFiles).toEqual([
      { file: 'infrastructure/stacks/global/extra.tf.json', op: 'changed', lines: [], redacted: true },
      { file: 'kubernetes/stray.yaml', op: 'changed', lines: [], redacted: true },
      { file: 'notes.txt', op: 'changed', lines: [{ op: '-', line: 'a' }, { op: '+', line: 'b' }] },
    ]);
    for (const text of everyFormat(r)) expect(text).not.toMatch(/U1RSQVk=|T0xE|p1|p2/);
    expect(formatTerminal(r)).toContain('changed kubernetes/stray.yaml (content not shown: may hold secrets)');
  });
});
