import { App } from 'cdk8s';
import { clusters } from '../model.js';
import { composeNetworkPolicy, type ClusterNetworkPolicy } from '../../clusters/network-policy.js';
import type { KubeObject } from '../../lib/core/manifest.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { DragonflyService } from '../../lib/data-services/dragonfly.js';
import { GarageService } from '../../lib/data-services/garage.js';
import { PostgresService } from '../../lib/data-services/postgres.js';
import { Unit } from '../../lib/k8s/unit.js';
import { AppNamespace, type AppNamespaceProps } from '../../lib/netpol/namespaces.js';
import { PolicyModel } from '../../lib/netpol/reachability.js';

export interface Fixture {
  readonly app: App;
  readonly net: ClusterNetworkPolicy;
  readonly namespaces: Unit;
  appNs(props: Omit<AppNamespaceProps, 'network'>): AppNamespace;
}

/** The dev cluster's real network-policy composition, ready for extra app namespaces. */
export function fixture(): Fixture {
  const app = new App({ outdir: 'unused' });
  const namespaces = new Unit(app, 'namespaces', { path: 'namespaces' });
  const net = composeNetworkPolicy(app, namespaces, clusters.dev);
  return { app, net, namespaces, appNs: (props) => new AppNamespace(namespaces, props.name, { ...props, network: net.system }) };
}

/** Renders (runs every synth-time validation) and returns the objects. */
export function render(app: App): KubeObject[] {
  return renderCluster('test', app).objects.map((o) => o.object);
}

export function model(app: App): PolicyModel {
  return new PolicyModel(render(app));
}

/** A fixture with one app namespace per profile and grant combination the tests need. */
export function appsFixture() {
  const f = fixture();
  const { system, namespaces } = f.net;
  // The shared resources, declared as the data services declare them.
  const postgres = PostgresService.declareAccess(system, namespaces.database!);
  const dragonfly = DragonflyService.declareAccess(system, namespaces.cache!);
  const garageS3 = GarageService.declareAccess(system, namespaces.garage!);
  // Platform consumers of Garage: CNPG and Dragonfly backups, Longhorn (granted by the services in the real composition).
  for (const consumer of ['database', 'cache', 'longhorn-system']) garageS3.grant(namespaces[consumer]!);
  const apps = {
    booter: f.appNs({ name: 'booter', podSecurity: 'restricted', dataplane: 'ambient', profile: 'isolated' }),
    paperless: f.appNs({ name: 'paperless', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal', access: [postgres, dragonfly] }),
    miniflux: f.appNs({ name: 'miniflux', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal-egress', access: [postgres] }),
    homepage: f.appNs({ name: 'homepage', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal-egress', access: [system.kubeApi] }),
    zipline: f.appNs({ name: 'zipline', podSecurity: 'restricted', dataplane: 'ambient', profile: 'standard', access: [postgres, garageS3] }),
    media: f.appNs({ name: 'media', podSecurity: 'privileged', dataplane: 'ambient', profile: 'standard' }),
    hatch: f.appNs({ name: 'hatch', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal', enforcement: 'disabled' }),
  };
  return { ...f, apps };
}
