import { App } from 'cdk8s';
import { Unit } from '../lib/k8s/unit.js';
import { PxeServerAlerts } from '../lib/pxe/alerts.js';
import { HTTP_PORT, PxeServer, TFTP_PORT } from '../lib/pxe/booter.js';
import { Report } from '../lib/k8s/report.js';
import { nodesReport } from '../lib/talos/nodes-report.js';
import type { Versions } from '../lib/versions/versions.js';
import { composeApps, discoveredApps, type DiscoveredApp } from './apps.js';
import { composeDataServices } from './data-services.js';
import { composeDisasterRecovery } from './disaster-recovery.js';
import { composeSilences } from './silences.js';
import { composeExternalDns } from './external-dns.js';
import { INVENTORY_NOTES, REFERENCE_COUNTS } from './reference-counts.js';
import { inventoryReport } from '../lib/k8s/inventory-report.js';
import { composeGatewayWaf, composeIngress } from './ingress.js';
import { addPlatform, fluxTree } from './flux.js';
import { checkGpuCapacity } from './gpu.js';
import type { ClusterConfig } from '../model/index.js';
import { composeIdentity } from './identity.js';
import { composeNetworkPolicy, namedCidrs } from './network-policy.js';
import { createObservability } from './observability.js';
import { AppNamespace, Peer, Port } from '../lib/netpol/index.js';

export interface ClusterContext {
  readonly cluster: ClusterConfig;
  /** Names of every cluster of the model (an app naming another cluster is an error). */
  readonly clusterNames: readonly string[];
  readonly versions: Versions;
  /** Apps declared in addition to the files under apps/ (benchmarks, tests). */
  readonly extraApps?: readonly DiscoveredApp[];
  /** Repository root (docs/runbooks are checked there). @default process.cwd() */
  readonly root?: string;
}

/** Builds one cluster's whole desired state as a cdk8s App (one Unit per output folder). */
export function composeCluster(ctx: ClusterContext): App {
  const app = new App({ outdir: 'unused' });
  const observability = createObservability(app, ctx.cluster, ctx.root ?? process.cwd());
  const flux = fluxTree(app, ctx.cluster);
  const namespaces = new Unit(app, 'namespaces', { path: 'platform/namespaces' });
  const network = composeNetworkPolicy(app, namespaces, ctx.cluster);
  new Report(app, 'nodes-report', { fileName: 'nodes.md', render: () => nodesReport(ctx.cluster.name, ctx.cluster.hosts) });
  const { pxe } = ctx.cluster;
  if (pxe) {
    // The PXE server, only on the cluster the model says serves network boot.
    const booter = new Unit(app, 'booter', { path: 'apps/booter' });
    // Isolated, plus exactly what network boot needs: PXE clients (outside the cluster) fetch over TFTP and
    // HTTP, and booter proxies boot assets from the image factory. TFTP is UDP, which the mesh does not carry.
    new AppNamespace(booter, 'namespace', { name: 'booter', podSecurity: 'baseline', dataplane: 'standard', profile: 'isolated', network: network.system })
      // Only from the network PXE clients boot on, named by the model (never `world`).
      .allowIngress(Peer.cidr(namedCidrs(ctx.cluster).pxeClients!), Port.udp(TFTP_PORT), Port.tcp(HTTP_PORT))
      .allowEgress(Peer.fqdn('pxe.factory.talos.dev'), Port.tcp(443))
      .allowEgress(Peer.fqdn('factory.talos.dev'), Port.tcp(443));
    const server = new PxeServer(booter, 'server', {
      namespace: 'booter',
      image: `ghcr.io/siderolabs/booter:${ctx.versions.get('booter_version')}`,
      talosVersion: ctx.versions.get('talos_version'),
      schematicId: pxe.schematicId,
      address: pxe.serverIp,
    });
    new PxeServerAlerts(booter, 'alerts', { namespace: 'booter', deployment: server.deploymentName });
  }
  const platform = addPlatform(app, flux, ctx.cluster, ctx.versions);
  composeDataServices(app, ctx, network, platform);
  const ingress = composeIngress(app, ctx);
  composeIdentity(app, ctx, platform);
  composeExternalDns(app, ctx.cluster, ctx.versions, platform);
  const apps = composeApps(app, ctx, network.system, [...discoveredApps(), ...(ctx.extraApps ?? [])], platform.releases);
  checkGpuCapacity(ctx.cluster, apps);
  composeGatewayWaf(app, ingress);
  composeDisasterRecovery(app, ctx);
  composeSilences(app, ctx.cluster);
  new Report(app, 'inventory-report', { fileName: 'inventory.md', render: () => inventoryReport(app, { cluster: ctx.cluster.name, reference: REFERENCE_COUNTS[ctx.cluster.name], notes: INVENTORY_NOTES }) });
  // Every query is declared by now: lint them against what the cluster deploys.
  observability.finalize();
  // Every unit must exist before this line: it turns each unit into a Flux Kustomization.
  flux.finalize();
  return app;
}
