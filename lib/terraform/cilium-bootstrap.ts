import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { toYaml } from '../core/yaml.js';

export interface CiliumBootstrapProps {
  readonly provider: HelmProvider;
  readonly version: string;
  readonly clusterName: string;
  readonly clusterId: number;
  readonly podSubnet: string;
  readonly operatorReplicas: number;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The CNI a fresh Talos cluster needs before anything else can run (Talos is configured with `cni: none`
 * and no kube-proxy). Installed once by Helm from Terraform, then handed over: Flux's HelmRelease of the
 * same name in kube-system upgrades it with the full typed values, and Terraform ignores every later
 * change, so the two never fight. Values here are only what the first boot needs on Talos.
 */
export class CiliumBootstrap extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CiliumBootstrapProps) {
    super(scope, id);
    const values = {
      cluster: { name: props.clusterName, id: props.clusterId },
      ipam: { mode: 'kubernetes' },
      kubeProxyReplacement: true,
      // KubePrism: the node-local API server load balancer Talos runs on every node.
      k8sServiceHost: '127.0.0.1',
      k8sServicePort: 7445,
      routingMode: 'native',
      ipv4NativeRoutingCIDR: props.podSubnet,
      autoDirectNodeRoutes: true,
      cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
      securityContext: {
        capabilities: {
          ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
          cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
        },
      },
      operator: { replicas: props.operatorReplicas },
    };
    this.release = new Release(this, 'release', {
      provider: props.provider,
      name: 'cilium',
      namespace: 'kube-system',
      repository: 'https://helm.cilium.io/',
      chart: 'cilium',
      version: props.version,
      values: [toYaml(values)],
      wait: true,
      timeout: 600,
      dependsOn: props.dependsOn,
      lifecycle: { ignoreChanges: 'all' },
    });
  }
}
