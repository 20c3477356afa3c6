import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Inventory } from '../../lib/inventory/inventory.js';
import type { Host, HostInput } from '../../lib/inventory/schema.js';
import { hostSchema } from '../../lib/inventory/schema.js';
import { nodesReport } from '../../lib/talos/nodes-report.js';
import { ALL_FEATURES, clusterEndpoint, machineConfigDocuments, renderMachineConfig, type ClusterFeatures, type TalosDocument } from '../../lib/talos/machine-config.js';
import { clusterNetworks, siteNetwork as site } from '../../site/networking.js';
import { model } from '../model.js';

const inventory = model.inventory;

const versions = { prometheusCrds: '31.0.1', gatewayApi: 'v1.6.1' };

function config(host: Host, features: ClusterFeatures = ALL_FEATURES, cluster: 'live' | 'integration' | 'dev' = host.cluster as never): TalosDocument[] {
  return machineConfigDocuments({ host, clusterName: cluster, network: inventory.network(cluster), features, versions });
}
const byName = (name: string): Host => inventory.hosts.find((h) => h.hostname === name)!;
const kinds = (docs: TalosDocument[]): string[] => docs.map((d) => String(d.kind ?? 'main'));
const doc = (docs: TalosDocument[], kind: string): any => docs.find((d) => d.kind === kind);
const main = (docs: TalosDocument[]): any => docs[0];
const host = (over: Partial<HostInput>): Host =>
  hostSchema.parse({
    hostname: 'nodex',
    cluster: 'live',
    role: 'worker',
    install: { selector: "disk.model == 'x'" },
    bonds: [{ links: ['aa:bb:cc:dd:ee:ff'], addresses: ['192.168.10.100'] }],
    ...over,
  });

