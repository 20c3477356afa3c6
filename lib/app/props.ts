import { z } from 'zod';
import { GATEWAYS, PROFILES } from '../netpol/profiles.js';
import type { AppTemplateValues } from './app-template.js';

/** RFC 1123 label, as Kubernetes names of namespaces and most objects must be. */
const dnsLabel = z
  .string()
  .max(40)
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, 'must be a lowercase DNS label (a-z, 0-9, "-", starting with a letter)');
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|m|k|M|G)?$/, 'must be a Kubernetes quantity such as 10Gi or 500m');
const port = z.int().min(1).max(65535);
const protocol = z.enum(['TCP', 'UDP']).default('TCP');
const versionKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a versions.env key');

/** A secret key reference for env values. */
const secretRef = z.strictObject({ secret: dnsLabel.or(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/)), key: z.string().min(1) });
export const envValue = z.union([z.string(), secretRef]);

const httpProbe = z.strictObject({ path: z.string().startsWith('/'), port, initialDelaySeconds: z.int().min(0).optional() });

/** Container security context fields we model (PodSecurity admission checks exactly these). */
export const securityContextSchema = z.strictObject({
  runAsUser: z.int().min(0).optional(),
  runAsGroup: z.int().min(0).optional(),
  runAsNonRoot: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  privileged: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  capabilities: z.strictObject({ add: z.array(z.string()).optional(), drop: z.array(z.string()).optional() }).optional(),
  seccompProfile: z.strictObject({ type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']) }).optional(),
});
export type SecurityContext = z.infer<typeof securityContextSchema>;

/** A plain container: image from versions.env, ports, env, resources, probes, security context. */
export const containerSchema = z.strictObject({
  image: z.strictObject({ repository: z.string().regex(/^[a-z0-9.\-/_:]+$/), versionKey }),
  ports: z.array(z.strictObject({ name: dnsLabel.max(15), port, protocol })).min(1),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), envValue).optional(),
  args: z.array(z.string()).optional(),
  command: z.array(z.string()).optional(),
  resources: z
    .strictObject({
      requests: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
      limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
    })
    .optional(),
  probes: z.strictObject({ liveness: httpProbe.optional(), readiness: httpProbe.optional(), startup: httpProbe.optional() }).optional(),
  securityContext: securityContextSchema.optional(),
  /** Pod-level fsGroup (volume ownership). */
  fsGroup: z.int().min(0).optional(),
  replicas: z.int().min(0).default(1),
  /** LoadBalancer for ports the world reaches directly (see `exposed`). */
  serviceType: z.enum(['ClusterIP', 'LoadBalancer']).default('ClusterIP'),
});
export type ContainerSpec = z.infer<typeof containerSchema>;

export const chartSchema = z.strictObject({
  /** Chart name in the repository (default: bjw-s app-template). */
  name: z.string().default('app-template'),
  repository: z.string().regex(/^(oci|https):\/\//).default('oci://ghcr.io/bjw-s-labs/helm'),
  versionKey: versionKey.default('app_template_version'),
  /** Typed values of the chart (app-template shape when the chart is app-template). */
  values: z.record(z.string(), z.unknown()).default({}),
});

const perVolume = z.strictObject({
  name: dnsLabel,
  storageClass: z.enum(['fast', 'slow']),
  size: quantity,
  accessMode: z.enum(['ReadWriteOnce', 'ReadWriteMany']).default('ReadWriteOnce'),
  /** Mount path in the app's main container (app-template persistence). */
  mountPath: z.string().startsWith('/').optional(),
});

const ssmSecret = z.strictObject({
  /** Name of the Secret in the app namespace. */
  name: dnsLabel.max(63),
  data: z
    .array(
      z.strictObject({
        secretKey: z.string().min(1),
        /** SSM parameter: relative (under /homelab/kubernetes/<cluster>/) or absolute under an allowed prefix. */
        key: z.string().min(1),
        property: z.string().min(1).optional(),
      }),
    )
    .min(1),
});

const generatedSecret = z.strictObject({
  name: dnsLabel.max(63),
  keys: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).min(1),
  length: z.int().min(8).max(256).default(32),
  encoding: z.enum(['hex', 'base64', 'base32', 'raw']).default('hex'),
});

const alertRule = z.strictObject({
  alert: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be an UpperCamelCase alert name'),
  expr: z.string().min(1),
  for: z.string().regex(/^[0-9]+[smhd]$/).default('5m'),
  severity: z.enum(['info', 'warning', 'critical']),
  summary: z.string().min(1),
});

