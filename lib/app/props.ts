import { z } from '../core/zod.js';
import { STORAGE_CLASSES } from '../storage/longhorn.js';
import { GATEWAYS, PROFILES } from '../netpol/profiles.js';
import type { AppTemplateValues } from './app-template.js';

// The schema of an app file's props: the one source of validation, types and the reference part of
// docs/apps.md (generated from it, so every field's description and default live here). Every object is
// strict, and an unknown key is reported with the keys that are allowed.

/** A strict object whose unknown-key error lists the allowed keys. */
function obj<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')} (allowed: ${allowed})` : undefined),
  });
}

/** RFC 1123 label, as Kubernetes names of namespaces and most objects must be. */
export const dnsLabel = z
  .string()
  .max(40)
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, 'must be a lowercase DNS label (a-z, 0-9, "-", starting with a letter)');
const objectName = z.string().max(63).regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be a lowercase DNS name (a-z, 0-9, "-", ".")');
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|m|k|M|G)?$/, 'must be a Kubernetes quantity such as 10Gi or 500m');
const port = z.int().min(1).max(65535);
const protocol = z.enum(['TCP', 'UDP']).default('TCP').describe('TCP or UDP. @default "TCP"');
const versionKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a versions.env key');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const absPath = z.string().startsWith('/', 'must be an absolute path');
const portName = dnsLabel.max(15);

/** An image: repository without tag, tag from versions.env. */
const image = obj({
  repository: z
    .string()
    .regex(/^[a-z0-9.\-/_]+$/, 'must be an image repository without tag or digest (the tag comes from versionKey in versions.env)')
    .describe('Image repository without tag, e.g. `ghcr.io/home-operations/sonarr`.'),
  versionKey: versionKey.describe('The versions.env key holding the tag (Renovate keeps it current).'),
});

/** A key of a Secret in the app's namespace. */
export const secretRef = obj({
  secret: objectName.describe('Secret name in the app namespace (its own, a grant\'s or its group\'s).'),
  key: z.string().min(1).describe('Key in that Secret.'),
});
export type SecretRefProps = z.infer<typeof secretRef>;
export const envValue = z.union([z.string(), secretRef]);

/** Default timing when a probe is not given: a slow liveness (restarts are costly), a quick readiness. */
export const PROBE_DEFAULTS = { liveness: { periodSeconds: 30 }, readiness: { periodSeconds: 10 } } as const;
const probeTiming = {
  initialDelaySeconds: z.int().min(0).optional().describe('Seconds before the first probe. @default Kubernetes (0)'),
  periodSeconds: z.int().min(1).optional().describe(`Seconds between probes. @default ${PROBE_DEFAULTS.liveness.periodSeconds} for liveness, ${PROBE_DEFAULTS.readiness.periodSeconds} otherwise`),
  timeoutSeconds: z.int().min(1).optional().describe('Seconds before a probe times out. @default Kubernetes (1)'),
  failureThreshold: z.int().min(1).optional().describe('Failures before the container is restarted (or, for startup, given up on). @default Kubernetes (3)'),
};
const probeCheck = z.union([
  obj({ path: z.string().startsWith('/').describe('HTTP GET path.'), port: z.union([port, portName]).describe('Container port (number or name).') }),
  obj({ tcp: z.union([port, portName]).describe('TCP socket port (number or name).') }),
  obj({ exec: z.array(z.string()).min(1).describe('Command run in the container; exit 0 is healthy.') }),
]);
/** One probe over the shared check: its timing, and (HTTP checks only) another path. */
const probeUse = obj({ path: z.string().startsWith('/').optional().describe('Another HTTP path for this probe (e.g. `/readyz`). @default the check\'s path'), ...probeTiming });
const probes = obj({
  check: probeCheck.describe('What the probes run: an HTTP GET, a TCP connect or a command.'),
  startup: probeUse.optional().describe('Holds liveness/readiness until it first succeeds (slow first starts, migrations). @default none'),
  liveness: z.union([probeUse, z.literal(false)]).optional().describe(`Restarts the container when failing; \`false\` for none. @default every ${PROBE_DEFAULTS.liveness.periodSeconds} s`),
  readiness: z.union([probeUse, z.literal(false)]).optional().describe(`Takes the pod out of its Service when failing; \`false\` for none. @default every ${PROBE_DEFAULTS.readiness.periodSeconds} s`),
}).superRefine((p, ctx) => {
  if ('path' in p.check) return;
  for (const k of ['startup', 'liveness', 'readiness'] as const) {
    const use = p[k];
    if (use && use.path !== undefined) ctx.addIssue({ code: 'custom', path: [k, 'path'], message: 'a path needs an HTTP check (`check: { path, port }`)' });
  }
});

