import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';
import { schematicId, schematicYaml, customizationOf, installSpecKey, type InstallSpec } from './schematic.js';
import { DataTalosClientConfiguration, DataTalosClusterHealth, DataTalosImageFactoryUrls, DataTalosMachineConfiguration, DataTalosMachineDisks } from '../generated/providers/talos.js';
import { TalosClusterKubeconfig, TalosImageFactorySchematic, TalosMachineBootstrap, TalosMachineConfigurationApply, TalosMachineSecrets } from '../generated/providers/talos.js';

export interface TalosNode {
  readonly hostname: string;
  readonly ip: string;
  readonly role: 'controlplane' | 'worker';
  /** CEL selector of the install disk (resolved against the node in maintenance mode). */
  readonly diskSelector: string;
  readonly install: InstallSpec;
  /** The node's machine-configuration documents (lib/talos), one YAML string each. */
  readonly patches: readonly string[];
}

export interface TalosClusterProps {
  readonly clusterName: string;
  readonly endpoint: string;
  readonly talosVersion: string;
  readonly kubernetesVersion: string;
  readonly nodes: readonly TalosNode[];
}

/** What the cluster hands to the stacks that follow (kubeconfig pieces, PEM-decoded). */
export interface KubernetesAccess {
  readonly host: string;
  readonly clientCertificate: string;
  readonly clientKey: string;
  readonly clusterCaCertificate: string;
}

/**
 * A Talos cluster from PXE-booted nodes in maintenance mode: machine secrets, one image-factory schematic
 * per distinct install spec, per-node configuration and apply, bootstrap of the first control plane, and
 * the kubeconfig/talosconfig (held in state, published to SSM by the stack — never written to disk).
 */
export class TalosCluster extends Construct {
  readonly kubeconfigRaw: string;
  readonly talosconfigRaw: string;
  readonly kubernetes: KubernetesAccess;
  readonly bootstrap: TalosMachineBootstrap;
  /**
   * Read once Talos reports every node booted with etcd and the kubelets healthy (the Kubernetes checks are
   * skipped: nodes stay NotReady until a CNI runs). Whatever talks to the API server first depends on it.
   */
  readonly controlPlaneUp: DataTalosClusterHealth;
  /** Schematic id per distinct install spec (computed like the image factory does). */
  readonly schematicIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    const controlPlanes = props.nodes.filter((n) => n.role === 'controlplane');
    if (!controlPlanes.length) throw new SynthError(this.node.path, `cluster "${props.clusterName}" has no control-plane node`, 'nodes');
    const secrets = new TalosMachineSecrets(this, 'secrets', { talos_version: props.talosVersion });
    const clientConfiguration = secrets.ref('client_configuration');

    // One schematic (and installer image) per distinct install spec, named by its id so names are stable.
    const installers = new Map<string, { installer: string; id: string }>();
    const schematicIds = new Map<string, string>();
    for (const node of props.nodes) {
      const key = installSpecKey(node.install);
      if (installers.has(key)) continue;
      const yaml = schematicYaml(customizationOf(node.install));
      const sid = schematicId(yaml);
      schematicIds.set(key, sid);
      const schematic = new TalosImageFactorySchematic(this, `schematic-${sid.slice(0, 12)}`, { schematic: yaml });
      const urls = new DataTalosImageFactoryUrls(this, `urls-${sid.slice(0, 12)}`, {
        talos_version: props.talosVersion,
        schematic_id: schematic.str('id'),
        architecture: node.install.architecture,
        ...(node.install.sbc ? { sbc: node.install.sbc } : { platform: node.install.platform }),
      });
      installers.set(key, { installer: urls.str(node.install.secureboot ? 'urls.installer_secureboot' : 'urls.installer'), id: sid });
    }
    this.schematicIds = schematicIds;

    const applies: TalosMachineConfigurationApply[] = [];
    for (const node of props.nodes) {
      const disks = new DataTalosMachineDisks(this, `disks-${node.hostname}`, { client_configuration: clientConfiguration, node: node.ip, selector: node.diskSelector });
      const installPatch = Fn.yamlencode({ machine: { install: { disk: disks.str('disks[0].dev_path'), image: installers.get(installSpecKey(node.install))!.installer } } });
      const config = new DataTalosMachineConfiguration(this, `config-${node.hostname}`, {
        cluster_name: props.clusterName,
        cluster_endpoint: props.endpoint,
        machine_type: node.role,
        machine_secrets: secrets.ref('machine_secrets'),
        talos_version: props.talosVersion,
        kubernetes_version: props.kubernetesVersion,
        config_patches: [...node.patches.map(escapeTemplate), installPatch],
      });
      applies.push(
        new TalosMachineConfigurationApply(this, `apply-${node.hostname}`, {
          client_configuration: clientConfiguration,
          machine_configuration_input: config.str('machine_configuration'),
          node: node.ip,
          on_destroy: { graceful: false, reboot: true, reset: true },
        }),
      );
    }

    const first = controlPlanes[0]!.ip;
    this.bootstrap = new TalosMachineBootstrap(this, 'bootstrap', { client_configuration: clientConfiguration, node: first, dependsOn: applies });
    const kubeconfig = new TalosClusterKubeconfig(this, 'kubeconfig', { client_configuration: clientConfiguration, node: first, dependsOn: [this.bootstrap] });
    const client = new DataTalosClientConfiguration(this, 'client', {
      cluster_name: props.clusterName,
      client_configuration: clientConfiguration,
      endpoints: controlPlanes.map((n) => n.ip),
      nodes: props.nodes.map((n) => n.ip),
    });
    this.controlPlaneUp = new DataTalosClusterHealth(this, 'control-plane-up', {
      client_configuration: {
        ca_certificate: secrets.str('client_configuration.ca_certificate'),
        client_certificate: secrets.str('client_configuration.client_certificate'),
        client_key: secrets.str('client_configuration.client_key'),
      },
      endpoints: controlPlanes.map((n) => n.ip),
      control_plane_nodes: controlPlanes.map((n) => n.ip),
      worker_nodes: props.nodes.filter((n) => n.role !== 'controlplane').map((n) => n.ip),
      skip_kubernetes_checks: true,
      timeouts: { read: '20m' },
      dependsOn: [this.bootstrap, kubeconfig],
    });
    this.kubeconfigRaw = kubeconfig.str('kubeconfig_raw');
    this.talosconfigRaw = client.str('talos_config');
    this.kubernetes = {
      host: kubeconfig.str('kubernetes_client_configuration.host'),
      clientCertificate: Token.asString(Fn.base64decode(kubeconfig.str('kubernetes_client_configuration.client_certificate'))),
      clientKey: Token.asString(Fn.base64decode(kubeconfig.str('kubernetes_client_configuration.client_key'))),
      clusterCaCertificate: Token.asString(Fn.base64decode(kubeconfig.str('kubernetes_client_configuration.ca_certificate'))),
    };
  }
}

/** Literal text inside Terraform JSON strings: `${` and `%{` would otherwise start a template sequence. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
