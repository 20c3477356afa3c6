import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SynthError, SynthErrors } from '../../lib/core/errors.js';
import { Versions } from '../../lib/versions/versions.js';
import { repoRoot } from '../helpers.js';

const ok = ['# renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io/', 'cilium_version=1.20.1', ''].join('\n');

function errorOf(text: string): string {
  try {
    Versions.parse(text, 'versions.env');
  } catch (e) {
    if (e instanceof SynthError || e instanceof SynthErrors) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('versions.env', () => {
  it('parses values with their annotations and lines', () => {
    const v = Versions.parse(ok);
    expect(v.get('cilium_version')).toBe('1.20.1');
    expect(v.entry('cilium_version')).toMatchObject({ line: 2, renovate: { datasource: 'helm', depName: 'cilium', registryUrl: 'https://helm.cilium.io/' } });
  });

  it('rejects a malformed line, naming file and line', () => {
    expect(errorOf(`${ok}cilium version 1.2\n`)).toMatch(/^versions\.env:3: malformed line "cilium version 1\.2"/);
    expect(errorOf(`${ok}# renovate: datasource=helm depName=x\nx_version="1.0"\n`)).toMatch(/^versions\.env:4: malformed line/);
  });

  it('rejects a duplicate key', () => {
    expect(errorOf(`${ok}# renovate: datasource=helm depName=cilium\ncilium_version=1.2.0\n`)).toBe(
      'versions.env:4 (cilium_version): duplicate key "cilium_version" (first defined on line 2)',
    );
  });

  it('rejects a key without the annotation directly above it', () => {
    expect(errorOf(`${ok}flux_version=v2.9.4\n`)).toBe(
      'versions.env:3 (flux_version): "flux_version" has no "# renovate: datasource=… depName=…" annotation on the line directly above',
    );
    expect(errorOf('# renovate: datasource=helm depName=x\n\nx_version=1.0\n')).toMatch(/versions\.env:1: renovate annotation is not directly above/);
  });

  it('rejects annotations Renovate would silently skip (unknown datasource, wrong field order)', () => {
    expect(errorOf('# renovate: datasource=npm depName=x\nx_version=1\n')).toMatch(/^versions\.env:1 \(datasource\): invalid renovate annotation/);
    expect(errorOf('# renovate: depName=x datasource=helm\nx_version=1\n')).toMatch(/^versions\.env:1: renovate annotation fields must be/);
  });

  it('names the file that asked for an unknown key, and versions.env', () => {
    expect(() => Versions.parse(ok).get('cillium_version', 'apps/x.ts')).toThrowError('apps/x.ts (cillium_version): unknown version key "cillium_version" in versions.env');
    // Without a requester, the caller's own file (from the stack) is named.
    expect(() => Versions.parse(ok).get('cillium_version')).toThrowError(/^test\/core\/versions\.test\.ts:\d+ \(cillium_version\): unknown version key/);
  });

  it('loads the repository versions.env with every reference version', () => {
    const v = Versions.load(join(repoRoot, 'versions.env'));
    expect(v.get('talos_version')).toBe('v1.13.9');
    expect(v.get('kubernetes_version')).toBe('1.36.4');
    expect(v.get('cilium_version')).toBe('1.20.1');
    expect(v.get('flux_version')).toBe('v2.9.4');
    expect(v.keys().length).toBeGreaterThanOrEqual(40);
  });
});
