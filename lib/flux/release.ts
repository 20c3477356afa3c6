import type { Construct } from 'constructs';
import type { HelmReleaseSpecPostRenderers } from '../generated/crds/helm.toolkit.fluxcd.io.js';
import { Unit } from '../k8s/unit.js';
import { FLUX_NAMESPACE, RELEASE_INTERVAL } from './defaults.js';
import { HelmRelease, type HelmValues } from './helm-release.js';
import { HelmRepositories, type HelmRepository } from './helm-repository.js';
import { configureFluxUnit } from './unit-options.js';

export interface PlatformReleaseProps {
  /** Release name; also the name of its Flux Kustomization. */
  readonly name: string;
  /** Namespace the chart installs into (declared by the namespaces unit). */
  readonly namespace: string;
  readonly chart: string;
  readonly repositoryUrl: string;
  readonly version: string;
  readonly values?: HelmValues;
  /** Releases that must be ready first: mirrored in the HelmRelease and in the unit's Kustomization. */
  readonly dependsOn?: readonly PlatformRelease[];
  readonly postRenderers?: readonly HelmReleaseSpecPostRenderers[];
}

/**
 * One platform Helm release as its own Flux unit (folder `platform/<name>/`): a HelmRelease in flux-system
 * installing from the cluster's shared HelmRepository of its chart repository (HelmRepositories). Its Kustomization health-checks the HelmRelease, so any unit depending on
 * the release (directly or through a CRD kind it installs) waits until the release is ready; no empty
 * "wrapper" Kustomizations are needed.
 */
export class PlatformRelease extends Unit {
  static isPlatformRelease(x: unknown): x is PlatformRelease {
    return x instanceof PlatformRelease;
  }

  readonly releaseName: string;
  readonly targetNamespace: string;
  readonly repository: HelmRepository;
  readonly helmRelease: HelmRelease;

  constructor(scope: Construct, id: string, props: PlatformReleaseProps) {
    super(scope, id, { path: `platform/${props.name}` });
    this.releaseName = props.name;
    this.targetNamespace = props.namespace;
    const repositories = HelmRepositories.ofCluster(this);
    this.repository = repositories.for(props.repositoryUrl, this.node.path);
    this.dependOn(repositories);
    this.helmRelease = new HelmRelease(this, 'release', {
      name: props.name,
      targetNamespace: props.namespace,
      chart: props.chart,
      version: props.version,
      repository: this.repository,
      ...(props.values ? { values: props.values } : {}),
      dependsOn: (props.dependsOn ?? []).map((r) => r.helmRelease),
      ...(props.postRenderers ? { postRenderers: props.postRenderers } : {}),
    });
    this.dependOn(...(props.dependsOn ?? []));
    configureFluxUnit(this, {
      interval: RELEASE_INTERVAL,
      healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: props.name, namespace: FLUX_NAMESPACE }],
    });
  }
}
