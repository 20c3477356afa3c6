// The changes issue 14 lists, each with the risk flag a reviewer must see, plus the presentation rules
// (plan summary, collapse across clusters, section order, line diffs, reachability collapse).
import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatMarkdown } from '../../lib/diff/format-markdown.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import type { DiffOptions } from '../../lib/diff/model.js';
import { REPLACEMENT_TABLE } from '../../lib/diff/replacement.js';
import { repoRoot } from '../helpers.js';
import { readFiles } from '../../lib/diff/tree.js';
import { deployment, fileSet, k8s, namespace, report, stack, type Tree } from './fixtures.js';

const ROLES: DiffOptions = { liveCluster: 'live', validatingCluster: 'integration' };
const diff = (base: Tree, head: Tree, options: DiffOptions = ROLES) => diffFileSets(fileSet(base), fileSet(head), {}, options);
const kinds = (base: Tree, head: Tree) => diff(base, head).risks.map((r) => r.kind);
const obj = (apiVersion: string, kind: string, name: string, ns: string | undefined, rest: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: ns ? { name, namespace: ns } : { name }, ...rest });
const tf = (resource: Record<string, Record<string, unknown>>) => ({ terraform: { backend: { s3: { key: 'x' } } }, resource });

describe('the risk flag of each change a reviewer must not miss', () => {
  it('bucket rename: the S3 bucket is replaced (plan: 1 to replace)', () => {
    const bucket = (name: string) => ({ [stack('global')]: tf({ aws_s3_bucket: { velero: { bucket: name, tags: { a: 'b' } } } }) });
    const r = diff(bucket('homelab-velero-backup-dev'), bucket('homelab-velero-dev'));
    expect(r.risks).toEqual([{ kind: 'terraform-replace', where: 'stack global: aws_s3_bucket.velero', message: 'aws_s3_bucket.velero is destroyed and created again: bucket forces replacement' }]);
    expect(r.stacks[0]!.plan).toEqual({ add: 0, change: 0, replace: 1, destroy: 0 });
    // A tag change updates in place.
    const tags = diff(bucket('b'), { [stack('global')]: tf({ aws_s3_bucket: { velero: { bucket: 'b', tags: { a: 'c' } } } }) });
    expect(tags.risks).toEqual([]);
    expect(tags.stacks[0]!.plan).toEqual({ add: 0, change: 1, replace: 0, destroy: 0 });
  });

  it('random_password length change: replaced (a new password), and the length stays visible', () => {
    const pw = (length: number) => ({ [stack('global')]: tf({ random_password: { jwt: { length, special: false } } }) });
    const r = diff(pw(32), pw(64));
    expect(r.risks.map((x) => [x.kind, x.message])).toEqual([['terraform-replace', 'random_password.jwt is destroyed and created again: length forces replacement']]);
    expect(formatTerminal(r)).toContain('~ length: 32 → 64');
    expect(formatTerminal(r)).toContain('plan: 0 to add, 0 to change, 1 to replace, 0 to destroy');
  });

  it('changes under lifecycle.ignore_changes count for nothing in the plan', () => {
    const rel = (values: string) => ({ [stack('dev')]: tf({ helm_release: { cilium: { name: 'cilium', values: [values], lifecycle: { ignore_changes: 'all' } } } }) });
    expect(diff(rel('a: 1'), rel('a: 2')).stacks[0]!.plan).toEqual({ add: 0, change: 0, replace: 0, destroy: 0 });
  });

  it('HelmRelease rename: uninstall + install, named as a rename; delete: uninstall', () => {
    const hr = (name: string, extra: Record<string, unknown> = {}) => ({ [k8s('dev', `apps/x/helmrelease_${name}.yaml`)]: obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', name, 'media', { spec: { chart: { spec: { chart: 'app', version: '1.0.0' } }, ...extra } }) });
    const renamed = diff(hr('sonarr'), hr('sonarr-v2'));
    expect(renamed.risks.map((r) => r.kind)).toEqual(['helm-uninstall']);
    expect(renamed.risks[0]!.message).toContain('renamed to sonarr-v2');
    expect(kinds(hr('sonarr'), {})).toEqual(['helm-uninstall']);
    expect(kinds(hr('sonarr', { releaseName: 'a' }), hr('sonarr', { releaseName: 'b' }))).toEqual(['helm-uninstall']);
    expect(kinds(hr('sonarr', { interval: '5m' }), hr('sonarr', { interval: '10m' }))).toEqual([]);
  });

  it('image major bump (container image and chart values), not a minor one', () => {
    const d = (image: string) => ({ [k8s('dev', 'd.yaml')]: deployment('web', 'web', { containers: [{ name: 'app', image }] }) });
    const major = diff(d('ghcr.io/x/web:1.9.2'), d('ghcr.io/x/web:2.0.0'));
    expect(major.risks.map((r) => [r.kind, r.message])).toEqual([['image-major-bump', 'image major version: ghcr.io/x/web 1.9.2 → 2.0.0 (spec.template.spec.containers[name=app].image)']]);
    expect(kinds(d('ghcr.io/x/web:1.9.2'), d('ghcr.io/x/web:1.10.0'))).toEqual([]);
    expect(kinds(d('ghcr.io/x/web:1.9.2'), d('ghcr.io/y/web:2.0.0'))).toEqual([]);
    const values = (tag: string) => ({ [k8s('dev', 'h.yaml')]: obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'app', 'web', { spec: { values: { controllers: { main: { containers: { app: { image: { repository: 'ghcr.io/x/app', tag } } } } } } } }) });
    expect(kinds(values('v3.4.0'), values('v4.0.1'))).toEqual(['image-major-bump']);
  });

  it('KubernetesUpgrade / TalosUpgrade version bumps upgrade nodes; a label-only edit does not', () => {
    const ku = (version: string, labels: Record<string, string> = {}) => ({ [k8s('live', 'u.yaml')]: obj('tuppr.home-operations.com/v1alpha1', 'KubernetesUpgrade', 'kubernetes', undefined, { metadata: { name: 'kubernetes', labels }, spec: { kubernetes: { version } } }) });
    const bump = diff(ku('v1.35.2'), ku('v1.36.0'));
    expect(bump.risks.map((r) => [r.kind, r.message])).toEqual([['kubernetes-upgrade', 'Kubernetes v1.35.2 → v1.36.0: nodes will be upgraded']]);
    expect(kinds(ku('v1.36.0'), ku('v1.36.0', { team: 'a' }))).toEqual([]);
    const tu = (version: string, labels: Record<string, string> = {}) => ({ [k8s('live', 't.yaml')]: obj('tuppr.home-operations.com/v1alpha1', 'TalosUpgrade', 'talos', undefined, { metadata: { name: 'talos', labels }, spec: { talos: { version } } }) });
    expect(kinds(tu('v1.12.0'), tu('v1.13.0'))).toEqual(['talos-upgrade']);
    expect(kinds(tu('v1.13.0'), tu('v1.13.0', { team: 'a' }))).toEqual([]);
  });

  it('PVC moved between Flux units: flagged (prune may delete it first), never "No differences"', () => {
    const pvc = obj('v1', 'PersistentVolumeClaim', 'data', 'paperless', { spec: { storageClassName: 'fast' } });
    const r = diff({ [k8s('live', 'apps/paperless/persistentvolumeclaim_paperless_data.yaml')]: pvc }, { [k8s('live', 'apps/paperless-storage/persistentvolumeclaim_paperless_data.yaml')]: pvc });
    expect(r.risks.map((x) => x.kind)).toContain('unit-move');
    expect(r.risks.find((x) => x.kind === 'unit-move')!.message).toContain('moves from unit apps/paperless to apps/paperless-storage');
    expect(r.risks.find((x) => x.kind === 'unit-move')!.message).toContain('with its data');
    expect(formatTerminal(r)).not.toContain('No differences');
    expect(formatMarkdown(r)).toContain('moves from unit apps/paperless to apps/paperless-storage');
    // A renamed file inside the same folder is no change.
    const same = diff({ [k8s('live', 'apps/p/a.yaml')]: pvc }, { [k8s('live', 'apps/p/b.yaml')]: pvc });
    expect(same.risks).toEqual([]);
    expect(formatTerminal(same)).toContain('No differences');
  });

  it('Secret deletion is flagged', () => {
    const s = { [k8s('live', 's.yaml')]: obj('v1', 'Secret', 'paperless-secret', 'paperless', { stringData: { 'secret-key': 'x' } }) };
    const r = diff(s, {});
    expect(r.risks.map((x) => [x.kind, x.where])).toEqual([['stateful-deletion', 'cluster live: core/Secret/paperless/paperless-secret']]);
  });

  it('namespace removal: one stateful flag and one collapsed reachability entry, not one line per peer', () => {
    const peers = Array.from({ length: 59 }, (_, i) => `ns${String(i).padStart(2, '0')}`);
    const reach = (withPaperless: boolean) => ({
      version: 1,
      cluster: 'live',
      reach: Object.fromEntries([
        ...peers.map((p) => [p, withPaperless ? { paperless: ['tcp/8000'], world: ['tcp/443'] } : { world: ['tcp/443'] }]),
        ...(withPaperless ? [['paperless', Object.fromEntries(peers.slice(0, 3).map((p) => [p, ['tcp/5432']]))]] : []),
      ]),
    });
    const r = diff(
      { [k8s('live', 'ns.yaml')]: namespace('paperless'), [report('live', 'connectivity.json')]: reach(true) },
      { [report('live', 'connectivity.json')]: reach(false) },
    );
    expect(r.risks.map((x) => x.kind)).toEqual(['stateful-deletion', 'narrowed-reachability']);
    expect(r.reports[0]!.reach).toEqual([]);
    expect(r.reports[0]!.removedEndpoints).toEqual([{ endpoint: 'paperless', pairs: 62, peers }]);
    const text = formatTerminal(r);
    expect(text.split('\n').filter((l) => l.includes('can no longer reach'))).toEqual([]);
    expect(text).toContain('- paperless is gone: 62 reachability pair(s) with it (ns00, ns01');
  });

  it('widened and narrowed reachability: one line per namespace pair', () => {
    const reach = (ports: Record<string, string[]>) => ({ [report('dev', 'connectivity.json')]: { version: 1, cluster: 'dev', reach: { a: ports, b: { c: ['tcp/80'] } } } });
    const r = diff(reach({ b: ['tcp/80'], c: ['tcp/443'] }), reach({ b: ['tcp/80', 'tcp/8080'] }));
    expect(r.risks.map((x) => [x.kind, x.where])).toEqual([
      ['widened-reachability', 'cluster dev: a → b'],
      ['narrowed-reachability', 'cluster dev: a → c'],
    ]);
  });
});

describe('presentation', () => {
  const cm = (cluster: string, data: Record<string, string>) => ({ [k8s(cluster, 'cm.yaml')]: obj('v1', 'ConfigMap', 'settings', 'app', { data }) });

  it('collapses identical changes across clusters into one entry naming them, sections live → integration → dev', () => {
    const base = { ...cm('dev', { a: '1' }), ...cm('integration', { a: '1' }), ...cm('live', { a: '1' }), ...cm('live', { a: '1' }) };
    const head = { ...cm('dev', { a: '2' }), ...cm('integration', { a: '2' }), ...cm('live', { a: '2' }), [k8s('dev', 'extra.yaml')]: namespace('scratch') };
    const r = diff(base, head);
    const text = formatTerminal(r);
    expect(text.match(/~ core\/ConfigMap\/app\/settings/g)).toHaveLength(1);
    expect(text).toContain('clusters live, integration, dev');
    expect(text.indexOf('clusters live, integration, dev')).toBeLessThan(text.indexOf('cluster dev only'));
    const md = formatMarkdown(r);
    expect(md).toContain('clusters <b>live, integration, dev</b>: +0 −0 ~1');
    const summary = md.split('\n').filter((l) => l.startsWith('| cluster ')).map((l) => l.split('|')[1]!.trim());
    expect(summary).toEqual(['cluster live', 'cluster integration', 'cluster dev']);
  });

  it('one risk flag for the same risk on several clusters, naming them live first', () => {
    const s = (c: string) => ({ [k8s(c, 's.yaml')]: obj('v1', 'Secret', 'app-secret', 'app', { stringData: { k: 'v' } }) });
    const r = diff({ ...s('dev'), ...s('live'), ...s('integration') }, {});
    expect(r.risks.map((x) => [x.kind, x.where])).toEqual([['stateful-deletion', 'clusters live, integration, dev: core/Secret/app/app-secret']]);
  });

  it('warns when a change reaches live but not integration (validation cannot exercise it)', () => {
    const r = diff({ ...cm('integration', { a: '1' }), ...cm('live', { a: '1' }) }, { ...cm('integration', { a: '1' }), ...cm('live', { a: '2' }) });
    expect(r.risks.map((x) => [x.kind, x.message])).toEqual([['untested-on-integration', '1 object(s) change on live but not on integration, so validation cannot exercise them: core/ConfigMap/app/settings']]);
    expect(formatMarkdown(r)).toContain('untested-on-integration');
    expect(diff({ ...cm('integration', { a: '1' }), ...cm('live', { a: '1' }) }, { ...cm('integration', { a: '3' }), ...cm('live', { a: '2' }) }).risks).toEqual([]);
  });

  it('the per-cluster summary survives truncation; live\'s section is the last to go', () => {
    const many = (v: string) => Object.fromEntries(['dev', 'integration', 'live'].flatMap((c) => Array.from({ length: 30 }, (_, i) => [k8s(c, `cm${i}.yaml`), obj('v1', 'ConfigMap', `c${i}`, 'app', { data: { v: `${c}-${v}-${'x'.repeat(40)}` } })])));
    const md = formatMarkdown(diff(many('a'), many('b')), { maxChars: 9000 });
    expect(md.length).toBeLessThanOrEqual(9000);
    for (const c of ['live', 'integration', 'dev']) expect(md).toContain(`| cluster ${c} | 0 | 0 | 30 |`);
    expect(md).toContain('left out to fit a comment');
    expect(md).toContain('cluster <b>live only</b>');
    expect(md).not.toContain('cluster <b>dev only</b>');
  });

  it('shows a line diff inside multi-line strings (a Talos patch), not "(N lines)"', () => {
    const patch = (mtu: number) => `machine:\n  network:\n    interfaces:\n      - interface: eth0\n        mtu: ${mtu}\n        dhcp: true\n`;
    const r = diff(cm('dev', { 'patch.yaml': patch(1500) }), cm('dev', { 'patch.yaml': patch(9000) }));
    const text = formatTerminal(r);
    expect(text).toContain('~ data["patch.yaml"]: text changed (1 line(s) removed, 1 added)');
    expect(text).toContain('-         mtu: 1500');
    expect(text).toContain('+         mtu: 9000');
    expect(text).not.toContain('lines)');
  });
});

describe('the replacement table', () => {
  it('covers every managed resource type the stacks use, each with its source', () => {
    const files = readFiles(`${repoRoot}/dist/infrastructure/stacks`);
    const types = new Set<string>();
    for (const text of files.values()) for (const t of Object.keys((JSON.parse(text) as { resource?: object }).resource ?? {})) types.add(t);
    expect(types.size).toBeGreaterThan(10);
    for (const t of types) {
      expect(REPLACEMENT_TABLE[t], `${t} is missing from lib/diff/replacement.ts`).toBeDefined();
      expect(REPLACEMENT_TABLE[t]!.source.length).toBeGreaterThan(10);
    }
  });

  it('talos_machine_secrets is replaced only when its version contract goes down', () => {
    const s = (v: string) => ({ [stack('live')]: tf({ talos_machine_secrets: { secrets: { talos_version: v } } }) });
    expect(kinds(s('v1.12.0'), s('v1.13.0'))).toEqual([]);
    expect(kinds(s('v1.13.0'), s('v1.12.0'))).toEqual(['terraform-replace']);
  });
});
