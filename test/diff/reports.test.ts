import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import { diffLines } from '../../lib/diff/lines.js';
import { fileSet, report } from './fixtures.js';

const connectivity = (reach: Record<string, Record<string, string[]>>) => ({ version: 1, cluster: 'dev', reach });
const dependencies = (units: Record<string, { path: string; dependsOn: string[] }>) => ({ version: 1, cluster: 'dev', units });

describe('generated reports', () => {
  it('diffs connectivity.json as reachability gained and lost, and flags widening', () => {
    const r = diffFileSets(
      fileSet({
        [report('dev', 'connectivity.json')]: connectivity({ monitoring: { world: ['tcp/443'], 'kube-apiserver': ['tcp/6443'] }, cache: { database: ['tcp/5432'] } }),
        [report('dev', 'connectivity.md')]: '| from | to |\n| monitoring | world |\n',
      }),
      fileSet({
        [report('dev', 'connectivity.json')]: connectivity({ monitoring: { world: ['tcp/443', 'tcp/80'] }, cache: { database: ['tcp/5432'], world: ['any'] } }),
        [report('dev', 'connectivity.md')]: '| from | to |\n| monitoring | world (80) |\n',
      }),
    );
    expect(r.reports).toEqual([
      {
        cluster: 'dev',
        reach: [
          { from: 'cache', to: 'world', added: ['any'], removed: [] },
          { from: 'monitoring', to: 'kube-apiserver', added: [], removed: ['tcp/6443'] },
          { from: 'monitoring', to: 'world', added: ['tcp/80'], removed: [] },
        ],
        removedEndpoints: [],
        units: [],
        files: [],
      },
    ]);
    expect(r.risks).toEqual([
      { kind: 'widened-reachability', where: 'cluster dev: cache → world', message: 'cache can now reach world on any' },
      { kind: 'widened-reachability', where: 'cluster dev: monitoring → world', message: 'monitoring can now reach world on tcp/80' },
      { kind: 'narrowed-reachability', where: 'cluster dev: monitoring → kube-apiserver', message: 'monitoring can no longer reach kube-apiserver on tcp/6443' },
    ]);
    const text = formatTerminal(r);
    expect(text).toContain('+ monitoring can now reach world on tcp/80');
    expect(text).toContain('- monitoring can no longer reach kube-apiserver on tcp/6443');
  });

  it('diffs dependencies.json as units and dependencies gained and lost', () => {
    const r = diffFileSets(
      fileSet({
        [report('dev', 'dependencies.json')]: dependencies({
          cilium: { path: 'platform/cilium', dependsOn: [] },
          'cert-manager': { path: 'platform/cert-manager', dependsOn: ['cilium'] },
          grafana: { path: 'apps/grafana', dependsOn: ['cert-manager', 'cilium'] },
          old: { path: 'apps/old', dependsOn: [] },
        }),
        [report('dev', 'dependencies.mmd')]: 'graph LR\n  a --> b\n',
      }),
      fileSet({
        [report('dev', 'dependencies.json')]: dependencies({
          cilium: { path: 'platform/cilium', dependsOn: [] },
          'cert-manager': { path: 'platform/certs', dependsOn: ['cilium'] },
          grafana: { path: 'apps/grafana', dependsOn: ['cilium', 'prometheus'] },
          prometheus: { path: 'platform/prometheus', dependsOn: ['cilium'] },
        }),
        [report('dev', 'dependencies.mmd')]: 'graph LR\n  a --> c\n',
      }),
    );
    expect(r.reports[0]!.units).toEqual([
      { unit: 'cert-manager', op: 'changed', oldPath: 'platform/cert-manager', newPath: 'platform/certs', dependsOnAdded: [], dependsOnRemoved: [] },
      { unit: 'grafana', op: 'changed', oldPath: 'apps/grafana', newPath: 'apps/grafana', dependsOnAdded: ['prometheus'], dependsOnRemoved: ['cert-manager'] },
      { unit: 'old', op: 'removed', oldPath: 'apps/old', dependsOnAdded: [], dependsOnRemoved: [] },
      { unit: 'prometheus', op: 'added', newPath: 'platform/prometheus', dependsOnAdded: ['cilium'], dependsOnRemoved: [] },
    ]);
    expect(r.reports[0]!.files).toEqual([]);
    const text = formatTerminal(r);
    expect(text).toContain('~ unit grafana: now depends on prometheus; no longer depends on cert-manager');
    expect(text).toContain('+ unit prometheus added (path platform/prometheus), depends on cilium');
    expect(text).toContain('~ unit cert-manager: path platform/cert-manager → platform/certs');
  });

  it('falls back to a line diff for a report without a JSON twin', () => {
    const r = diffFileSets(
      fileSet({ [report('dev', 'connectivity.md')]: '# Connectivity\n| a | b |\n| c | d |\n' }),
      fileSet({ [report('dev', 'connectivity.md')]: '# Connectivity\n| a | B |\n| c | d |\n| e | f |\n' }),
    );
    expect(r.reports).toEqual([
      {
        cluster: 'dev',
        reach: [],
        removedEndpoints: [],
        units: [],
        files: [{ file: 'connectivity.md', op: 'changed', lines: [{ op: '-', line: '| a | b |' }, { op: '+', line: '| a | B |' }, { op: '+', line: '| e | f |' }] }],
      },
    ]);
  });

  it('treats a report appearing as every reach added', () => {
    const r = diffFileSets(new Map(), fileSet({ [report('live', 'connectivity.json')]: { version: 1, cluster: 'live', reach: { a: { host: ['tcp/10250'] } } } }));
    expect(r.reports[0]!.reach).toEqual([{ from: 'a', to: 'host', added: ['tcp/10250'], removed: [] }]);
  });

  it('rejects a malformed report naming the file and field', () => {
    expect(() => diffFileSets(fileSet({ [report('dev', 'connectivity.json')]: { version: 1, cluster: 'dev', reach: { a: { b: 'tcp/80' } } } }), new Map())).toThrow(
      'base/reports/dev/connectivity.json (reach.a.b): expected a list of port strings',
    );
    expect(() => diffFileSets(new Map(), fileSet({ [report('dev', 'dependencies.json')]: { version: 2, units: {} } }))).toThrow(
      'head/reports/dev/dependencies.json (version): unsupported report version 2 (expected 1)',
    );
    expect(() => diffFileSets(new Map(), fileSet({ [report('dev', 'dependencies.json')]: { version: 1, units: { a: { path: 'x' } } } }))).toThrow(
      'head/reports/dev/dependencies.json (units.a.dependsOn): expected a list of unit names',
    );
  });
});

describe('line diff', () => {
  it('lists removed before added lines of a replaced block, keeping common lines out', () => {
    expect(diffLines('a\nb\nc\nd\n', 'a\nx\nc\nd\ne\n')).toEqual([
      { op: '-', line: 'b' },
      { op: '+', line: 'x' },
      { op: '+', line: 'e' },
    ]);
    expect(diffLines('', 'one\n')).toEqual([{ op: '+', line: 'one' }]);
    expect(diffLines('same\n', 'same\n')).toEqual([]);
  });
});
