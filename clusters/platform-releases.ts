import type { Construct } from 'constructs';
import { GPU } from '../lib/app/container.js';
import { SynthError } from '../lib/core/errors.js';
import type { HelmValues } from '../lib/flux/helm-release.js';
import { PlatformRelease } from '../lib/flux/release.js';
import type { HelmReleaseSpecPostRenderers } from '../lib/generated/crds/helm.toolkit.fluxcd.io.js';
import type { Versions } from '../lib/versions/versions.js';
import { ciliumValues } from '../model/contract.js';
import { deschedulerValues } from './descheduler.js';
import { nvidiaDevicePluginValues } from './gpu.js';
import { ipmiExporterValues, snmpExporterValues } from './hardware-monitoring.js';
import { kromgoValues } from './kromgo.js';
import { alloyValues, LOKI, lokiValues } from './logging.js';
import { istioCsrValues, istiodValues, ztunnelValues } from './charts/istio.js';
import { veleroValues } from './charts/velero.js';
import type { ClusterConfig, ClusterFeatures } from '../model/index.js';
import type { ComponentMonitoring } from '../lib/observability/component.js';
import { ciliumMonitoring } from '../lib/observability/mixins/cilium.js';
import { certManagerMonitoring } from '../lib/observability/mixins/cert-manager.js';
import { cnpgMonitoring, dragonflyMonitoring } from '../lib/observability/mixins/data-services.js';
import { externalSecretsMonitoring } from '../lib/observability/mixins/external-secrets.js';
import { garageMonitoring } from '../lib/observability/mixins/garage.js';
import { dcgmMonitoring, ipmiMonitoring, smartctlMonitoring, upsMonitoring } from '../lib/observability/mixins/hardware.js';
import { gatewayMonitoring } from '../lib/observability/mixins/gateway.js';
import { istioCsrMonitoring, istiodMonitoring } from '../lib/observability/mixins/istio.js';
import { kromgoMonitoring } from '../lib/observability/mixins/kromgo.js';
import { alloyMonitoring, grafanaMonitoring, lokiMonitoring } from '../lib/observability/mixins/loki.js';
import { longhornMonitoring } from '../lib/observability/mixins/longhorn.js';
import { veleroMonitoring } from '../lib/observability/mixins/velero.js';
import { canaryCheckerMonitoring } from '../lib/observability/mixins/canary-checker.js';
import { kubePrometheusStackMonitoring } from '../lib/observability/mixins/kube-prometheus-stack.js';
import { KSM_LABEL_ALLOWLIST, grafanaValues, kubePrometheusStackValues } from './observability-values.js';
import { oauth2ProxyExtensionProvider, oauth2ProxyValues } from '../lib/identity/oauth2-proxy.js';
import { OAUTH2_PROXY_SETTINGS } from './identity.js';

/** Chart repositories of the catalog (reference: platform.md §4). */
export const chartRepositories = {
  cilium: 'https://helm.cilium.io/',
  jetstack: 'https://charts.jetstack.io',
  externalSecrets: 'https://charts.external-secrets.io',
  descheduler: 'https://kubernetes-sigs.github.io/descheduler',
  metricsServer: 'https://kubernetes-sigs.github.io/metrics-server',
  longhorn: 'https://charts.longhorn.io',
  stakater: 'https://stakater.github.io/stakater-charts',
  mittwald: 'https://helm.mittwald.de',
  flanksource: 'https://flanksource.github.io/charts',
  prometheusCommunity: 'https://prometheus-community.github.io/helm-charts',
  grafanaCommunity: 'https://grafana-community.github.io/helm-charts',
  grafana: 'https://grafana.github.io/helm-charts',
  istio: 'https://istio-release.storage.googleapis.com/charts',
  cnpg: 'https://cloudnative-pg.github.io/charts',
  oauth2Proxy: 'https://oauth2-proxy.github.io/manifests',
  piraeus: 'https://piraeus.io/helm-charts',
  vmware: 'https://vmware-tanzu.github.io/helm-charts',
  nvidiaDevicePlugin: 'https://nvidia.github.io/k8s-device-plugin',
  nvidiaDcgm: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
  enix: 'https://charts.enix.io',
  garageOperator: 'oci://ghcr.io/rajsinghtech/charts',
  dragonflyOperator: 'oci://ghcr.io/dragonflydb/dragonfly-operator/helm',
  bjwSLabs: 'oci://ghcr.io/bjw-s-labs/helm',
  spegel: 'oci://ghcr.io/spegel-org/helm-charts',
  homeOperations: 'oci://ghcr.io/home-operations/charts',
  giantswarm: 'oci://gsoci.azurecr.io/charts/giantswarm',
} as const;

