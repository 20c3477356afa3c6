import { customizationOf, installSpecOf, schematicId, schematicYaml } from './schematic.js';
import { primaryIp, primaryMac } from '../inventory/inventory.js';
import type { Host } from '../inventory/schema.js';

/**
 * A reviewer's view of a cluster's nodes (dist/reports/<cluster>/nodes.md): address, MAC, role, install
 * disk, installer schematic and volumes, so a change to the inventory shows up as a readable diff.
 */
export function nodesReport(cluster: string, hosts: readonly Host[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = [
    `# Nodes of ${cluster}`,
    '',
    '| Host | Role | IP | MAC | Install disk | Installer schematic | Extensions | Volumes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const h of hosts) {
    const spec = installSpecOf(h);
    const id = schematicId(schematicYaml(customizationOf(spec)));
    lines.push(
      `| ${h.hostname} | ${h.role} | ${primaryIp(h)} | ${primaryMac(h)} | \`${cell(h.install.selector)}\` | \`${id.slice(0, 12)}\` | ${spec.extensions.map((e) => e.replace('siderolabs/', '')).join(', ') || '—'} | ${h.volumes.map((v) => `${v.name} (${v.maxSize})`).join(', ') || '—'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