/** Container security context fields we model (PodSecurity admission checks exactly these). */
export const securityContextSchema = obj({
  runAsUser: z.int().min(0).optional().describe('UID. @default image'),
  runAsGroup: z.int().min(0).optional().describe('GID. @default image'),
  runAsNonRoot: z.boolean().optional().describe('Refuse to start as root. @default true'),
  allowPrivilegeEscalation: z.boolean().optional().describe('Allow setuid binaries to gain privileges. @default false'),
  privileged: z.boolean().optional().describe('Only in a privileged namespace. @default false'),
  readOnlyRootFilesystem: z.boolean().optional().describe('Mount the image read-only (give writable paths an emptyDir). @default false'),
  capabilities: obj({
    add: z.array(z.string().regex(/^[A-Z_]+$/, 'must be a capability name such as NET_ADMIN')).optional().describe('Capabilities to add; each needs `reason`.'),
    drop: z.array(z.string()).optional().describe('Capabilities to drop. @default ["ALL"]'),
    reason: z.string().min(10).optional().describe('Why the added capabilities are needed (required with `add`; reviewers read it).'),
  })
    .optional()
    .describe('Linux capabilities. @default drop ALL'),
  seccompProfile: obj({ type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']).describe('Seccomp profile type.') }).optional().describe('System-call filter. @default RuntimeDefault'),
});
export type SecurityContext = z.infer<typeof securityContextSchema>;

const resources = obj({
  requests: obj({ cpu: quantity.optional().describe('CPU the scheduler reserves, e.g. `50m`.'), memory: quantity.optional().describe('Memory the scheduler reserves, e.g. `256Mi`.') })
    .optional()
    .describe('What the scheduler reserves.'),
  limits: obj({ cpu: quantity.optional().describe('CPU cap (usually left unset: throttling hurts latency).'), memory: quantity.optional().describe('Memory cap; the container is killed above it.') })
    .optional()
    .describe('Caps.'),
});

/** Fields every container (main, sidecar, init) has. */
const containerBase = {
  image: image.describe('The image: repository and the versions.env key of its tag.'),
  env: z.record(envName, envValue).optional().describe('Env in declaration order, so a later value may use `$(EARLIER)`; a value is a string or a secret key `{ secret, key }`.'),
  envFrom: z.array(objectName).optional().describe('Secrets whose every key becomes an env var.'),
  args: z.array(z.string()).optional().describe('Arguments (replaces the image CMD).'),
  command: z.array(z.string()).optional().describe('Command (replaces the image ENTRYPOINT).'),
  resources: resources.optional().describe('Requests and limits (cpu, memory).'),
  probes: probes.optional().describe('One health check used by the liveness and readiness probes (and a startup probe when given), with their timing.'),
  securityContext: securityContextSchema.optional().describe('Over the restricted defaults (non-root, no privilege escalation, drop ALL, RuntimeDefault seccomp).'),
};

const containerPort = obj({
  name: portName.describe('Port name (Service port name; ServiceMonitors and probes may refer to it).'),
  port: port.describe('Container port; the Service exposes the same number.'),
  protocol,
});

/** A sidecar: runs beside the main container for the pod's lifetime (a native sidecar when `native`). */
const sidecar = obj({
  name: dnsLabel.max(30).describe('Container name.'),
  ...containerBase,
  ports: z.array(containerPort).default([]).describe('Ports this container serves (added to the app\'s Service). @default []'),
  native: z.boolean().default(false).describe('Start it as a native sidecar (an init container with restartPolicy Always) so it is up before the main container, e.g. a VPN. @default false'),
});
// Kubernetes refuses probes on an init container that runs to completion.
const { probes: _noProbes, ...initContainerBase } = containerBase;
const initContainer = obj({ name: dnsLabel.max(30).describe('Container name.'), ...initContainerBase });

const controller = obj({
  type: z.enum(['deployment', 'statefulset', 'cronjob']).default('deployment').describe('Workload kind. @default "deployment"'),
  schedule: z.string().regex(/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/, 'must be a cron schedule').optional().describe('CronJob schedule (required for `cronjob`).'),
  strategy: z.enum(['Recreate', 'RollingUpdate']).optional().describe('Deployment strategy (Recreate for single-writer volumes). @default chart (RollingUpdate)'),
  terminationGracePeriodSeconds: z.int().min(0).optional().describe('Seconds a stopping pod gets to shut down. @default Kubernetes (30)'),
  podLabels: z.record(z.string(), z.string()).optional().describe('Extra pod labels, e.g. `istio.io/dataplane-mode: none` for a pod that must bypass the mesh.'),
});

/** A plain container turned into app-template values. */
export const containerSchema = obj({
  ...containerBase,
  ports: z.array(containerPort).default([]).describe('Ports the container serves; the app\'s Service (named like the app) exposes them. @default []'),
  fsGroup: z.int().min(0).optional().describe('Pod fsGroup (volume ownership).'),
  replicas: z.int().min(0).default(1).describe('Pods of the controller (not for a cronjob). @default 1'),
  controller: controller.optional().describe('Workload kind and pod options. @default a Deployment'),
  gpu: z.boolean().default(false).describe('One NVIDIA GPU: runtime class nvidia, the GPU node selector and a `nvidia.com/gpu` limit. @default false'),
  sidecars: z.array(sidecar).default([]).describe('Further containers in the pod (VPN, exporter). @default []'),
  initContainers: z.array(initContainer).default([]).describe('Containers that run to completion before the others start. @default []'),
});
export type ContainerSpec = z.infer<typeof containerSchema>;
export type SidecarSpec = z.infer<typeof sidecar>;
export type InitContainerSpec = z.infer<typeof initContainer>;

export const chartSchema = obj({
  name: z.string().default('app-template').describe('Chart name in the repository. @default "app-template"'),
  repository: z.string().regex(/^(oci|https):\/\//).default('oci://ghcr.io/bjw-s-labs/helm').describe('Chart repository (https:// index or oci:// registry). @default "oci://ghcr.io/bjw-s-labs/helm"'),
  versionKey: versionKey.default('app_template_version').describe('versions.env key of the chart version. @default "app_template_version"'),
  values: z.record(z.string(), z.unknown()).default({}).describe('Chart values (typed `AppTemplateValues` for app-template, checked against its values schema).'),
});

const mountTarget = obj({
  container: dnsLabel.max(30).default('app').describe('Container name (`app` is the main one). @default "app"'),
  path: absPath.describe('Mount path.'),
  subPath: z.string().min(1).optional().describe('Mount only this path of the volume.'),
  readOnly: z.boolean().default(false).describe('Mount read-only. @default false'),
});
const mounting = {
  mountPath: absPath.optional().describe('Mount path in every container of the app (app-template globalMounts).'),
  subPath: z.string().min(1).optional().describe('With mountPath: mount only this path of the volume.'),
  readOnly: z.boolean().optional().describe('With mountPath: mount read-only. @default false'),
  mounts: z.array(mountTarget).optional().describe('Mounts in named containers instead (app-template advancedMounts).'),
};
const volumeName = dnsLabel.max(30);
/** The app's own claim `<app>-<name>`. */
const claimVolume = obj({
  name: volumeName.describe('Volume name; the claim is `<app>-<name>`.'),
  storageClass: z.enum(STORAGE_CLASSES).describe(`Longhorn class: ${STORAGE_CLASSES.join(', ')}.`),
  size: quantity.describe('Requested size, e.g. `10Gi`.'),
  accessMode: z.enum(['ReadWriteOnce', 'ReadWriteMany']).default('ReadWriteOnce').describe('@default "ReadWriteOnce"'),
  backup: z.boolean().default(true).describe('Included in the namespace\'s Velero backup (false labels it `velero.io/exclude-from-backup`). @default true'),
  ...mounting,
});
const emptyDirVolume = obj({
  name: volumeName,
  emptyDir: obj({
    medium: z.enum(['Memory']).optional().describe('`Memory` for a tmpfs. @default node disk'),
    sizeLimit: quantity.optional().describe('Size limit (counts against the memory limit for `Memory`).'),
  }).describe('Scratch space that lives as long as the pod (e.g. /tmp of a read-only root).'),
  ...mounting,
});
const sharedVolume = obj({
  name: volumeName,
  claim: objectName.describe('A claim of the app\'s group (`volumes` of its group file).'),
  ...mounting,
});
const configVolume = obj({
  name: volumeName,
  configMap: obj({ data: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), z.string()).refine((d) => Object.keys(d).length > 0, 'needs at least one file').describe('File name → content.') }).describe('Files rendered into a ConfigMap `<app>-<name>` (configuration the app reads).'),
  ...mounting,
});
const secretVolume = obj({
  name: volumeName,
  secret: objectName.describe('A Secret of the namespace, mounted as files.'),
  ...mounting,
});
export const volumeSchema = z.union([claimVolume, emptyDirVolume, sharedVolume, configVolume, secretVolume]);
export type VolumeSpec = z.infer<typeof volumeSchema>;

const ssmSecret = obj({
  name: objectName.describe('Secret name in the namespace.'),
  data: z
    .array(
      obj({
        secretKey: z.string().min(1).describe('Key in the Secret.'),
        key: z.string().min(1).describe('SSM parameter: relative (under the own SSM prefix of the cluster) or absolute under an allowed prefix.'),
        property: z.string().min(1).optional().describe('JSON property of the parameter.'),
      }),
    )
    .min(1)
    .describe('The Secret\'s keys and the SSM parameters they come from.'),
});
const generatedSecret = obj({
  name: objectName.describe('Secret name in the namespace.'),
  keys: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).min(1).describe('Keys secret-generator fills with random values.'),
  length: z.int().min(8).max(256).default(32).describe('Characters per value. @default 32'),
  encoding: z.enum(['hex', 'base64', 'base32', 'raw']).default('hex').describe('@default "hex"'),
  replicateTo: z.array(dnsLabel).default([]).describe('Other namespaces allowed to copy it (replicator allow-list). @default []'),
});
export const secretsSchema = obj({
  ssm: z.array(ssmSecret).default([]).describe('Secrets from AWS SSM Parameter Store (ExternalSecret against `aws-ssm`). @default []'),
  generated: z.array(generatedSecret).default([]).describe('Secrets generated in-cluster by secret-generator. @default []'),
});

