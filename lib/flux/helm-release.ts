import { Construct } from 'constructs';
import {
  HelmRelease as HelmReleaseL1,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecInstallStrategyName,
  HelmReleaseSpecUpgradeCrds,
  HelmReleaseSpecUpgradeStrategyName,
  type HelmReleaseSpecPostRenderers,
} from '../generated/crds/helm.toolkit.fluxcd.io.js';
import { SynthError } from '../core/errors.js';
import { FLUX_NAMESPACE, RELEASE_INTERVAL, RELEASE_MAX_HISTORY, RELEASE_TIMEOUT } from './defaults.js';
import type { HelmRepository } from './helm-repository.js';

/** Typed chart values: any JSON-shaped object (each release's builder gives it a precise type). */
export type HelmValues = object;

export interface HelmReleaseProps {
  /** Release (and object) name. */
  readonly name: string;
  /** Namespace the chart's objects are installed into (the HelmRelease itself lives in flux-system). */
  readonly targetNamespace: string;
  readonly chart: string;
  /** Chart version, always read from versions.env by the caller. */
  readonly version: string;
  readonly repository: HelmRepository;
  readonly values?: HelmValues;
  /** Releases that must be ready before this one installs or upgrades. */
  readonly dependsOn?: readonly HelmRelease[];
  readonly postRenderers?: readonly HelmReleaseSpecPostRenderers[];
}

const SEMVERISH = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/**
 * A Flux HelmRelease v2 with the house defaults (reference: flux-clusters.md §2): it lives in flux-system and
 * deploys through `targetNamespace`; 10m interval; RetryOnFailure install and upgrade with a 10m timeout;
 * CRDs CreateReplace; 3 revisions of history; uninstall does not keep history; the namespace is never
 * created by Helm (the namespaces unit owns it).
 */
export class HelmRelease extends Construct {
  readonly name: string;
  readonly targetNamespace: string;
  readonly chart: string;
  readonly version: string;
  readonly repository: HelmRepository;
  readonly values: HelmValues;
  readonly dependsOn: readonly HelmRelease[];

  constructor(scope: Construct, id: string, props: HelmReleaseProps) {
    super(scope, id);
    if (!SEMVERISH.test(props.version)) {
      throw new SynthError(this.node.path, `chart version "${props.version}" is not a semantic version`, 'spec.chart.spec.version');
    }
    this.name = props.name;
    this.targetNamespace = props.targetNamespace;
    this.chart = props.chart;
    this.version = props.version;
    this.repository = props.repository;
    this.values = props.values ?? {};
    this.dependsOn = [...(props.dependsOn ?? [])];
    for (const d of this.dependsOn) {
      if (d === this) throw new SynthError(this.node.path, 'a release cannot depend on itself', 'spec.dependsOn');
    }
    const deps = [...new Set(this.dependsOn.map((d) => d.name))].sort();
    new HelmReleaseL1(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: {
        ...(deps.length ? { dependsOn: deps.map((name) => ({ name, namespace: FLUX_NAMESPACE })) } : {}),
        chart: {
          spec: {
            chart: props.chart,
            version: props.version,
            interval: RELEASE_INTERVAL,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: props.repository.name, namespace: FLUX_NAMESPACE },
          },
        },
        install: {
          createNamespace: false,
          crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE,
          strategy: { name: HelmReleaseSpecInstallStrategyName.RETRY_ON_FAILURE },
          timeout: RELEASE_TIMEOUT,
        },
        upgrade: {
          crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
          strategy: { name: HelmReleaseSpecUpgradeStrategyName.RETRY_ON_FAILURE },
          timeout: RELEASE_TIMEOUT,
        },
        interval: RELEASE_INTERVAL,
        maxHistory: RELEASE_MAX_HISTORY,
        releaseName: props.name,
        targetNamespace: props.targetNamespace,
        // Helm's release record lives beside the workload (not in flux-system), so a release installed
        // before Flux existed — cilium, by the Terraform bootstrap — is adopted instead of reinstalled.
        storageNamespace: props.targetNamespace,
        uninstall: { keepHistory: false },
        ...(props.postRenderers?.length ? { postRenderers: [...props.postRenderers] } : {}),
        values: structuredClone(this.values) as Record<string, unknown>,
      },
    });
  }
}
