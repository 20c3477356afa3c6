import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { formatMarkdown, MARKDOWN_MARKER } from '../../lib/diff/format-markdown.js';
import { formatTerminal } from '../../lib/diff/format-terminal.js';
import { fileSet, k8s, namespace, stack } from './fixtures.js';

const base = fileSet({
  [k8s('dev', 'n/namespace_a.yaml')]: namespace('a', { tier: 'one' }),
  [k8s('dev', 'n/namespace_gone.yaml')]: namespace('gone'),
  [stack('global')]: { resource: { aws_s3_bucket: { b: { bucket: 'b', tags: { x: '1' } } } } },
});
const head = fileSet({
  [k8s('dev', 'n/namespace_a.yaml')]: namespace('a', { tier: 'two' }),
  [k8s('dev', 'n/namespace_new.yaml')]: namespace('new'),
  [stack('global')]: { resource: { aws_s3_bucket: { b: { bucket: 'b', tags: { x: '2' } } } } },
});
const report = diffFileSets(base, head);

describe('terminal format', () => {
  it('prints risks, a summary and every change, without colour unless asked', () => {
    expect(formatTerminal(report)).toBe(
      [
        'Risks (1)',
        '  ! stateful-deletion  cluster dev: core/Namespace/gone: Namespace gone is deleted (renamed to new? a rename is a delete and a create); every object in it, volumes included, goes with it',
        '',
        'Summary',
        '  cluster dev   +1 -1 ~1',
        '  stack global  +0 -0 ~1  plan: 0 to add, 1 to change, 0 to replace, 0 to destroy',
        '',
        'cluster dev',
        '  + core/Namespace/new  n/namespace_new.yaml',
        '  - core/Namespace/gone  n/namespace_gone.yaml',
        '  ~ core/Namespace/a  n/namespace_a.yaml',
        '      ~ metadata.labels.tier: "one" → "two"',
        '',
        'stack global  plan: 0 to add, 1 to change, 0 to replace, 0 to destroy',
        '  ~ aws_s3_bucket.b',
        '      ~ tags.x: "1" → "2"',
        '',
      ].join('\n'),
    );
    const coloured = formatTerminal(report, { color: true });
    expect(coloured).toContain('\x1b[32m+ core/Namespace/new\x1b[0m');
    expect(coloured).toContain('\x1b[31m- core/Namespace/gone\x1b[0m');
  });

  it('says so when nothing differs', () => {
    expect(formatTerminal(diffFileSets(base, base))).toBe('No differences in the synthesized output.\n');
  });
});

describe('markdown format', () => {
  it('starts with the marker, a summary table (never cut), risks, then collapsed details per cluster and stack', () => {
    const md = formatMarkdown(report, { baseLabel: 'origin/main' });
    const lines = md.split('\n');
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toBe('### Synthesized output diff against <code>origin/main</code>');
    const table = lines.indexOf('| Area | Added | Removed | Changed | Notes |');
    expect(table).toBe(3);
    expect(lines.indexOf('**⚠️ Risks (1)**')).toBeGreaterThan(table);
    expect(lines.slice(table, table + 4)).toEqual([
      '| Area | Added | Removed | Changed | Notes |',
      '|---|---:|---:|---:|---|',
      '| cluster dev | 1 | 1 | 1 |  |',
      '| stack global | 0 | 0 | 1 | plan: 0 to add, 1 to change, 0 to replace, 0 to destroy |',
    ]);
    expect(lines.indexOf('<details>')).toBeGreaterThan(table);
    expect(md).toContain('<summary>cluster <b>dev</b>: +1 −1 ~1</summary>');
    expect(md).toContain('  - <code>~ metadata.labels.tier: "one" → "two"</code>');
    expect(md).toContain('<summary>stack <b>global</b>: 0 to add, 1 to change, 0 to replace, 0 to destroy</summary>');
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
  });

  it('truncates long lists with counts and stays under the size cap', () => {
    const many = (n: number, tier: string) => fileSet(Object.fromEntries(Array.from({ length: n }, (_, i) => [k8s('dev', `n/namespace_ns${i}.yaml`), namespace(`ns${String(i).padStart(3, '0')}`, { tier, a: tier, b: tier })])));
    const r = diffFileSets(many(120, 'one'), many(120, 'two'));
    const md = formatMarkdown(r, { maxItems: 10, maxFields: 2 });
    expect(md.match(/✏️/g)).toHaveLength(10);
    expect(md).toContain('- … and 110 more objects');
    expect(md).toContain('  - … and 1 more field changes');
    const small = formatMarkdown(diffFileSets(many(120, 'one'), fileSet({})), { maxChars: 1500 });
    expect(small.length).toBeLessThan(1500);
    expect(small).toContain('… 1 more section(s) left out to fit a comment');
    expect(small).toContain('| cluster dev | 0 | 120 | 0 |');
  });

  it('escapes markup in values', () => {
    const r = diffFileSets(fileSet({ [k8s('dev', 'a.yaml')]: namespace('a', { x: 'a' }) }), fileSet({ [k8s('dev', 'a.yaml')]: namespace('a', { x: '</details><script>|`' }) }));
    const md = formatMarkdown(r);
    expect(md).toContain('&lt;/details&gt;&lt;script&gt;&#124;`');
    expect(md).not.toContain('<script>');
  });
});