const alertRule = obj({
  alert: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be an UpperCamelCase alert name').describe('Alert name (UpperCamelCase).'),
  expr: z.string().min(1).describe('PromQL.'),
  for: z.string().regex(/^[0-9]+[smhd]$/).default('5m').describe('How long the condition must hold. @default "5m"'),
  severity: z.enum(['info', 'warning', 'critical']).describe('Routing severity.'),
  summary: z.string().min(1).describe('One line for the notification.'),
  description: z.string().min(1).describe('What it means and what to look at first.'),
  runbook: z.string().default('apps.md').describe('A file under docs/runbooks/ (optionally with #anchor). @default "apps.md"'),
});

const homepage = obj({
  name: z.string().min(1).describe('Tile name.'),
  group: z.string().min(1).describe('Homepage group (Media, Apps, Platform, Home).'),
  icon: z.string().min(1).describe('Icon, e.g. `sonarr.svg`.'),
  description: z.string().optional().describe('Tile subtitle.'),
  podSelector: z.string().optional().describe('Label selector of the pods whose status the tile shows. @default "app.kubernetes.io/name=<app>"'),
});
const route = obj({
  gateway: z.enum(GATEWAYS).describe('`internal` (internal domain) or `external` (public domain); the profile must admit it.'),
  subdomain: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/).optional().describe('Host label under the gateway\'s domain. @default the app name'),
  port: port.describe('Service port the route targets (must be a port of the app).'),
  service: objectName.optional().describe('Service the route targets. @default the app name'),
  paths: z.array(z.string().startsWith('/')).min(1).optional().describe('Only these path prefixes. @default all paths'),
  redirect: obj({ path: z.string().startsWith('/').describe('Where other paths redirect to.'), statusCode: z.union([z.literal(301), z.literal(302)]).default(302).describe('@default 302') })
    .optional()
    .describe('With `paths`: every other path redirects here.'),
  homepage: homepage.optional().describe('A homepage tile (gethomepage.dev annotations on the HTTPRoute).'),
});

