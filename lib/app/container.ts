import type { Versions } from '../versions/versions.js';
import { effectiveSecurityContext } from './pod-security.js';
import { PROBE_DEFAULTS, type ContainerSpec, type InitContainerSpec, type ResolvedAppProps, type SidecarSpec } from './props.js';
import type { Values } from './values.js';

/** The main container's name in app-template values (volumes and probes refer to it). */
export const MAIN_CONTAINER = 'app';
/** Reloader's annotation: restart the pods when a Secret or ConfigMap they use changes. */
export const RELOADER_ANNOTATION = 'reloader.stakater.com/auto';
/** The GPU: NVIDIA runtime class, the node label the device plugin's feature discovery sets, one device. */
export const GPU = { runtimeClassName: 'nvidia', nodeSelector: { 'nvidia.com/gpu.present': 'true' }, resource: 'nvidia.com/gpu' } as const;

type Probes = NonNullable<ContainerSpec['probes']>;
type ProbeUse = Exclude<NonNullable<Probes['startup']>, false>;
const PROBE_TIMING = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

/**
 * Env as an ordered list (declaration order), so a later value may reference an earlier one with
 * Kubernetes `$(VAR)` expansion, e.g. a connection URL built from a password read from a Secret.
 */
function envValues(env: ContainerSpec['env']): Values[] | undefined {
  if (!env) return undefined;
  return Object.entries(env).map(([name, v]) =>
    typeof v === 'string' ? { name, value: v } : { name, valueFrom: { secretKeyRef: { name: v.secret, key: v.key } } },
  );
}

/** app-template probe values: each probe runs the shared check (or its own HTTP path) with its timing. */
function probeValues(p: Probes): Values {
  const c = p.check;
  const out: Values = {};
  for (const kind of ['liveness', 'readiness', 'startup'] as const) {
    const defaults = kind === 'startup' ? undefined : PROBE_DEFAULTS[kind];
    const use = p[kind];
    if (use === false || (!use && !defaults)) continue;
    const merged: ProbeUse = { ...defaults, ...use };
    const action = 'path' in c ? { httpGet: { path: merged.path ?? c.path, port: c.port } } : 'tcp' in c ? { tcpSocket: { port: c.tcp } } : { exec: { command: c.exec } };
    const timing = PROBE_TIMING.filter((k) => merged[k] !== undefined).map((k) => [k, merged[k]]);
    out[kind] = { enabled: true, custom: true, spec: { ...action, ...Object.fromEntries(timing) } };
  }
  return out;
}

/** One container's app-template values (image tag from versions.env, security context over the restricted defaults). */
function containerEntry(c: ContainerSpec | SidecarSpec | InitContainerSpec, versions: Versions, podLevel: boolean): Values {
  const { capabilities, ...sc } = effectiveSecurityContext(c.securityContext);
  // The reason is for reviewers; Kubernetes knows only add/drop.
  const caps = capabilities ? Object.fromEntries(Object.entries(capabilities).filter(([k]) => k !== 'reason')) : undefined;
  const { runAsUser, runAsGroup, runAsNonRoot, seccompProfile, ...rest } = { ...sc, ...(caps ? { capabilities: caps } : {}) };
  // The main container's identity goes to the pod (defaultPodOptions); other containers carry their own.
  const securityContext: Values = podLevel
    ? rest
    : { ...rest, runAsNonRoot, seccompProfile, ...(runAsUser !== undefined ? { runAsUser } : {}), ...(runAsGroup !== undefined ? { runAsGroup } : {}) };
  const out: Values = { image: { repository: c.image.repository, tag: versions.get(c.image.versionKey) }, securityContext };
  if (c.env) out.env = envValues(c.env);
  if (c.envFrom?.length) out.envFrom = c.envFrom.map((name) => ({ secretRef: { name } }));
  if (c.args) out.args = c.args;
  if (c.command) out.command = c.command;
  if (c.resources) out.resources = c.resources;
  // Declared on the container itself: a probe's named port resolves only against its own container's ports
  // (app-template does not derive them from the Service).
  if ('ports' in c && c.ports.length) out.ports = c.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }));
  if ('probes' in c && c.probes) out.probes = probeValues(c.probes);
  return out;
}

