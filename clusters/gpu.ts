import { KubeRuntimeClass } from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import { GPU } from '../lib/app/container.js';
import type { HomelabApp } from '../lib/app/app.js';
import { SynthError } from '../lib/core/errors.js';
import type { HelmValues } from '../lib/flux/helm-release.js';
import type { ClusterConfig } from '../model/index.js';

/**
 * Pods one physical GPU serves at once (NVIDIA time-slicing). Without it the device plugin advertises one
 * `nvidia.com/gpu` per card, and of the apps that each ask for one on live's single Tesla P4 (jellyfin,
 * tdarr-node, ollama, immich machine learning) all but the first stay Pending. Time slices share the card's
 * memory with no isolation, which these mostly idle, bursty workloads tolerate.
 */
export const GPU_TIME_SLICES = 4;

/** GPU node configuration: the `nvidia` RuntimeClass, scheduled onto GPU nodes only. */
export function addGpuConfig(scope: Construct): void {
  new KubeRuntimeClass(scope, GPU.runtimeClassName, {
    metadata: { name: GPU.runtimeClassName },
    handler: GPU.runtimeClassName,
    scheduling: { nodeSelector: { ...GPU.nodeSelector } },
  });
}

/** nvidia-device-plugin values: on the GPU nodes, each card advertised as GPU_TIME_SLICES `nvidia.com/gpu`. */
export function nvidiaDevicePluginValues(): HelmValues {
  const sharing = { version: 'v1', sharing: { timeSlicing: { resources: [{ name: GPU.resource, replicas: GPU_TIME_SLICES }] } } };
  return {
    runtimeClassName: GPU.runtimeClassName,
    nodeSelector: { ...GPU.nodeSelector },
    config: { map: { default: stringify(sharing) }, default: 'default' },
  };
}

/** `nvidia.com/gpu` an app's pods ask for: a GPU container times its replicas, or app-template controllers' limits. */
export function gpuRequests(app: HomelabApp): number {
  const { container, chart } = app.props;
  if (container) return container.gpu ? container.replicas : 0;
  let total = 0;
  const controllers = (chart?.values as { controllers?: Record<string, { replicas?: number; containers?: Record<string, { resources?: { limits?: Record<string, unknown> } }> }> } | undefined)?.controllers ?? {};
  for (const c of Object.values(controllers)) {
    const perPod = Object.values(c.containers ?? {}).reduce((n, ct) => n + Number(ct.resources?.limits?.[GPU.resource] ?? 0), 0);
    total += perPod * (c.replicas ?? 1);
  }
  return total;
}

/**
 * The GPU pods the cluster's apps ask for fit the GPUs its nodes advertise (cards × time slices); otherwise the
 * scheduler leaves the rest Pending, so it is a synth error naming the app that no longer fits.
 */
export function checkGpuCapacity(cluster: ClusterConfig, apps: readonly HomelabApp[]): void {
  const cards = cluster.hosts.filter((h) => h.features.nvidia).length;
  const capacity = cards * GPU_TIME_SLICES;
  let used = 0;
  const users: string[] = [];
  for (const app of apps) {
    const n = gpuRequests(app);
    if (!n) continue;
    used += n;
    users.push(`${app.appName} ${n}`);
    if (used > capacity) {
      const field = app.props.container ? 'container.gpu' : 'chart.values';
      throw new SynthError(app.where, `asks for ${GPU.resource}, but cluster "${cluster.name}" advertises ${capacity} (${cards} GPU node${cards === 1 ? '' : 's'} × ${GPU_TIME_SLICES} time slices) and its apps ask for ${used} (${users.join(', ')})`, field);
    }
  }
}
