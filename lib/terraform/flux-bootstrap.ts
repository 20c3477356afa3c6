import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace/index.js';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { Secret } from '@cdktf/provider-kubernetes/lib/secret/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { toYaml } from '../core/yaml.js';

/** Where a cluster's Flux takes its desired state from (shared contract 2). */
export type FluxSync =
  | { readonly kind: 'git'; readonly url: string; readonly branch: string; readonly path: string; readonly token: string }
  /** `ref`: the OCIRepository `spec.ref` (`ClusterSync.ociRef`: semver range and tag filter). */
  | { readonly kind: 'oci'; readonly url: string; readonly ref: { readonly semver: string; readonly semverFilter?: string }; readonly path: string };

export interface FluxBootstrapProps {
  readonly helm: HelmProvider;
  readonly kubernetes: KubernetesProvider;
  readonly operatorVersion: string;
  readonly instanceVersion: string;
  /** Flux distribution version (`v2.9.4` or `2.9.4`). */
  readonly fluxVersion: string;
  readonly sync: FluxSync;
  readonly dependsOn: ITerraformDependable[];
}

export const FLUX_NAMESPACE = 'flux-system';
const CHARTS = 'oci://ghcr.io/controlplaneio-fluxcd/charts';

/**
 * Flux via the flux-operator: the operator chart and a FluxInstance (chart flux-instance) whose sync
 * creates the `flux-system` source and root Kustomization. Git for dev (branch, pull secret from SSM);
 * an OCI artifact followed by a semver range elsewhere (the operator creates `ref.tag: latest`, which a
 * kustomize patch replaces with `ref.semver`).
 */
export class FluxBootstrap extends Construct {
  readonly instance: Release;

  constructor(scope: Construct, id: string, props: FluxBootstrapProps) {
    super(scope, id);
    const ns = new Namespace(this, 'namespace', {
      provider: props.kubernetes,
      metadata: { name: FLUX_NAMESPACE },
      // Flux and the namespace workstream label it later.
      lifecycle: { ignoreChanges: ['metadata'] },
      dependsOn: props.dependsOn,
    });
    const deps: ITerraformDependable[] = [ns];
    if (props.sync.kind === 'git') {
      deps.push(
        new Secret(this, 'git-credentials', {
          provider: props.kubernetes,
          metadata: { name: 'flux-system', namespace: FLUX_NAMESPACE },
          data: { username: 'git', password: props.sync.token },
        }),
      );
    }
    const operator = new Release(this, 'operator', {
      provider: props.helm,
      name: 'flux-operator',
      namespace: FLUX_NAMESPACE,
      repository: CHARTS,
      chart: 'flux-operator',
      version: props.operatorVersion,
      wait: true,
      timeout: 300,
      dependsOn: deps,
    });
    const sync =
      props.sync.kind === 'git'
        ? { kind: 'GitRepository', url: props.sync.url, ref: `refs/heads/${props.sync.branch}`, path: props.sync.path, pullSecret: 'flux-system', name: FLUX_NAMESPACE }
        : { kind: 'OCIRepository', url: props.sync.url, ref: 'latest', path: props.sync.path, name: FLUX_NAMESPACE };
    const patches =
      props.sync.kind === 'oci'
        ? [
            {
              target: { kind: 'OCIRepository', name: FLUX_NAMESPACE },
              patch: toYaml([{ op: 'replace', path: '/spec/ref', value: { ...props.sync.ref } }]),
            },
          ]
        : [];
    const values = {
      instance: {
        distribution: { version: props.fluxVersion.replace(/^v/, ''), registry: 'ghcr.io/fluxcd' },
        components: ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller', 'image-reflector-controller', 'image-automation-controller'],
        cluster: { type: 'kubernetes', size: 'small', networkPolicy: true },
        sync,
        ...(patches.length ? { kustomize: { patches } } : {}),
      },
    };
    this.instance = new Release(this, 'instance', {
      provider: props.helm,
      name: 'flux',
      namespace: FLUX_NAMESPACE,
      repository: CHARTS,
      chart: 'flux-instance',
      version: props.instanceVersion,
      values: [toYaml(values)],
      wait: true,
      timeout: 300,
      dependsOn: [operator],
    });
  }
}
