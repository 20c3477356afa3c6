import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, machineConfigDocuments, type TalosDocument } from '../../lib/talos/machine-config.js';
import { talosDocumentErrors } from '../../lib/talos/schema.js';
import { model } from '../model.js';

// The Talos documents against the upstream Talos v1.13.9 machine-config schema (strict) and the rules across
// documents: every real host passes, and each class of mistake is caught, naming machine, document and field.
const versions = { prometheusCrds: '31.0.1', gatewayApi: 'v1.6.1' };
const docsOf = (hostname: string): TalosDocument[] => {
  const host = model.inventory.hosts.find((h) => h.hostname === hostname)!;
  return machineConfigDocuments({ host, clusterName: host.cluster as 'live', network: model.inventory.network(host.cluster as 'live'), features: ALL_FEATURES, versions });
};
const messages = (docs: TalosDocument[]) => talosDocumentErrors('live/node2', docs).map((e) => e.message);
/** node2's documents with one document changed (`kind` picks it; undefined: the v1alpha1 main document). */
function mutate(kind: string | undefined, change: (d: any) => void, hostname = 'node2'): TalosDocument[] {
  const docs = structuredClone(docsOf(hostname));
  change(docs.find((d) => d.kind === kind)!);
  return docs;
}

describe('Talos documents', () => {
  it('every host of the inventory validates against the upstream schema, with no cross-document error', () => {
    for (const host of model.inventory.hosts) expect(talosDocumentErrors(host.hostname, docsOf(host.hostname)), host.hostname).toEqual([]);
  });

  it('no longer sets disablePodSecurityPolicy (Talos ignores it since Kubernetes removed PSP)', () => {
    expect(JSON.stringify(docsOf('node41'))).not.toContain('disablePodSecurityPolicy');
  });

  it('an unknown field of the main document is an error naming its path', () => {
    expect(messages(mutate(undefined, (d) => (d.machine.kubelet.extraMount = [])))).toEqual([expect.stringMatching(/^live\/node2: v1alpha1 config \(machine\.kubelet\.extraMount\): is not a field of the Talos schema/)]);
  });

  it('a wrong type or enum value is an error', () => {
    expect(messages(mutate(undefined, (d) => (d.machine.install.wipe = 'yes'))).join('\n')).toMatch(/\(machine\.install\.wipe\): must be boolean/);
    expect(messages(mutate('HostnameConfig', (d) => (d.auto = 'sometimes'))).join('\n')).toMatch(/HostnameConfig \(auto\): must be equal to one of the allowed values/);
  });

  it('an unknown field of a multi-document kind, or an unknown kind, is an error', () => {
    expect(messages(mutate('UserVolumeConfig', (d) => (d.provisioning.grows = true))).join('\n')).toMatch(/UserVolumeConfig megaraid-ssd-480gb-0 \(provisioning\.grows\): is not a field/);
    expect(messages([...docsOf('node2'), { apiVersion: 'v1alpha1', kind: 'DiskConfig', name: 'x' }]).join('\n')).toMatch(/DiskConfig x \(kind\): must be equal to one of the allowed values/);
  });

  it('only the two fields the schema is documented to lack are accepted outside it', () => {
    expect(messages(mutate(undefined, (d) => (d.cluster.apiServer = { disablePodSecurityPolicy: true })))).toEqual([]);
    expect(messages(mutate(undefined, (d) => (d.machine.features.stableHostname = true)))).toEqual([]);
    expect(messages(mutate(undefined, (d) => (d.machine.features.stableHostnames = true))).join('\n')).toMatch(/stableHostnames\): is not a field/);
  });

  it('a duplicate document or a second singleton is an error', () => {
    const docs = docsOf('node2');
    const volume = docs.find((d) => d.kind === 'UserVolumeConfig')!;
    expect(messages([...docs, volume]).join('\n')).toMatch(/a second UserVolumeConfig named "megaraid-ssd-480gb-0"/);
    expect(messages([...docs, docs.find((d) => d.kind === 'HostnameConfig')!]).join('\n')).toMatch(/holds one HostnameConfig document/);
  });

  it('a link that no document defines is an error (bond member, VLAN parent, VIP link, DHCP link)', () => {
    expect(messages(mutate('BondConfig', (d) => (d.links = ['link9_0']))).join('\n')).toMatch(/BondConfig bond0 \(links\[0\]\): names link "link9_0"/);
    expect(messages(mutate('VLANConfig', (d) => (d.parent = 'bond7'))).join('\n')).toMatch(/\(parent\): names link "bond7"/);
    expect(messages(mutate('Layer2VIPConfig', (d) => (d.link = 'eth9'), 'node41')).join('\n')).toMatch(/\(link\): names link "eth9"/);
    expect(messages(mutate('DHCPv4Config', (d) => (d.name = 'bond3'))).join('\n')).toMatch(/DHCPv4Config bond3 \(name\): names link "bond3"/);
  });

  it('a user volume name that does not fit the partition label, or is not a label, is an error', () => {
    expect(messages(mutate('UserVolumeConfig', (d) => (d.name = 'a'.repeat(35)))).join('\n')).toMatch(/is 35 characters; Talos labels the partition u-<name>, at most 34/);
    expect(messages(mutate('UserVolumeConfig', (d) => (d.name = 'Fast_SSD'))).join('\n')).toMatch(/lowercase letters, digits and inner dashes/);
  });

  it('a system disk given out beyond 100% is an error', () => {
    expect(messages(mutate('VolumeConfig', (d) => (d.provisioning.maxSize = '80%'), 'node45')).join('\n')).toMatch(/given out 130%/);
  });
});