/** One entry of the platform release catalog. Dependencies are references to other entries, never names. */
export interface ReleaseSpec {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly repository: string;
  /** Key in versions.env holding the chart version. */
  readonly versionKey: string;
  readonly dependsOn: readonly ReleaseSpec[];
  /** Deployed only on clusters with this feature. */
  readonly feature?: keyof ClusterFeatures;
  readonly values?: (cluster: ClusterConfig, versions: Versions) => HelmValues;
  readonly postRenderers?: readonly HelmReleaseSpecPostRenderers[];
  /** What the release exports to Prometheus and the rules watching it (lib/observability/mixins). */
  readonly monitoring?: readonly ComponentMonitoring[];
}

const release = (spec: Omit<ReleaseSpec, 'dependsOn' | 'versionKey'> & { dependsOn?: readonly ReleaseSpec[]; versionKey?: string }): ReleaseSpec => ({
  ...spec,
  versionKey: spec.versionKey ?? `${spec.name.replace(/-/g, '_')}_version`,
  dependsOn: spec.dependsOn ?? [],
});
const R = chartRepositories;

// --- Networking, certificates, secrets ---
export const cilium = release({ name: 'cilium', namespace: 'kube-system', chart: 'cilium', repository: R.cilium, values: ciliumValues, monitoring: [ciliumMonitoring] });
export const certManager = release({
  name: 'cert-manager', namespace: 'cert-manager', chart: 'cert-manager', repository: R.jetstack, dependsOn: [cilium],
  values: () => ({ crds: { enabled: true, keep: true } }), monitoring: [certManagerMonitoring] });
export const externalSecrets = release({
  name: 'external-secrets', namespace: 'external-secrets', chart: 'external-secrets', repository: R.externalSecrets, dependsOn: [cilium],
  values: () => ({ installCRDs: true }), monitoring: [externalSecretsMonitoring] });
// --- Cluster services ---
export const descheduler = release({ name: 'descheduler', namespace: 'kube-system', chart: 'descheduler', repository: R.descheduler, dependsOn: [cilium], values: deschedulerValues });
export const metricsServer = release({ name: 'metrics-server', namespace: 'kube-system', chart: 'metrics-server', repository: R.metricsServer, dependsOn: [cilium] });
export const longhorn = release({
  name: 'longhorn', namespace: 'longhorn-system', chart: 'longhorn', repository: R.longhorn, dependsOn: [cilium],
  values: (c) => ({ persistence: { defaultClassReplicaCount: c.replicas }, defaultSettings: { defaultReplicaCount: c.replicas } }), monitoring: [longhornMonitoring] });
export const reloader = release({ name: 'reloader', namespace: 'system', chart: 'reloader', repository: R.stakater });
export const replicator = release({ name: 'replicator', namespace: 'system', chart: 'kubernetes-replicator', repository: R.mittwald });
export const secretGenerator = release({ name: 'secret-generator', namespace: 'system', chart: 'kubernetes-secret-generator', repository: R.mittwald });
// --- Monitoring ---
export const kubePrometheusStackCrds = release({
  name: 'kube-prometheus-stack-crds', namespace: 'monitoring', chart: 'prometheus-operator-crds', repository: R.prometheusCommunity, versionKey: 'prometheus_version',
});
export const kubePrometheusStack = release({
  name: 'kube-prometheus-stack', namespace: 'monitoring', chart: 'kube-prometheus-stack', repository: R.prometheusCommunity,
  dependsOn: [longhorn, kubePrometheusStackCrds, externalSecrets],
  values: kubePrometheusStackValues,
  monitoring: kubePrometheusStackMonitoring(KSM_LABEL_ALLOWLIST),
});
export const canaryChecker = release({ name: 'canary-checker', namespace: 'monitoring', chart: 'canary-checker', repository: R.flanksource, dependsOn: [cilium, kubePrometheusStack], monitoring: [canaryCheckerMonitoring] });
export const loki = release({
  name: LOKI.release, namespace: LOKI.namespace, chart: 'loki', repository: R.grafanaCommunity, versionKey: 'loki_version', dependsOn: [cilium, longhorn], values: lokiValues, monitoring: [lokiMonitoring] });