const oidc = obj({
  clientName: z.string().min(1).optional().describe('Name shown on the consent screen. @default the app name'),
  redirectUris: z
    .array(z.string().regex(/^(\/|[a-z][a-z0-9+.-]*:\/\/)/, 'must be a path on the app\'s host (`/callback`) or an absolute URI'))
    .min(1, 'an OIDC client needs at least one redirect URI')
    .describe('Paths on the host of the app\'s first route (`/oauth2/callback`) or absolute URIs (mobile apps).'),
  scopes: z.array(z.enum(['openid', 'profile', 'email', 'groups', 'offline_access'])).default(['openid', 'profile', 'email']).describe('@default ["openid","profile","email"]'),
  policy: z.union([z.enum(['one_factor', 'two_factor']), obj({ groups: z.array(z.string().min(1)).min(1).describe('Directory (LLDAP) groups allowed in.') })]).default('two_factor').describe('Who may log in: `two_factor`, `one_factor`, or `{ groups }` (two factors and membership of one of the directory groups). @default "two_factor"'),
  pkce: z.boolean().default(true).describe('Require PKCE (S256). @default true'),
  tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic').describe('@default "client_secret_basic"'),
  unsignedUserinfo: z.boolean().default(false).describe('Access token and userinfo unsigned (`none`), for clients that cannot verify signed userinfo. @default false'),
  claims: z.array(z.enum(['email', 'name', 'groups', 'preferred_username'])).optional().describe('Claims put into the ID token (a claims policy `<client>`).'),
  issuer: z.enum(GATEWAYS).optional().describe('Which issuer host the app uses. @default "external" if the app has an external route, else "internal"'),
  env: obj({
    issuer: envName.optional().describe('Env var receiving the issuer URL.'),
    discovery: envName.optional().describe('Env var receiving the discovery document URL.'),
    clientId: envName.optional().describe('Env var receiving the client id.'),
    clientSecret: envName.optional().describe('Env var receiving the client secret (from the replicated Secret).'),
  })
    .default({})
    .describe('Env vars of the main container the registration fills. @default {}'),
});

