import { GPU } from '../app/container.js';
import { SynthError } from '../core/errors.js';
import { prefixLength } from '../inventory/ip.js';
import type { ClusterNetwork, Host } from '../inventory/schema.js';
import { toYaml } from '../core/yaml.js';
import { installSpecOf } from './schematic.js';

/** Cluster-wide features that change the machine configuration (reference: config module `features`). */
export interface ClusterFeatures {
  /** Expose control-plane metrics and install the Prometheus operator CRDs at bootstrap. */
  readonly prometheus: boolean;
  /** Keep unpacked layers so Spegel can serve them. */
  readonly spegel: boolean;
  /** Install the Gateway API CRDs at bootstrap. */
  readonly gatewayApi: boolean;
}

export const ALL_FEATURES: ClusterFeatures = { prometheus: true, spegel: true, gatewayApi: true };

export interface MachineConfigInput {
  readonly host: Host;
  readonly clusterName: string;
  readonly network: ClusterNetwork;
  readonly features: ClusterFeatures;
  /** From versions.env: the prometheus-operator-crds chart version and the Gateway API release. */
  readonly versions: { readonly prometheusCrds: string; readonly gatewayApi: string };
}

/** One Talos machine-configuration document (the v1alpha1 main document or a typed multi-doc). */
export type TalosDocument = Record<string, unknown>;

const TALOS_API = 'v1alpha1';
const PROMETHEUS_CRDS = ['podmonitors', 'servicemonitors', 'probes', 'prometheusrules'];

/** Where a user volume is mounted. */
export const volumeMountPath = (name: string): string => `/var/mnt/${name}`;

/** Kubernetes API endpoint of a cluster: `https://k8s.<internal domain>:6443`. */
export function clusterEndpoint(network: ClusterNetwork): string {
  return `https://k8s.${network.internalDomain}:6443`;
}

/**
 * The Talos machine configuration of one host, as an ordered list of documents (reference: infra.md §4).
 * A pure function of inventory, networking, features and versions: the install disk and image are added
 * by the Terraform stack, which knows them only at apply time.
 */
export function machineConfigDocuments(input: MachineConfigInput): TalosDocument[] {
  const { host, network } = input;
  const controlPlane = host.role === 'controlplane';
  if (host.role !== 'controlplane' && host.role !== 'worker') {
    throw new SynthError(`hosts.${host.hostname}`, `only cluster nodes have a machine configuration (role "${host.role}")`, 'role');
  }
  const prefix = prefixLength(network.nodeSubnet);
  const spec = installSpecOf(host);

  const docs: TalosDocument[] = [{ machine: machineSection(input, controlPlane, spec.extensions), cluster: clusterSection(input, controlPlane) }];
  docs.push({ apiVersion: TALOS_API, kind: 'HostnameConfig', auto: 'off', hostname: host.hostname });
  host.bonds.forEach((bond, b) => {
    bond.links.forEach((mac, l) => {
      docs.push({ apiVersion: TALOS_API, kind: 'LinkAliasConfig', name: `link${b}_${l}`, selector: { match: `mac(link.permanent_addr) == "${mac}"` } });
    });
    docs.push({
      apiVersion: TALOS_API,
      kind: 'BondConfig',
      name: `bond${b}`,
      links: bond.links.map((_, l) => `link${b}_${l}`),
      bondMode: bond.mode,
      ...(bond.mode === '802.3ad' ? { xmitHashPolicy: 'layer3+4', lacpRate: 'slow', miimon: 100 } : {}),
      mtu: bond.mtu,
      addresses: bond.addresses.map((ip) => ({ address: `${ip}/${prefix}` })),
    });
    for (const vlan of bond.vlans) {
      docs.push({ apiVersion: TALOS_API, kind: 'VLANConfig', name: `bond${b}.${vlan}`, vlanID: vlan, parent: `bond${b}`, mtu: bond.mtu });
    }
    // DHCP on the bond too (the static lease hands out the same address), as the reference does.
    docs.push({ apiVersion: TALOS_API, kind: 'DHCPv4Config', name: `bond${b}`, clientIdentifier: 'mac' });
  });
  if (controlPlane) docs.push({ apiVersion: TALOS_API, kind: 'Layer2VIPConfig', name: network.vip, link: 'bond0' });

  const systemShare = host.volumes.filter((v) => v.selector.trim() === 'system_disk == true').reduce((s, v) => s + Number.parseInt(v.maxSize, 10), 0);
  if (systemShare > 0) docs.push({ apiVersion: TALOS_API, kind: 'VolumeConfig', name: 'EPHEMERAL', provisioning: { maxSize: `${100 - systemShare}%` } });
  for (const v of host.volumes) {
    docs.push({ apiVersion: TALOS_API, kind: 'UserVolumeConfig', name: v.name, provisioning: { diskSelector: { match: v.selector }, grow: true, maxSize: v.maxSize } });
  }
  docs.push({ apiVersion: TALOS_API, kind: 'ResolverConfig', nameservers: network.nameservers.map((address) => ({ address })) });
  docs.push({ apiVersion: TALOS_API, kind: 'TimeSyncConfig', ntp: { servers: [...network.timeservers] } });
  return docs;
}