export const alloy = release({ name: 'alloy', namespace: 'monitoring', chart: 'alloy', repository: R.grafana, dependsOn: [loki], values: alloyValues, monitoring: [alloyMonitoring] });
export const grafana = release({ name: 'grafana', namespace: 'monitoring', chart: 'grafana', repository: R.grafana, dependsOn: [kubePrometheusStack, alloy], values: grafanaValues, monitoring: [grafanaMonitoring] });
// --- Istio ---
export const istioCsr = release({
  name: 'istio-csr', namespace: 'cert-manager', chart: 'cert-manager-istio-csr', repository: R.jetstack, dependsOn: [certManager], values: istioCsrValues, monitoring: [istioCsrMonitoring],
});
export const istioBase = release({ name: 'istio-base', namespace: 'istio-system', chart: 'base', repository: R.istio, versionKey: 'istio_version', dependsOn: [cilium] });
export const istiod = release({
  name: 'istiod', namespace: 'istio-system', chart: 'istiod', repository: R.istio, versionKey: 'istio_version', dependsOn: [istioBase, istioCsr],
  // oauth2-proxy as the ext_authz provider CUSTOM AuthorizationPolicies name (apps with auth: 'oauth2-proxy').
  values: () => istiodValues([oauth2ProxyExtensionProvider(OAUTH2_PROXY_SETTINGS.namespace)]),
  monitoring: [istiodMonitoring, gatewayMonitoring],
});
export const istioCni = release({
  name: 'istio-cni', namespace: 'istio-system', chart: 'cni', repository: R.istio, versionKey: 'istio_version', dependsOn: [istioBase, istiod],
  values: () => ({ profile: 'ambient' }),
});
export const istioZtunnel = release({
  name: 'istio-ztunnel', namespace: 'istio-system', chart: 'ztunnel', repository: R.istio, versionKey: 'istio_version', dependsOn: [istioBase, istiod, istioCni], values: ztunnelValues,
});
// --- Data services ---
export const garageOperator = release({ name: 'garage-operator', namespace: 'garage-system', chart: 'garage-operator', repository: R.garageOperator, dependsOn: [cilium], monitoring: [garageMonitoring] });
export const cloudnativePg = release({
  name: 'cloudnative-pg', namespace: 'cnpg-system', chart: 'cloudnative-pg', repository: R.cnpg, dependsOn: [cilium, longhorn, kubePrometheusStackCrds, secretGenerator],
  // The webhook's CA comes from the cnpg-pki unit's Secret (cert-manager CA injection).
  postRenderers: [{
    kustomize: {
      patches: [{
        target: { kind: 'ValidatingWebhookConfiguration', name: 'cnpg-validating-webhook-configuration' },
        patch: JSON.stringify([{ op: 'add', path: '/metadata/annotations/cert-manager.io~1inject-ca-from-secret', value: 'cnpg-system/cnpg-ca-secret' }]),
      }],
    },
  }], monitoring: [cnpgMonitoring] });
export const dragonflyOperator = release({ name: 'dragonfly-operator', namespace: 'dragonfly-system', chart: 'dragonfly-operator', repository: R.dragonflyOperator, dependsOn: [cilium, kubePrometheusStackCrds, secretGenerator], monitoring: [dragonflyMonitoring] });
export const kromgo = release({
  name: 'kromgo', namespace: 'kromgo', chart: 'app-template', repository: R.bjwSLabs, versionKey: 'app_template_version', dependsOn: [kubePrometheusStack],
  values: (_c, v) => kromgoValues(v), monitoring: [kromgoMonitoring] });