describe('Talos machine configuration', () => {
  it('emits the documents in the reference order', () => {
    expect(kinds(config(byName('node45')))).toEqual([
      'main', 'HostnameConfig', 'LinkAliasConfig', 'BondConfig', 'VLANConfig', 'DHCPv4Config', 'Layer2VIPConfig',
      'VolumeConfig', 'UserVolumeConfig', 'ResolverConfig', 'TimeSyncConfig',
    ]);
  });

  it('disables the Talos CNI and kube-proxy, wipes on install, enables host DNS', () => {
    const m = main(config(byName('node41')));
    expect(m.cluster.network).toEqual({ cni: { name: 'none' }, podSubnets: ['172.18.0.0/16'], serviceSubnets: ['172.19.0.0/16'] });
    expect(m.cluster.proxy).toEqual({ disabled: true });
    expect(m.cluster.coreDNS).toEqual({ disabled: false });
    expect(m.machine.install).toEqual({ wipe: true });
    expect(m.machine.features.hostDNS).toEqual({ enabled: true, forwardKubeDNSToHost: true, resolveMemberNames: true });
    expect(m.cluster.controlPlane.endpoint).toBe('https://k8s.internal.tomnowak.work:6443');
    expect(m.cluster.clusterName).toBe('live');
    expect(m.machine.kubelet.nodeIP.validSubnets).toEqual(['192.168.10.0/24']);
  });

  it('names the host, aliases its MAC and bonds it with the subnet prefix length', () => {
    const docs = config(byName('node44'));
    expect(doc(docs, 'HostnameConfig')).toMatchObject({ hostname: 'node44', auto: 'off' });
    expect(doc(docs, 'LinkAliasConfig')).toMatchObject({ name: 'link0_0', selector: { match: 'mac(link.permanent_addr) == "ac:1f:6b:2d:ba:1e"' } });
    expect(doc(docs, 'BondConfig')).toMatchObject({ name: 'bond0', links: ['link0_0'], bondMode: 'active-backup', mtu: 1500, addresses: [{ address: '192.168.10.219/24' }] });
    expect(doc(docs, 'BondConfig').lacpRate).toBeUndefined();
    expect(doc(docs, 'VLANConfig')).toMatchObject({ name: 'bond0.10', vlanID: 10, parent: 'bond0' });
    expect(doc(docs, 'DHCPv4Config')).toMatchObject({ name: 'bond0', clientIdentifier: 'mac' });
  });

  it('takes the prefix length from the subnet, not a hard-coded /24', () => {
    const net = { ...inventory.network('live'), nodeSubnet: '192.168.0.0/22' };
    const docs = machineConfigDocuments({ host: byName('node44'), clusterName: 'live', network: net, features: ALL_FEATURES, versions });
    expect(doc(docs, 'BondConfig').addresses).toEqual([{ address: '192.168.10.219/22' }]);
  });

  it('adds the 802.3ad LACP fields only to LACP bonds', () => {
    const lacp = host({ bonds: [{ links: ['aa:bb:cc:dd:ee:01', 'aa:bb:cc:dd:ee:02'], addresses: ['192.168.10.100'], mode: '802.3ad' }] });
    const docs = config(lacp);
    expect(doc(docs, 'BondConfig')).toMatchObject({ bondMode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'slow', miimon: 100, links: ['link0_0', 'link0_1'] });
    expect(docs.filter((d) => d.kind === 'LinkAliasConfig')).toHaveLength(2);
  });

  it('puts the VIP on control planes only, and etcd/Talos-API access with it', () => {
    const cp = config(byName('node41'));
    expect(doc(cp, 'Layer2VIPConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '192.168.10.20', link: 'bond0' });
    expect(main(cp).machine.features.kubernetesTalosAPIAccess).toEqual({ enabled: true, allowedRoles: ['os:admin'], allowedKubernetesNamespaces: ['system-upgrade'] });
    expect(main(cp).cluster.etcd.extraArgs['listen-metrics-urls']).toBe('http://0.0.0.0:2381');
    const worker = config(byName('node44'));
    expect(doc(worker, 'Layer2VIPConfig')).toBeUndefined();
    expect(main(worker).machine.features.kubernetesTalosAPIAccess).toBeUndefined();
    expect(main(worker).cluster.etcd).toBeUndefined();
  });

  it('longhorn: label, annotation and mounts when on; none when off', () => {
    const m = main(config(byName('node41')));
    expect(m.machine.nodeLabels).toEqual({ 'node.longhorn.io/create-default-disk': 'config' });
    expect(JSON.parse(m.machine.nodeAnnotations['node.longhorn.io/default-disks-config'])).toEqual([
      { allowScheduling: true, name: 'kingston-ssd-1920gb-0', path: '/var/mnt/kingston-ssd-1920gb-0', storageReserved: 0, tags: ['fast', 'ssd', 'any'] },
      { allowScheduling: true, name: 'seagate-hdd-20tb-0', path: '/var/mnt/seagate-hdd-20tb-0', storageReserved: 0, tags: ['slow', 'hdd', 'any'] },
    ]);
    expect(m.machine.kubelet.extraMounts[0]).toEqual({ destination: '/var/mnt/kingston-ssd-1920gb-0', type: 'bind', source: '/var/mnt/kingston-ssd-1920gb-0', options: ['bind', 'rshared', 'rw'] });
    const off = main(config({ ...byName('node41'), features: { ...byName('node41').features, longhorn: false } }));
    expect(off.machine.nodeLabels).toBeUndefined();
    expect(off.machine.nodeAnnotations).toBeUndefined();
  });

  it('sizes EPHEMERAL from the system-disk volumes and mounts user volumes by selector', () => {
    const docs = config(byName('node46'));
    expect(doc(docs, 'VolumeConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'VolumeConfig', name: 'EPHEMERAL', provisioning: { maxSize: '50%' } });
    expect(doc(docs, 'UserVolumeConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'UserVolumeConfig', name: 'longhorn', provisioning: { diskSelector: { match: 'system_disk == true' }, grow: true, maxSize: '50%' } });
    expect(doc(config(byName('node41')), 'VolumeConfig')).toBeUndefined();
  });

  it('nvidia: the four kernel modules and the GPU label on GPU hosts only, and no files from it', () => {
    const gpu = main(config(byName('node2'), { ...ALL_FEATURES, spegel: false }));
    expect(gpu.machine.kernel.modules.map((m: { name: string }) => m.name)).toEqual(['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset']);
    expect(gpu.machine.nodeLabels['nvidia.com/gpu.present']).toBe('true');
    expect(gpu.machine.files).toBeUndefined();
    expect(main(config(byName('node44'))).machine.kernel).toBeUndefined();
  });

  it('hugepages: 2M becomes one sysctl; 1G goes to the kernel args, not sysctls', () => {
    const m = main(config(byName('node45')));
    expect(m.machine.sysctls).toEqual({ 'vm.nr_hugepages': '512' });
    const big = host({ features: { hugepages: { size: '1G', count: 4 } } });
    expect(main(config(big)).machine.sysctls).toBeUndefined();
    expect(main(config(byName('node44'))).machine.sysctls).toBeUndefined();
  });

  it('prometheus: bind addresses, etcd metrics and the four CRD URLs; scheduler config always present', () => {
    const on = main(config(byName('node41')));
    expect(on.cluster.controllerManager.extraArgs['bind-address']).toBe('0.0.0.0');
    expect(on.cluster.scheduler.extraArgs['bind-address']).toBe('0.0.0.0');
    const crdUrls = on.cluster.extraManifests.filter((u: string) => u.includes('prometheus-operator-crds-31.0.1'));
    expect(crdUrls.map((u: string) => u.split('/').pop())).toEqual(['crd-podmonitors.yaml', 'crd-servicemonitors.yaml', 'crd-probes.yaml', 'crd-prometheusrules.yaml']);
    const off = main(config(byName('node41'), { ...ALL_FEATURES, prometheus: false }));
    expect(off.cluster.controllerManager).toBeUndefined();
    expect(off.cluster.etcd).toBeUndefined();
    expect(off.cluster.scheduler.extraArgs).toBeUndefined();
    expect(off.cluster.scheduler.config.profiles[0].pluginConfig[0].args.defaultConstraints).toEqual([{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }]);
    expect(off.cluster.scheduler.config.profiles[0].plugins.score.enabled).toEqual([{ name: 'PodTopologySpread', weight: 5 }, { name: 'InterPodAffinity', weight: 5 }]);
  });

  it('spegel: one containerd file on every node; none when off', () => {
    for (const h of inventory.hosts) expect(main(config(h)).machine.files).toHaveLength(1);
    expect(main(config(byName('node41'))).machine.files[0].path).toBe('/etc/cri/conf.d/20-customization.part');
    expect(main(config(byName('node41'), { ...ALL_FEATURES, spegel: false })).machine.files).toBeUndefined();
  });

  it('gateway API: the versioned experimental-install URL', () => {
    expect(main(config(byName('node45'))).cluster.extraManifests).toContain('https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/experimental-install.yaml');
    expect(main(config(byName('node45'), { ...ALL_FEATURES, gatewayApi: false, prometheus: false })).cluster.extraManifests).toBeUndefined();
  });

  it('merges inventory labels with the longhorn label', () => {
    const h = host({ labels: { 'topology.kubernetes.io/zone': 'rack1' }, features: { longhorn: true } });
    expect(main(config(h)).machine.nodeLabels).toEqual({ 'node.longhorn.io/create-default-disk': 'config', 'topology.kubernetes.io/zone': 'rack1' });
  });

  it('a worker-only cluster has no VIP document anywhere', () => {
    const inv = Inventory.define({
      site,
      clusters: { dev: clusterNetworks.dev },
      hosts: [
        { hostname: 'cp', cluster: 'dev', role: 'controlplane', install: { selector: 'x' }, bonds: [{ links: ['aa:bb:cc:00:00:01'], addresses: ['192.168.10.101'] }] },
        { hostname: 'w', cluster: 'dev', role: 'worker', install: { selector: 'x' }, bonds: [{ links: ['aa:bb:cc:00:00:02'], addresses: ['192.168.10.102'] }] },
      ],
    });
    const w = inv.hosts[1]!;
    expect(machineConfigDocuments({ host: w, clusterName: 'dev', network: inv.network('dev'), features: ALL_FEATURES, versions }).some((d) => d.kind === 'Layer2VIPConfig')).toBe(false);
  });

  it('uses the nameservers and time servers of the cluster network', () => {
    const docs = config(byName('node47'));
    expect(doc(docs, 'ResolverConfig').nameservers).toEqual([{ address: '192.168.10.1' }]);
    expect(doc(docs, 'TimeSyncConfig').ntp.servers).toEqual(['0.pool.ntp.org', '1.pool.ntp.org']);
  });

  it('renders valid, deterministic multi-document YAML', () => {
    const text = renderMachineConfig(config(byName('node2')));
    expect(renderMachineConfig(config(byName('node2')))).toBe(text);
    const parsed = parseAllDocuments(text).map((d) => d.toJS());
    expect(parsed).toHaveLength(config(byName('node2')).length);
    expect(parsed[0].machine.type).toBe('worker');
    expect(clusterEndpoint(inventory.network('dev'))).toBe('https://k8s.internal.dev.tomnowak.work:6443');
  });

  it('reports each node with its installer schematic for reviewers', () => {
    const report = nodesReport('live', inventory.hostsOf('live'));
    expect(report.split('\n').filter((l) => l.startsWith('| node'))).toHaveLength(5);
    expect(report).toContain('| node2 | worker | 192.168.10.182 | 0c:c4:7a:a4:f1:d2 |');
    expect(report).toMatch(/node2 .*iscsi-tools, nonfree-kmod-nvidia-lts, nvidia-container-toolkit-lts, util-linux-tools/);
  });

  it('refuses a machine configuration for a host that is not a node', () => {
    const pxe = host({ cluster: 'none', role: 'pxe' });
    expect(() => machineConfigDocuments({ host: pxe, clusterName: 'live', network: inventory.network('live'), features: ALL_FEATURES, versions })).toThrow(
      'hosts.nodex (role): only cluster nodes have a machine configuration (role "pxe")',
    );
  });
});