function machineSection({ host, network, features }: MachineConfigInput, controlPlane: boolean, extensions: readonly string[]): Record<string, unknown> {
  const longhorn = host.features.longhorn;
  const nvidia = extensions.some((e) => e.startsWith('siderolabs/nonfree-kmod-nvidia'));
  const hp = host.features.hugepages;
  const labels: Record<string, string> = {
    ...(longhorn ? { 'node.longhorn.io/create-default-disk': 'config' } : {}),
    ...(host.features.nvidia ? GPU.nodeSelector : {}),
    ...host.labels,
  };
  const disks = host.volumes.map((v) => ({ allowScheduling: true, name: v.name, path: volumeMountPath(v.name), storageReserved: 0, tags: [...v.tags] }));
  return {
    type: host.role,
    kubelet: {
      nodeIP: { validSubnets: [network.nodeSubnet] },
      ...(host.volumes.length
        ? { extraMounts: host.volumes.map((v) => ({ destination: volumeMountPath(v.name), type: 'bind', source: volumeMountPath(v.name), options: ['bind', 'rshared', 'rw'] })) }
        : {}),
    },
    install: { wipe: true },
    ...(nvidia ? { kernel: { modules: ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset'].map((name) => ({ name })) } } : {}),
    ...(hp?.size === '2M' ? { sysctls: { 'vm.nr_hugepages': String(hp.count) } } : {}),
    features: {
      stableHostname: false,
      hostDNS: { enabled: true, forwardKubeDNSToHost: true, resolveMemberNames: true },
      // Tuppr upgrades Talos and Kubernetes from inside the cluster through the Talos API.
      ...(controlPlane ? { kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:admin'], allowedKubernetesNamespaces: ['system-upgrade'] } } : {}),
    },
    ...(Object.keys(labels).length ? { nodeLabels: labels } : {}),
    ...(longhorn && disks.length ? { nodeAnnotations: { 'node.longhorn.io/default-disks-config': JSON.stringify(disks) } } : {}),
    ...(features.spegel
      ? { files: [{ path: '/etc/cri/conf.d/20-customization.part', op: 'create', permissions: 0o666, content: '[plugins."io.containerd.cri.v1.images"]\n  discard_unpacked_layers = false\n' }] }
      : {}),
  };
}

function clusterSection({ clusterName, network, features, versions }: MachineConfigInput, controlPlane: boolean): Record<string, unknown> {
  const bindAll = features.prometheus ? { extraArgs: { 'bind-address': '0.0.0.0' } } : {};
  const extraManifests = [
    ...(features.gatewayApi ? [`https://github.com/kubernetes-sigs/gateway-api/releases/download/${versions.gatewayApi}/experimental-install.yaml`] : []),
    ...(features.prometheus
      ? PROMETHEUS_CRDS.map(
          (crd) =>
            `https://raw.githubusercontent.com/prometheus-community/helm-charts/refs/tags/prometheus-operator-crds-${versions.prometheusCrds}/charts/kube-prometheus-stack/charts/crds/crds/crd-${crd}.yaml`,
        )
      : []),
  ];
  return {
    controlPlane: { endpoint: clusterEndpoint(network) },
    allowSchedulingOnControlPlanes: true,
    clusterName,
    // No CNI from Talos: Cilium is installed at bootstrap by the stack, then owned by Flux.
    network: { cni: { name: 'none' }, podSubnets: [network.podSubnet], serviceSubnets: [network.serviceSubnet] },
    ...(features.prometheus ? { controllerManager: bindAll } : {}),
    scheduler: { config: SCHEDULER_CONFIG, ...bindAll },
    ...(controlPlane && features.prometheus ? { etcd: { extraArgs: { 'listen-metrics-urls': 'http://0.0.0.0:2381' } } } : {}),
    proxy: { disabled: true },
    coreDNS: { disabled: false },
    ...(extraManifests.length ? { extraManifests } : {}),
  };
}

/** Spread pods across nodes by default (PodTopologySpread and InterPodAffinity scored with weight 5). */
const SCHEDULER_CONFIG = {
  apiVersion: 'kubescheduler.config.k8s.io/v1',
  kind: 'KubeSchedulerConfiguration',
  profiles: [
    {
      schedulerName: 'default-scheduler',
      plugins: { score: { enabled: [{ name: 'PodTopologySpread', weight: 5 }, { name: 'InterPodAffinity', weight: 5 }] } },
      pluginConfig: [
        {
          name: 'PodTopologySpread',
          args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }] },
        },
      ],
    },
  ],
};

/** The documents as one multi-document YAML string (each document on its own, deterministic). */
export function renderMachineConfig(docs: readonly TalosDocument[]): string {
  return docs.map((d) => toYaml(d)).join('---\n');
}

/** Each document as its own YAML string: the form Terraform's `config_patches` takes. */
export function machineConfigPatches(docs: readonly TalosDocument[]): string[] {
  return docs.map((d) => toYaml(d));
}

