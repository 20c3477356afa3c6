import { KubeRuntimeClass } from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';

/** Label Talos/NVIDIA put on GPU nodes (node2 on live carries a Tesla P4). */
export const GPU_NODE_LABELS = { 'nvidia.com/gpu.present': 'true' } as const;
/** RuntimeClass (and containerd handler) for GPU workloads, from the Talos nvidia-container-toolkit extension. */
export const NVIDIA_RUNTIME_CLASS = 'nvidia';

/** GPU node configuration: the `nvidia` RuntimeClass, scheduled onto GPU nodes only. */
export function addGpuConfig(scope: Construct): void {
  new KubeRuntimeClass(scope, NVIDIA_RUNTIME_CLASS, {
    metadata: { name: NVIDIA_RUNTIME_CLASS },
    handler: NVIDIA_RUNTIME_CLASS,
    scheduling: { nodeSelector: { ...GPU_NODE_LABELS } },
  });
}
