import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Versions } from '../../lib/versions/versions.js';
import { repoRoot } from '../helpers.js';

const versions = Versions.load(join(repoRoot, 'versions.env'));
const strip = (v: string) => v.replace(/^v/, '');

describe('operator tooling pins', () => {
  // .mise.toml and Brewfile cannot read versions.env, so a test keeps them in step with it.
  const mise = readFileSync(join(repoRoot, '.mise.toml'), 'utf8');
  const pin = (tool: string) => new RegExp(`^"?${tool.replace(/[/:]/g, '\\$&')}"? = "([^"]+)"$`, 'm').exec(mise)?.[1];

  it('.mise.toml pins the CLIs at the versions the homelab runs', () => {
    expect(pin('talosctl')).toBe(strip(versions.get('talos_version')));
    expect(pin('kubectl')).toBe(versions.get('kubernetes_version'));
    expect(pin('flux2')).toBe(strip(versions.get('flux_version')));
    expect(pin('opentofu')).toBe(versions.get('opentofu_version'));
    expect(pin('aqua:controlplaneio-fluxcd/flux-operator')).toBe(versions.get('flux_operator_version'));
    expect(pin('node')).toMatch(/^20\./);
  });

  it('Brewfile lists the same tools with the same versions in its comments', () => {
    const brew = readFileSync(join(repoRoot, 'Brewfile'), 'utf8');
    expect(brew).toMatch(new RegExp(`"siderolabs/tap/talosctl" # ${strip(versions.get('talos_version'))}`));
    expect(brew).toMatch(new RegExp(`"opentofu"\\s+# ${versions.get('opentofu_version')}`));
    expect(brew).toMatch(new RegExp(`"fluxcd/tap/flux"\\s+# ${strip(versions.get('flux_version'))}`));
  });

  it('cdk8s.yaml and cdktf.json point the official CLIs at our app without clobbering dist/', () => {
    const cdk8s = parse(readFileSync(join(repoRoot, 'cdk8s.yaml'), 'utf8'));
    expect(cdk8s.app).toBe('node scripts/run.mjs cdk8s');
    expect(cdk8s.output).not.toBe('dist');
    const cdktf = JSON.parse(readFileSync(join(repoRoot, 'cdktf.json'), 'utf8'));
    expect(cdktf.app).toBe('node scripts/run.mjs cdktf');
    expect(cdktf.output).not.toBe('dist');
  });
});
