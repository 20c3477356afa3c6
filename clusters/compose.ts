import { App } from 'cdk8s';
import { Namespace } from '../lib/k8s/namespace.js';
import { Unit } from '../lib/k8s/unit.js';
import { PxeServer } from '../lib/pxe/booter.js';
import { Report } from '../lib/k8s/report.js';
import { nodesReport } from '../lib/inventory/report.js';
import { loadInventory } from '../infra/inventory.js';
import type { Versions } from '../lib/versions/versions.js';
import type { ClusterConfig } from './model.js';
import { platformNamespaces } from './platform-namespaces.js';

export interface ClusterContext {
  readonly cluster: ClusterConfig;
  readonly versions: Versions;
}

/** Builds one cluster's whole desired state as a cdk8s App (one Unit per output folder). */
export function composeCluster(ctx: ClusterContext): App {
  const app = new App({ outdir: 'unused' });
  const namespaces = new Unit(app, 'namespaces', { path: 'namespaces' });
  for (const spec of platformNamespaces) new Namespace(namespaces, spec.name, spec);
  new Report(app, 'nodes-report', { fileName: 'nodes.md', render: () => nodesReport(ctx.cluster.name, loadInventory().hostsOf(ctx.cluster.name)) });
  const { pxe } = ctx.cluster;
  if (pxe) {
    // The PXE server, only on the cluster the model says serves network boot.
    const booter = new Unit(app, 'booter', { path: 'apps/booter' });
    new Namespace(booter, 'namespace', { name: 'booter', podSecurity: 'baseline', dataplane: 'standard' });
    new PxeServer(booter, 'server', {
      namespace: 'booter',
      image: `ghcr.io/siderolabs/booter:${ctx.versions.get('booter_version')}`,
      talosVersion: ctx.versions.get('talos_version'),
      schematicId: pxe.schematicId,
      address: pxe.serverIp,
    });
  }
  return app;
}