/** The Service ports of a container app (main container and sidecars). */
export function servicePorts(c: ContainerSpec): Array<{ name: string; port: number; protocol: 'TCP' | 'UDP' }> {
  return [...c.ports, ...c.sidecars.flatMap((s) => s.ports)];
}

export interface ContainerValuesOptions {
  /** A LoadBalancer Service at this pool address (Cilium LB-IPAM). */
  readonly loadBalancerIp?: string;
}

/**
 * bjw-s app-template values for a plain container: one controller named after the app with the main
 * container `app`, its sidecars (native ones as restartPolicy-Always init containers) and init containers,
 * the main container's identity at pod level, the GPU when asked, Reloader's annotation, and one Service
 * named exactly like the app (forceRename, so routes and monitors can name it) with every declared port.
 */
export function containerValues(props: ResolvedAppProps, c: ContainerSpec, versions: Versions, options: ContainerValuesOptions = {}): Values {
  const sc = effectiveSecurityContext(c.securityContext);
  const podSc: Values = { runAsNonRoot: sc.runAsNonRoot, seccompProfile: sc.seccompProfile };
  if (sc.runAsUser !== undefined) podSc.runAsUser = sc.runAsUser;
  if (sc.runAsGroup !== undefined) podSc.runAsGroup = sc.runAsGroup;
  if (c.fsGroup !== undefined) podSc.fsGroup = c.fsGroup;

  const main = containerEntry(c, versions, true);
  if (c.gpu) main.resources = { ...(main.resources as Values | undefined), limits: { ...((main.resources as { limits?: Values } | undefined)?.limits ?? {}), [GPU.resource]: 1 } };
  const containers: Values = { [MAIN_CONTAINER]: main };
  const initContainers: Values = {};
  for (const i of c.initContainers) initContainers[i.name] = containerEntry(i, versions, false);
  for (const s of c.sidecars) {
    const entry = containerEntry(s, versions, false);
    if (s.native) initContainers[s.name] = { ...entry, restartPolicy: 'Always' };
    else containers[s.name] = entry;
  }

  const ctl = c.controller;
  const type = ctl?.type ?? 'deployment';
  const pod: Values = {};
  if (ctl?.podLabels) pod.labels = ctl.podLabels;
  if (ctl?.terminationGracePeriodSeconds !== undefined) pod.terminationGracePeriodSeconds = ctl.terminationGracePeriodSeconds;
  const controller: Values = {
    ...(type !== 'deployment' ? { type } : {}),
    ...(type !== 'cronjob' ? { replicas: c.replicas } : { cronjob: { schedule: ctl!.schedule, successfulJobsHistory: 3, failedJobsHistory: 3 } }),
    ...(ctl?.strategy ? { strategy: ctl.strategy } : {}),
    ...(props.reloader ? { annotations: { [RELOADER_ANNOTATION]: 'true' } } : {}),
    ...(Object.keys(pod).length ? { pod } : {}),
    containers,
    ...(Object.keys(initContainers).length ? { initContainers } : {}),
  };

  const defaultPodOptions: Values = { securityContext: podSc };
  if (c.gpu) {
    defaultPodOptions.runtimeClassName = GPU.runtimeClassName;
    defaultPodOptions.nodeSelector = { ...GPU.nodeSelector };
  }
  const ports = servicePorts(c);
  return {
    defaultPodOptions,
    controllers: { [props.name]: controller },
    ...(ports.length
      ? {
          service: {
            app: {
              controller: props.name,
              forceRename: props.name,
              ...(options.loadBalancerIp ? { type: 'LoadBalancer', annotations: { 'lbipam.cilium.io/ips': options.loadBalancerIp } } : {}),
              ports: Object.fromEntries(ports.map((p) => [p.name, { port: p.port, protocol: p.protocol }])),
            },
          },
        }
      : {}),
  };
}
