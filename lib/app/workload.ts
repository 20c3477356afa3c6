import type { ContainerSpec, ResolvedAppProps } from './props.js';
import { effectiveSecurityContext } from './pod-security.js';

export type Values = Record<string, unknown>;

/** Name of the PVC for an app volume. */
export function claimName(app: string, volume: string): string {
  return `${app}-${volume}`;
}

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

function probe(p: { path: string; port: number; initialDelaySeconds?: number } | undefined): Values | undefined {
  if (!p) return undefined;
  return {
    enabled: true,
    custom: true,
    spec: { httpGet: { path: p.path, port: p.port }, ...(p.initialDelaySeconds !== undefined ? { initialDelaySeconds: p.initialDelaySeconds } : {}) },
  };
}

/**
 * bjw-s app-template values for a plain container: one controller and container named after the app, the
 * security context over the restricted defaults, one Service named exactly like the app (forceRename, so
 * routes and monitors can name it), and the app's volumes as existing claims.
 */
export function containerValues(props: ResolvedAppProps, c: ContainerSpec, tag: string): Values {
  const sc = effectiveSecurityContext(c.securityContext);
  const { runAsUser, runAsGroup, runAsNonRoot, seccompProfile, ...containerSc } = sc;
  const podSc: Values = { runAsNonRoot, seccompProfile, ...(runAsUser !== undefined ? { runAsUser } : {}), ...(runAsGroup !== undefined ? { runAsGroup } : {}) };
  if (c.fsGroup !== undefined) podSc.fsGroup = c.fsGroup;
  const container: Values = {
    image: { repository: c.image.repository, tag },
    securityContext: containerSc,
  };
  if (c.env) container.env = envValues(c.env);
  if (c.args) container.args = c.args;
  if (c.command) container.command = c.command;
  if (c.resources) container.resources = c.resources;
  if (c.probes) {
    container.probes = Object.fromEntries(
      (['liveness', 'readiness', 'startup'] as const).filter((k) => c.probes![k]).map((k) => [k, probe(c.probes![k])]),
    );
  }
  return {
    defaultPodOptions: { securityContext: podSc },
    controllers: { [props.name]: { replicas: c.replicas, containers: { app: container } } },
    service: {
      app: {
        controller: props.name,
        forceRename: props.name,
        ...(c.serviceType !== 'ClusterIP' ? { type: c.serviceType } : {}),
        ports: Object.fromEntries(c.ports.map((p) => [p.name, { port: p.port, protocol: p.protocol }])),
      },
    },
  };
}

/** app-template `persistence` entries for the declared volumes (mounted where a mountPath is given). */
export function persistenceValues(props: ResolvedAppProps): Values {
  const out: Values = {};
  for (const v of props.volumes) {
    out[v.name] = { existingClaim: claimName(props.name, v.name), ...(v.mountPath ? { globalMounts: [{ path: v.mountPath }] } : {}) };
  }
  return out;
}

/** Deep merge for values: objects merge key by key, anything else from `over` replaces. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? mergeValues(b, v) : v;
  }
  return out;
}

function isPlain(x: unknown): x is Values {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