const egress = obj({
  world: z.array(obj({ port: port.describe('Destination port.'), protocol, reason: z.string().min(3).describe('Why (reviewers read it).') })).default([]).describe('World ports beyond the profile\'s. @default []'),
  fqdns: z.array(obj({ name: z.string().regex(/^[a-z0-9*]([a-z0-9.*-]*[a-z0-9])?$/).describe('DNS name (`*` wildcards allowed).'), port: port.describe('Destination port.'), protocol })).default([]).describe('DNS names (Cilium toFQDNs). @default []'),
  apps: z.array(obj({ app: dnsLabel.describe('The other app.'), port: port.describe('A port of its Service.'), protocol })).default([]).describe('Other apps (opens their ingress too); `c.app(name).url(port)` adds these itself. @default []'),
});

const loadBalancer = obj({
  ip: z.ipv4().describe('Address from the cluster\'s LoadBalancer pool (Cilium LB-IPAM), unique per cluster.'),
  world: z.array(portName).default([]).describe('Port names the internet may reach (ingress from world). @default []'),
  lan: z.array(portName).default([]).describe('Port names only the node subnet may reach (e.g. RCON). @default []'),
});

/** The props of one app (the `props` of `defineApp`). */
export const homelabAppSchema = obj({
  name: dnsLabel.describe('App name: release, Service, namespace (unless grouped) and folder.'),
  profile: z.enum(PROFILES).optional().describe(`Network profile of the namespace: ${PROFILES.join(', ')}. Required unless the app is grouped (the group sets it).`),
  podSecurity: z.enum(['restricted', 'baseline', 'privileged']).optional().describe('PodSecurity level of the namespace (grouped apps inherit the group\'s). @default "baseline"'),
  kubeApi: z.boolean().default(false).describe('Egress to the Kubernetes API (access label kube-api). @default false'),
  chart: chartSchema.optional().describe('A chart with its values (exactly one of chart or container).'),
  container: containerSchema.optional().describe('A plain container turned into app-template values (exactly one of chart or container).'),
  values: z.record(z.string(), z.unknown()).optional().describe('Escape hatch: app-template values merged over the generated ones (with `container`), checked against app-template\'s values schema.'),
  reloader: z.boolean().default(true).describe('Restart the pods when a Secret or ConfigMap they use changes (Reloader annotation). @default true'),
  routes: z.array(route).default([]).describe('HTTPRoutes through the internal/external Gateway. @default []'),
  auth: z.literal('oauth2-proxy').optional().describe('Put the app\'s internal routes behind oauth2-proxy (Istio CUSTOM AuthorizationPolicy on the internal gateway).'),
  sso: obj({ oidc: oidc.describe('An OIDC client registered with the cluster\'s identity provider (Authelia).') })
    .optional()
    .describe('Single sign-on: the client registration, its generated secret replicated into the namespace, the issuer in env.'),
  identityProvider: z.boolean().default(false).describe('This app is the cluster\'s OIDC provider (Authelia): every client registration lands in its values. @default false'),
  egress: egress.default({ world: [], fqdns: [], apps: [] }).describe('Traffic beyond the profile and grants.'),
  loadBalancer: loadBalancer.optional().describe('A LoadBalancer Service at a fixed pool address (game servers), with who may reach which port.'),
  volumes: z.array(volumeSchema).default([]).describe('Volumes: own claims, emptyDirs, the group\'s claims, config files, Secrets. @default []'),
  database: obj({
    names: z.array(dnsLabel.max(20)).min(1).optional().describe('Database name suffixes: `["main", "log"]` → `<app>-main`, `<app>-log`. @default one database named like the app'),
    cluster: obj({
      image: image.describe('The server image, e.g. a CNPG image with extra extensions.'),
      size: quantity.describe('Storage per instance, e.g. `10Gi`.'),
      extensions: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a Postgres extension name')).default([]).describe('Extensions created in each database, in order (dependencies first). @default []'),
      sharedPreloadLibraries: z.array(z.string().regex(/^[a-z][a-z0-9_]*(\.so)?$/, 'must be a library name')).default([]).describe('Libraries the server preloads (`shared_preload_libraries`). @default []'),
      parameters: z.record(z.string().regex(/^[a-z_.]+$/, 'must be a Postgres parameter name'), z.string()).optional().describe('Server parameters (`postgresql.conf`).'),
      resources: resources.optional().describe('Requests and limits of each instance.'),
    })
      .optional()
      .describe('A CNPG cluster of the app\'s own (`<app>-database`, beside the shared one, no pooler, own backup bucket) instead of the shared cluster; its host is `c.services.postgres.ownHost`. @default the shared cluster'),
  })
    .optional()
    .describe('A login role named like the app on the shared Postgres, with its databases; credentials in `c.services.postgres`.'),
  cache: z.boolean().default(false).describe('Access to the shared Dragonfly; password in `c.services.dragonfly.password`. @default false'),
  bucket: obj({ maxSize: quantity.optional().describe('Quota.') }).optional().describe('A Garage bucket named like the app with a key; credentials in `c.services.s3`.'),
  secrets: secretsSchema.default({ ssm: [], generated: [] }).describe('The app\'s own Secrets.'),
  canary: z
    .union([
      z.literal(false),
      obj({
        path: z.string().startsWith('/').default('/').describe('Path checked. @default "/"'),
        responseCodes: z.array(z.int()).default([200]).describe('Status codes that count as healthy. @default [200]'),
        port: portName.optional().describe('Check this Service port inside the cluster instead of the routes.'),
      }),
    ])
    .optional()
    .describe('canary-checker HTTP check of every route (or of a Service port). `false` turns it off. @default a check of `/` on every route'),
  alerts: z.array(alertRule).default([]).describe('Prometheus alert rules. @default []'),
  serviceMonitor: obj({
    port: portName.describe('Service port name to scrape.'),
    path: z.string().startsWith('/').default('/metrics').describe('Metrics path. @default "/metrics"'),
    interval: z.string().default('1m').describe('Scrape interval. @default "1m"'),
  })
    .optional()
    .describe('Prometheus scrape of the app\'s Service.'),
  metrics: z
    .array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*\*?$/, 'must be a metric name, or a prefix ending in *'))
    .default([])
    .describe('Metric names the app exports (a trailing * makes a prefix, e.g. `miniflux_*`): its alerts and dashboard may query them, and the lint rejects a metric nothing exports. @default []'),
  dashboard: obj({ folder: z.string().default('Apps').describe('Grafana folder. @default "Apps"'), json: z.record(z.string(), z.unknown()).describe('The dashboard model.') }).optional().describe('Grafana dashboard JSON.'),
  slo: z
    .union([
      z.literal(false),
      obj({
        availability: z.number().optional().describe('Percentage of requests without a 5xx, in (0, 100). @default 99.5'),
        latencyMs: z.number().optional().describe('Latency threshold in ms, an Istio histogram bound (e.g. 250, 500, 1000, 2500); adds a latency SLO.'),
        latencyTarget: z.number().optional().describe('Percentage of requests within latencyMs. @default the availability objective'),
      }),
    ])
    .default({})
    .describe('Service level objectives of a routed app (lib/observability/slo.ts): burn-rate alerts, slos.md, SLO dashboard; `false` opts out. @default {}'),
  backup: z.boolean().default(false).describe('The namespace joins the Velero schedule. @default false'),
  dependsOn: z.array(dnsLabel).default([]).describe('Other apps (by name) that must be ready first. @default []'),
  dependsOnPlatform: z.array(dnsLabel).default([]).describe('Platform releases (catalog names) that must be ready first. @default []'),
}).superRefine((p, ctx) => {
  if (!!p.chart === !!p.container) ctx.addIssue({ code: 'custom', path: ['chart'], message: 'exactly one of "chart" or "container" is required' });
  if (p.values && !p.container) ctx.addIssue({ code: 'custom', path: ['values'], message: '"values" extends the values generated from "container"; with "chart", put them in chart.values' });
  const dup = (items: readonly { name: string }[], path: string, what: string) => {
    const seen = new Set<string>();
    for (const [i, v] of items.entries()) {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `duplicate ${what} "${v.name}"` });
      seen.add(v.name);
    }
  };
  dup(p.volumes, 'volumes', 'volume');
  const c = p.container;
  if (c) {
    const ports = [...c.ports.map((x, i) => ({ ...x, at: ['container', 'ports', i] })), ...c.sidecars.flatMap((s, j) => s.ports.map((x, i) => ({ ...x, at: ['container', 'sidecars', j, 'ports', i] })))];
    const byName = new Map<string, string>();
    for (const x of ports) {
      if (byName.has(x.name)) ctx.addIssue({ code: 'custom', path: [...x.at, 'name'], message: `duplicate port name "${x.name}" (a Service port name must be unique)` });
      byName.set(x.name, x.name);
    }
    dup([{ name: 'app' }, ...c.sidecars, ...c.initContainers], 'container', 'container name');
    // Kubernetes resolves a probe's named port among the ports of the probed container only.
    for (const { spec, at } of [{ spec: c, at: ['container'] }, ...c.sidecars.map((s, i) => ({ spec: s, at: ['container', 'sidecars', i] }))]) {
      const check = spec.probes?.check;
      const [field, named] = !check || 'exec' in check ? [] : 'port' in check ? ['port', check.port] : ['tcp', check.tcp];
      if (typeof named !== 'string' || spec.ports.some((x) => x.name === named)) continue;
      const own = spec.ports.map((x) => x.name).join(', ');
      ctx.addIssue({ code: 'custom', path: [...at, 'probes', 'check', field!], message: `no port named "${named}" on this container (${own ? `its ports: ${own}` : 'it declares no ports'})` });
    }
    if (c.controller?.type === 'cronjob' && !c.controller.schedule) ctx.addIssue({ code: 'custom', path: ['container', 'controller', 'schedule'], message: 'a cronjob needs a schedule' });
    const all = [{ sc: c.securityContext, at: ['container'] }, ...c.sidecars.map((s, i) => ({ sc: s.securityContext, at: ['container', 'sidecars', i] })), ...c.initContainers.map((s, i) => ({ sc: s.securityContext, at: ['container', 'initContainers', i] }))];
    for (const { sc, at } of all) {
      if (sc?.capabilities?.add?.length && !sc.capabilities.reason) {
        ctx.addIssue({ code: 'custom', path: [...at, 'securityContext', 'capabilities', 'reason'], message: `adding capabilities ${sc.capabilities.add.join(', ')} needs a reason` });
      }
    }
  }
});

