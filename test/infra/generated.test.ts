import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHomelab } from '../../homelab.js';
import { main } from '../../lib/cli/main.js';
import '../../lib/cli/commands.js';
import { UnifiNetwork } from '../../lib/generated/providers/unifi.js';
import { TalosMachineSecrets } from '../../lib/generated/providers/talos.js';
import { escapeTemplate } from '../../lib/talos/cluster.js';

const root = join(import.meta.dirname, '..', '..');

describe('generated provider bindings and schemas', () => {
  it('are up to date with their generator (the --check CI runs)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'terraform-providers.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/providers --check: \d+ generated files are up to date/);
  });

  it('carry the provider resource types and settable attributes', () => {
    expect(TalosMachineSecrets.tfResourceType).toBe('talos_machine_secrets');
    expect(UnifiNetwork.tfAttributes).toEqual(expect.arrayContaining(['dhcpd_boot_enabled', 'dhcpd_boot_filename', 'dhcpd_boot_server', 'name', 'purpose']));
    expect(UnifiNetwork.tfAttributes).not.toContain('id');
  });

  it('`check-terraform` passes on the committed stacks', async () => {
    const logs: string[] = [];
    const log = console.log;
    console.log = (m: string) => void logs.push(m);
    try {
      expect(await main(buildHomelab, ['check-terraform'], root)).toBe(0);
    } finally {
      console.log = log;
    }
    expect(logs.join('\n')).toMatch(/dev \(\d+\), global \(\d+\), integration \(\d+\), live \(\d+\) in dist\/infrastructure\/stacks match their provider schemas/);
  });

  it('escapes Terraform template sequences in literal machine-config text', () => {
    expect(escapeTemplate('a ${b} %{c}')).toBe('a $${b} %%{c}');
  });
});
