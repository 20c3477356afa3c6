import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { Secret } from '@cdktf/provider-kubernetes/lib/secret/index.js';
import type { App } from 'cdktf';
import { primaryIp, primaryMac } from '../lib/inventory/inventory.js';
import { DhcpBootOptions } from '../lib/pxe/dhcp-boot.js';
import { ALL_FEATURES, clusterEndpoint, machineConfigDocuments, machineConfigPatches, type TalosDocument } from '../lib/talos/machine-config.js';
import { talosDocumentErrors } from '../lib/talos/schema.js';
import { throwIfAny } from '../lib/core/errors.js';
import { installSpecOf } from '../lib/talos/schematic.js';
import { CiliumBootstrap } from '../lib/terraform/cilium-bootstrap.js';
import { FluxBootstrap, type FluxSync } from '../lib/terraform/flux-bootstrap.js';
import { TalosImageFactorySchematic, TalosProvider } from '../lib/generated/providers/talos.js';
import { UnifiProvider } from '../lib/generated/providers/unifi.js';
import { HomelabStack } from '../lib/terraform/stack.js';
import { TalosCluster } from '../lib/talos/cluster.js';
import { UnifiRecords } from '../lib/unifi/records.js';
import type { Versions } from '../lib/versions/versions.js';
import { AWS_REGION, bootstrapSecrets, ciliumValues, clusterSync, ssm, STATE_BACKEND } from '../model/contract.js';
import type { ClusterConfig, HomelabModel } from '../model/index.js';

/**
 * One disposable cluster stack: DHCP leases and DNS on the UniFi gateway, the Talos cluster from its
 * inventory, cluster access in SSM, then the CNI and Flux — after which Flux converges everything else.
 */