type SchemaInput = z.input<typeof homelabAppSchema>;

/** The default chart (bjw-s app-template) with typed values, or any other chart with its own values. */
export type ChartProps =
  | { readonly name?: 'app-template'; readonly repository?: string; readonly versionKey?: string; readonly values: AppTemplateValues }
  | { readonly name: string; readonly repository: string; readonly versionKey: string; readonly values?: Readonly<Record<string, unknown>> };

/** Every field optional, at every depth (values merged over generated ones). */
export type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Props of a HomelabApp as an app file writes them (validated by `homelabAppSchema` at synth). */
export type HomelabAppProps = Omit<SchemaInput, 'chart' | 'values'> & { readonly chart?: ChartProps; readonly values?: DeepPartial<AppTemplateValues> };
export type ResolvedAppProps = z.output<typeof homelabAppSchema>;

/** The props of an app group (the `props` of `defineGroup`): the namespace its apps share. */
export const appGroupSchema = obj({
  profile: z.enum(PROFILES).describe(`Network profile of the shared namespace: ${PROFILES.join(', ')}.`),
  podSecurity: z.enum(['restricted', 'baseline', 'privileged']).default('baseline').describe('PodSecurity level of the namespace. @default "baseline"'),
  volumes: z
    .array(
      obj({
        name: objectName.describe('Claim name (apps mount it with `{ claim: <name> }`).'),
        storageClass: z.enum(STORAGE_CLASSES).describe(`Longhorn class: ${STORAGE_CLASSES.join(', ')}.`),
        size: quantity.describe('Size, e.g. `250Gi`.'),
        accessMode: z.enum(['ReadWriteOnce', 'ReadWriteMany']).default('ReadWriteMany').describe('@default "ReadWriteMany" (shared by several apps)'),
        backup: z.boolean().default(true).describe('Included in the namespace\'s Velero backup. @default true'),
        existingVolume: obj({
          volumeHandle: z.string().min(1).describe('The Longhorn volume name.'),
          fsType: z.enum(['ext4', 'xfs']).default('ext4').describe('@default "ext4"'),
          numberOfReplicas: z.int().min(1).max(3).optional().describe('Longhorn replicas of the volume. @default the class\'s'),
        })
          .optional()
          .describe('Bind to an existing Longhorn volume through a static PersistentVolume (Retain) instead of provisioning one.'),
      }),
    )
    .default([])
    .describe('Claims shared by the group\'s apps. @default []'),
  secrets: secretsSchema.default({ ssm: [], generated: [] }).describe('Secrets shared by the group\'s apps.'),
  backup: z.boolean().default(false).describe('The namespace joins the Velero schedule. @default false'),
});
export type AppGroupProps = z.input<typeof appGroupSchema>;
export type ResolvedGroupProps = z.output<typeof appGroupSchema>;