export const spegel = release({
  name: 'spegel', namespace: 'spegel', chart: 'spegel', repository: R.spegel, dependsOn: [cilium],
  // Talos reads containerd registry mirrors from /etc/cri/conf.d/hosts.
  values: () => ({ spegel: { containerdRegistryConfigPath: '/etc/cri/conf.d/hosts' } }),
});
export const oauth2Proxy = release({
  name: 'oauth2-proxy', namespace: OAUTH2_PROXY_SETTINGS.namespace, chart: 'oauth2-proxy', repository: R.oauth2Proxy, dependsOn: [istiod, externalSecrets],
  values: (c) => oauth2ProxyValues({ internalDomain: c.network.internalDomain, githubUsers: OAUTH2_PROXY_SETTINGS.githubUsers }),
});
export const tuppr = release({ name: 'tuppr', namespace: 'system-upgrade', chart: 'tuppr', repository: R.homeOperations, dependsOn: [cilium, kubePrometheusStackCrds] });
export const silenceOperator = release({ name: 'silence-operator', namespace: 'monitoring', chart: 'silence-operator', repository: R.giantswarm, dependsOn: [kubePrometheusStack] });
export const snmpExporter = release({ name: 'prometheus-snmp-exporter', namespace: 'monitoring', chart: 'prometheus-snmp-exporter', repository: R.prometheusCommunity, dependsOn: [kubePrometheusStack], values: snmpExporterValues, monitoring: [upsMonitoring] });
export const ipmiExporter = release({ name: 'prometheus-ipmi-exporter', namespace: 'monitoring', chart: 'prometheus-ipmi-exporter', repository: R.prometheusCommunity, dependsOn: [kubePrometheusStack], values: ipmiExporterValues, monitoring: [ipmiMonitoring] });
export const smartctlExporter = release({ name: 'prometheus-smartctl-exporter', namespace: 'monitoring', chart: 'prometheus-smartctl-exporter', repository: R.prometheusCommunity, dependsOn: [kubePrometheusStack], monitoring: [smartctlMonitoring] });
export const snapshotController = release({
  name: 'snapshot-controller', namespace: 'kube-system', chart: 'snapshot-controller', repository: R.piraeus, dependsOn: [cilium],
  values: () => ({ controller: { priorityClassName: 'infrastructure-critical' } }),
});
export const velero = release({
  name: 'velero', namespace: 'velero', chart: 'velero', repository: R.vmware, dependsOn: [longhorn, externalSecrets], values: veleroValues, monitoring: [veleroMonitoring],
});
// --- GPU (clusters with the gpu feature) ---
export const nvidiaDevicePlugin = release({
  name: 'nvidia-device-plugin', namespace: 'gpu-system', chart: 'nvidia-device-plugin', repository: R.nvidiaDevicePlugin, dependsOn: [cilium], feature: 'gpu',
  values: nvidiaDevicePluginValues,
});
export const dcgmExporter = release({
  name: 'dcgm-exporter', namespace: 'gpu-system', chart: 'dcgm-exporter', repository: R.nvidiaDcgm, dependsOn: [nvidiaDevicePlugin, kubePrometheusStack], feature: 'gpu',
  values: () => ({ runtimeClassName: GPU.runtimeClassName, nodeSelector: { ...GPU.nodeSelector } }), monitoring: [dcgmMonitoring] });
export const x509CertificateExporter = release({ name: 'x509-certificate-exporter', namespace: 'monitoring', chart: 'x509-certificate-exporter', repository: R.enix, dependsOn: [kubePrometheusStack] });

/** All 36 platform releases (reference: platform.md §4), dependencies before dependents. */
export const platformReleaseCatalog: readonly ReleaseSpec[] = [
  cilium, certManager, externalSecrets, descheduler, metricsServer, longhorn, reloader, replicator, secretGenerator,
  kubePrometheusStackCrds, kubePrometheusStack, canaryChecker, loki, alloy, grafana, istioCsr, istioBase, istiod, istioCni,
  istioZtunnel, garageOperator, cloudnativePg, dragonflyOperator, kromgo, spegel, oauth2Proxy, tuppr, silenceOperator,
  snmpExporter, ipmiExporter, smartctlExporter, snapshotController, velero, nvidiaDevicePlugin, dcgmExporter, x509CertificateExporter,
];

/**
 * Adds the catalog's releases that apply to `cluster` (GPU releases only with the gpu feature), each as its
 * own Flux unit, versions from versions.env. Returns them by name.
 */
export function addPlatformReleases(
  scope: Construct,
  cluster: ClusterConfig,
  versions: Versions,
  catalog: readonly ReleaseSpec[] = platformReleaseCatalog,
): ReadonlyMap<string, PlatformRelease> {
  const built = new Map<ReleaseSpec, PlatformRelease>();
  const byName = new Map<string, PlatformRelease>();
  for (const spec of catalog) {
    if (spec.feature && !cluster.features[spec.feature]) continue;
    if (byName.has(spec.name)) throw new SynthError(`clusters/platform-releases.ts (${spec.name})`, `release "${spec.name}" is listed twice in the catalog`, 'name');
    const deps = spec.dependsOn.map((d) => {
      const dep = built.get(d);
      if (!dep) {
        const why = d.feature && !cluster.features[d.feature] ? `it needs the "${d.feature}" feature, which cluster ${cluster.name} lacks` : 'it is not earlier in the catalog';
        throw new SynthError(`clusters/platform-releases.ts (${spec.name})`, `depends on release "${d.name}", but ${why}`, 'dependsOn');
      }
      return dep;
    });
    const r = new PlatformRelease(scope, `release-${spec.name}`, {
      name: spec.name,
      namespace: spec.namespace,
      chart: spec.chart,
      repositoryUrl: spec.repository,
      version: versions.get(spec.versionKey, `clusters/platform-releases.ts (${spec.name})`),
      ...(spec.values ? { values: spec.values(cluster, versions) } : {}),
      dependsOn: deps,
      ...(spec.postRenderers ? { postRenderers: spec.postRenderers } : {}),
    });
    built.set(spec, r);
    byName.set(spec.name, r);
  }
  return byName;
}
