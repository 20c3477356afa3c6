import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';
import { toYaml } from '../core/yaml.js';

export interface GatewayDeploymentDefaultsProps {
  readonly name: string;
  readonly namespace: string;
  /** Gateway pods (min(3, nodes) on the reference). */
  readonly replicas: number;
  /**
   * `Local` keeps the client's source address (per-IP rate limiting, access-log geo-IP); Cilium then
   * announces the address only from nodes running a gateway pod. @default Local
   */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /** @default 1 */
  readonly maxUnavailable?: number;
}

/**
 * The ConfigMap a Gateway names in `spec.infrastructure.parametersRef`: Istio merges each key into the
 * object it generates for the gateway (reference: platform-extras.md §1b).
 *
 * The pod template's annotations are an explicit empty map, and there is deliberately no way to set one:
 * istiod re-applies this ConfigMap on every reconcile, so a fixed `kubectl.kubernetes.io/restartedAt` here
 * would silently undo every `kubectl rollout restart` (the reference lost mTLS for 12 h that way).
 */
export class GatewayDeploymentDefaults extends Construct {
  readonly configMapName: string;

  constructor(scope: Construct, id: string, props: GatewayDeploymentDefaultsProps) {
    super(scope, id);
    this.configMapName = props.name;
    new KubeConfigMap(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      data: {
        deployment: toYaml({ spec: { replicas: props.replicas, template: { metadata: { annotations: {} } } } }),
        podDisruptionBudget: toYaml({ spec: { maxUnavailable: props.maxUnavailable ?? 1 } }),
        service: toYaml({ spec: { externalTrafficPolicy: props.externalTrafficPolicy ?? 'Local' } }),
      },
    });
  }
}
