import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { toYaml } from '../core/yaml.js';

export interface CiliumBootstrapProps {
  readonly provider: HelmProvider;
  readonly version: string;
  /** The chart values: the same typed values the cluster's Flux HelmRelease carries. */
  readonly values: object;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The CNI a fresh Talos cluster needs before anything else can run (Talos is configured with `cni: none`
 * and no kube-proxy). Installed once by Helm from Terraform, then handed over: Flux's HelmRelease of the
 * same name in kube-system adopts it with the same typed values (one builder serves both sides), and
 * Terraform ignores every later change, so the two never fight.
 */
export class CiliumBootstrap extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CiliumBootstrapProps) {
    super(scope, id);
    this.release = new Release(this, 'release', {
      provider: props.provider,
      name: 'cilium',
      namespace: 'kube-system',
      repository: 'https://helm.cilium.io/',
      chart: 'cilium',
      version: props.version,
      values: [toYaml(props.values)],
      wait: true,
      timeout: 600,
      dependsOn: props.dependsOn,
      lifecycle: { ignoreChanges: 'all' },
    });
  }
}