export function composeClusterStack(app: App, cluster: ClusterConfig, model: HomelabModel, versions: Versions): HomelabStack {
  const { accounts } = model.site;
  const stack = new HomelabStack(app, { name: cluster.name, backend: STATE_BACKEND });
  const net = cluster.network;
  const hosts = cluster.hosts;
  new AwsProvider(stack, 'aws', { region: AWS_REGION });
  const secret = (id: string, name: string): string => new DataAwsSsmParameter(stack, id, { name, withDecryption: true }).value;

  // --- UniFi: static leases for every node, API endpoint (one A record per control plane) and ingress wildcards.
  new UnifiProvider(stack, 'unifi', {
    version: versions.get('unifi_provider_version'),
    api_url: accounts.unifi.apiUrl,
    api_key: secret('unifi-api-key', accounts.unifi.apiKey),
    allow_insecure: true,
    site: accounts.unifi.site,
  });
  new UnifiRecords(stack, 'unifi-records', {
    leases: hosts.map((h) => ({ name: h.hostname, mac: primaryMac(h), ip: primaryIp(h) })),
    records: [
      ...hosts.filter((h) => h.role === 'controlplane').map((h) => ({ key: h.hostname, name: cluster.apiHost, ip: primaryIp(h) })),
      { key: 'internal-ingress-wildcard', name: `*.${net.internalDomain}`, ip: net.ingress.internal },
      { key: 'external-ingress-wildcard', name: `*.${net.externalDomain}`, ip: net.ingress.external },
    ],
  });

  // --- Talos: every node's configuration derives from the inventory (lib/talos).
  new TalosProvider(stack, 'talos', { version: versions.get('talos_provider_version') });
  const machineVersions = { prometheusCrds: versions.get('prometheus_version'), gatewayApi: versions.get('gateway_api_version') };
  const talos = new TalosCluster(stack, 'talos-cluster', {
    clusterName: cluster.name,
    endpoint: clusterEndpoint(net),
    talosVersion: versions.get('talos_version'),
    kubernetesVersion: versions.get('kubernetes_version'),
    nodes: hosts.map((host) => ({
      hostname: host.hostname,
      ip: primaryIp(host),
      role: host.role as 'controlplane' | 'worker',
      diskSelector: host.install.selector,
      install: installSpecOf(host),
      patches: machineConfigPatches(checkedDocuments(`${cluster.name}/${host.hostname}`, machineConfigDocuments({ host, clusterName: cluster.name, network: net, features: ALL_FEATURES, versions: machineVersions }))),
    })),
  });
  const access = ssm.clusterAccess(cluster.name);
  const tags = { 'managed-by': 'opentofu', cluster: cluster.name };
  new SsmParameter(stack, 'kubeconfig', { name: access.kubeconfig, type: 'SecureString', value: talos.kubeconfigRaw, tags });
  new SsmParameter(stack, 'talosconfig', { name: access.talosconfig, type: 'SecureString', value: talos.talosconfigRaw, tags });

  // --- Bootstrap: Cilium (the cluster has no CNI until it runs), cluster secrets, then Flux.
  const k = talos.kubernetes;
  const helm = new HelmProvider(stack, 'helm', { kubernetes: { host: k.host, clientCertificate: k.clientCertificate, clientKey: k.clientKey, clusterCaCertificate: k.clusterCaCertificate } });
  const kubernetes = new KubernetesProvider(stack, 'kubernetes', { host: k.host, clientCertificate: k.clientCertificate, clientKey: k.clientKey, clusterCaCertificate: k.clusterCaCertificate });
  const cilium = new CiliumBootstrap(stack, 'cilium', {
    provider: helm,
    version: versions.get('cilium_version'),
    // Exactly the values of the cluster's cilium HelmRelease, so the hand-over to Flux changes nothing.
    values: ciliumValues(cluster),
    // Not before the control plane is up: a helm_release against an API server still starting fails the apply.
    dependsOn: [talos.controlPlaneUp],
  });
  // The one credential External Secrets needs to read everything else from SSM.
  const esAccess = bootstrapSecrets.externalSecrets;
  new Secret(stack, 'external-secrets-access-key', {
    provider: kubernetes,
    metadata: { name: esAccess.name, namespace: esAccess.namespace },
    data: {
      [esAccess.keys.accessKeyId]: secret('external-secrets-id', accounts.externalSecrets.id),
      [esAccess.keys.secretAccessKey]: secret('external-secrets-secret', accounts.externalSecrets.secret),
    },
    dependsOn: [cilium.release],
  });
  // The same source, path and semver range the cluster's own Flux objects are generated against.
  const flux = clusterSync(cluster);
  const sync: FluxSync =
    cluster.flux.kind === 'git'
      ? { kind: 'git', url: flux.instanceSync.url, branch: cluster.flux.branch, path: flux.rootPath, token: secret('github-token', accounts.github.token) }
      : { kind: 'oci', url: flux.instanceSync.url, ref: flux.ociRef!, path: flux.rootPath };
  new FluxBootstrap(stack, 'flux', {
    helm,
    kubernetes,
    operatorVersion: versions.get('flux_operator_version'),
    instanceVersion: versions.get('flux_instance_version'),
    fluxVersion: versions.get('flux_version'),
    sync,
    dependsOn: [cilium.release],
  });

  // --- Network boot, declared by the cluster that serves it.
  if (cluster.pxe) {
    const { boot } = cluster.pxe;
    // Registers the boot image's schematic with the factory; booter asks for it by the same id.
    new TalosImageFactorySchematic(stack, 'pxe-schematic', { schematic: cluster.pxe.schematicYaml });
    new DhcpBootOptions(stack, 'pxe-dhcp', { network: boot.network, purpose: boot.networkPurpose, server: cluster.pxe.serverIp, filename: boot.bootFile });
  }
  return stack;
}

/** A machine's documents, once they pass the Talos schema of the pinned release and the cross-document rules. */
function checkedDocuments(where: string, docs: TalosDocument[]): TalosDocument[] {
  throwIfAny(talosDocumentErrors(where, docs));
  return docs;
}
