import { effectiveSecurityContext } from './pod-security.js';
import type { ContainerSpec, ResolvedAppProps } from './props.js';
import type { Values } from './values.js';

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
 * security context over the restricted defaults, and one Service named exactly like the app (forceRename,
 * so routes and monitors can name it).
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