export const homelabAppSchema = z
  .strictObject({
    name: dnsLabel,
    /** Namespace (default: the app name). */
    namespace: dnsLabel.optional(),
    podSecurity: z.enum(['restricted', 'baseline', 'privileged']).default('baseline'),
    profile: z.enum(PROFILES),
    /** Grants egress to the Kubernetes API (access label kube-api). */
    kubeApi: z.boolean().default(false),
    chart: chartSchema.optional(),
    container: containerSchema.optional(),
    routes: z
      .array(
        z.strictObject({
          gateway: z.enum(GATEWAYS),
          /** Host label under the cluster's internal/external domain (default: the app name). */
          subdomain: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/).optional(),
          port,
          /** Service the route targets (default: the app name). */
          service: dnsLabel.max(63).optional(),
        }),
      )
      .default([]),
    egress: z
      .strictObject({
        /** World ports beyond the profile's, each with the reason reviewers read. */
        world: z.array(z.strictObject({ port, protocol, reason: z.string().min(3) })).default([]),
        fqdns: z.array(z.strictObject({ name: z.string().regex(/^[a-z0-9*]([a-z0-9.*-]*[a-z0-9])?$/), port, protocol })).default([]),
        apps: z.array(z.strictObject({ app: dnsLabel, port, protocol })).default([]),
      })
      .default({ world: [], fqdns: [], apps: [] }),
    /** Ports the world reaches directly (a LoadBalancer Service, e.g. game servers); opens ingress from `world`. */
    exposed: z.array(z.strictObject({ port, protocol })).default([]),
    volumes: z.array(perVolume).default([]),
    /**
     * A login role named like the app on the shared Postgres, owning one database named like the app, or
     * with `names: ['main', 'log']` the databases `<app>-main` and `<app>-log`.
     */
    database: z.strictObject({ names: z.array(dnsLabel.max(20)).min(1).optional() }).optional(),
    cache: z.boolean().default(false),
    bucket: z.strictObject({ maxSize: quantity.optional() }).optional(),
    secrets: z
      .strictObject({ ssm: z.array(ssmSecret).default([]), generated: z.array(generatedSecret).default([]) })
      .default({ ssm: [], generated: [] }),
    canary: z.union([z.literal(false), z.strictObject({ path: z.string().startsWith('/').default('/'), responseCodes: z.array(z.int()).default([200]) })]).optional(),
    alerts: z.array(alertRule).default([]),
    serviceMonitor: z.strictObject({ port: z.string().min(1), path: z.string().startsWith('/').default('/metrics'), interval: z.string().default('1m') }).optional(),
    /**
     * Service level objectives of an app with routes (lib/observability/slo.ts): availability (default 99.5%)
     * and, with `latencyMs`, latency; `false` opts out (say why in the app file).
     */
    slo: z
      .union([z.literal(false), z.strictObject({ availability: z.number().optional(), latencyMs: z.number().optional(), latencyTarget: z.number().optional() })])
      .default({}),
    dashboard: z.strictObject({ folder: z.string().default('Apps'), json: z.record(z.string(), z.unknown()) }).optional(),
    backup: z.boolean().default(false),
    /** Other apps (by name) that must be ready first. */
    dependsOn: z.array(dnsLabel).default([]),
    /** Platform releases (catalog names, e.g. nvidia-device-plugin) that must be ready first. */
    dependsOnPlatform: z.array(dnsLabel).default([]),
  })
  .superRefine((p, ctx) => {
    if (!!p.chart === !!p.container) ctx.addIssue({ code: 'custom', path: ['chart'], message: 'exactly one of "chart" or "container" is required' });
    const seen = new Set<string>();
    for (const [i, v] of p.volumes.entries()) {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: ['volumes', i, 'name'], message: `duplicate volume "${v.name}"` });
      seen.add(v.name);
    }
  });

type SchemaInput = z.input<typeof homelabAppSchema>;

/** The default chart (bjw-s app-template) with typed values, or any other chart with its own values. */
export type ChartProps =
  | { readonly name?: 'app-template'; readonly repository?: string; readonly versionKey?: string; readonly values: AppTemplateValues }
  | { readonly name: string; readonly repository: string; readonly versionKey: string; readonly values?: Readonly<Record<string, unknown>> };

/** Props of a HomelabApp as an app file writes them (validated by `homelabAppSchema` at synth). */
export type HomelabAppProps = Omit<SchemaInput, 'chart'> & { readonly chart?: ChartProps };
export type ResolvedAppProps = z.output<typeof homelabAppSchema>;
