import type { App } from 'cdk8s';
import { SynthError } from '../lib/core/errors.js';
import { FLUX_NAMESPACE } from '../lib/flux/defaults.js';
import { NotificationProvider, FluxAlert } from '../lib/flux/notifications.js';
import type { PlatformRelease } from '../lib/flux/release.js';
import { SsmExternalSecret, SsmSecretStore } from '../lib/flux/ssm-secret.js';
import { FluxTree } from '../lib/flux/tree.js';
import { configureFluxUnit } from '../lib/flux/unit-options.js';
import { Unit } from '../lib/k8s/unit.js';
import type { Versions } from '../lib/versions/versions.js';
import { crdProviders } from './crd-providers.js';
import type { ClusterConfig } from '../model/index.js';
import { bootstrapSecrets, clusterSync, fluxRepository, ssm, AWS_REGION } from '../model/contract.js';
import { addCiliumConfig } from './cilium-config.js';
import { addDeschedulerRbac } from './descheduler.js';
import { addGpuConfig } from './gpu.js';
import { addKromgoConfig } from './kromgo.js';
import { addCnpgPki } from './monitoring.js';
import { composeObservability } from './observability.js';
import { addPlatformReleases } from './platform-releases.js';
import { LonghornStorageClasses } from '../lib/storage/longhorn.js';
import { addPlatformValidationCanary, canaryHealthExpr, VALIDATION_CANARY } from './platform-validation.js';
import { addPriorityClasses } from './priority-classes.js';
import { addUpgrades } from './upgrades.js';

/** The Flux entry point of a cluster: root folder, top-level groups, and the wiring pass (`finalize`). */
export function fluxTree(app: App, cluster: ClusterConfig): FluxTree {
  return new FluxTree(app, 'flux', { sync: clusterSync(cluster), crdProviders });
}

/** Flux Kustomization that every build must get through on integration before it is promoted to live. */
export const VALIDATION_UNIT = 'platform-validation';

export interface PlatformUnits {
  readonly releases: ReadonlyMap<string, PlatformRelease>;
  /** The unit of release `name` (to `dependOn` it); a release this cluster lacks is a synth error. */
  release(name: string): PlatformRelease;
  readonly secretStores: Unit;
  readonly notifications: Unit;
  readonly validation: Unit;
}

/**
 * The platform of one cluster: every catalog release as its own unit, and the config units owned by the
 * Flux workstream (secret store, notifications, upgrades, priority classes, platform validation).
 */
export function addPlatform(app: App, tree: FluxTree, cluster: ClusterConfig, versions: Versions): PlatformUnits {
  const releases = addPlatformReleases(app, cluster, versions);
  const release = (name: string): PlatformRelease => {
    const r = releases.get(name);
    if (!r) throw new SynthError(`cluster ${cluster.name}`, `no platform release "${name}" (known: ${[...releases.keys()].sort().join(', ')})`, 'release');
    return r;
  };

  // Storage classes are core objects (no CRD to derive from), so the unit names its release explicitly.
  const storage = new Unit(app, 'longhorn-storage', { path: 'config/longhorn-storage' });
  new LonghornStorageClasses(storage, 'classes', { replicas: cluster.replicas, diskTags: cluster.diskTags });
  storage.dependOn(release('longhorn'));

  const ciliumConfig = new Unit(app, 'cilium-config', { path: 'config/cilium-config' });
  addCiliumConfig(ciliumConfig, cluster);

  // kromgo mounts its ConfigMap, so the release waits for it.
  const kromgoConfig = new Unit(app, 'kromgo-config', { path: 'config/kromgo-config' });
  addKromgoConfig(kromgoConfig);
  release('kromgo').dependOn(kromgoConfig);

  if (cluster.features.gpu) {
    // GPU pods run with the nvidia RuntimeClass, which must exist before the device plugin and exporter.
    const gpu = new Unit(app, 'gpu-config', { path: 'config/gpu-config' });
    addGpuConfig(gpu);
    release('nvidia-device-plugin').dependOn(gpu);
    release('dcgm-exporter').dependOn(gpu);
  }

  const secretStores = new Unit(app, 'external-secrets-stores', { path: 'config/external-secrets-stores' });
  const esAccess = bootstrapSecrets.externalSecrets;
  new SsmSecretStore(secretStores, 'aws-ssm', { region: AWS_REGION, credentials: { name: esAccess.name, namespace: esAccess.namespace } });

  const monitoring = new Unit(app, 'monitoring-config', { path: 'config/monitoring-config' });
  // Alertmanager's receivers read their Secrets through the SSM store.
  monitoring.dependOn(secretStores);
  composeObservability(app, cluster, monitoring);

  // The CA Secret exists once the operator runs; the annotation must land after it.
  const cnpgPki = new Unit(app, 'cnpg-pki', { path: 'config/cnpg-pki' });
  addCnpgPki(cnpgPki);
  cnpgPki.dependOn(release('cloudnative-pg'));

  // The descheduler's PVC read access, which its chart cannot grant.
  const deschedulerConfig = new Unit(app, 'descheduler-config', { path: 'config/descheduler-config' });
  addDeschedulerRbac(deschedulerConfig);
  deschedulerConfig.dependOn(release('descheduler'));

  const priority = new Unit(app, 'priority-classes', { path: 'config/priority-classes' });
  addPriorityClasses(priority);

  const upgrades = new Unit(app, 'tuppr-config', { path: 'config/tuppr-config' });
  addUpgrades(upgrades, versions);

  // Reconciliation failures of any Flux object go to Discord.
  const notifications = new Unit(app, 'flux-notifications', { path: 'config/flux-notifications' });
  new SsmExternalSecret(notifications, 'discord-webhook', {
    name: 'discord-webhook', namespace: FLUX_NAMESPACE, allowedPrefixes: ssm.readablePrefixes(cluster.name),
    data: { address: { key: ssm.discordWebhook } },
  });
  const discord = new NotificationProvider(notifications, 'discord', { name: 'discord', type: 'discord', secretName: 'discord-webhook' });
  new FluxAlert(notifications, 'reconciliation-failure', {
    name: 'reconciliation-failure',
    provider: discord,
    severity: 'error',
    sources: (['Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart'] as const).map((kind) => ({ kind, name: '*' })),
    eventMetadata: { cluster: cluster.name },
  });

  // Platform validation: waits for every unit at the current revision, then for the canaries.
  const validation = new Unit(app, VALIDATION_UNIT, { path: `config/${VALIDATION_UNIT}` });
  addPlatformValidationCanary(validation, { stampRevision: cluster.promotion === 'validate' });
  tree.gate(validation);
  configureFluxUnit(validation, {
    healthChecks: [{ apiVersion: 'canaries.flanksource.com/v1', kind: 'Canary', name: VALIDATION_CANARY.name, namespace: VALIDATION_CANARY.namespace }],
    healthCheckExprs: [canaryHealthExpr],
    timeout: '15m',
  });

  if (cluster.promotion === 'validate') {
    // The validation unit's health checks passing at a new revision dispatches `promote.yaml`, which releases
    // that build for live. kustomize-controller emits "Health check passed" only for a new revision that
    // changed something (the stamped canary always does) or on recovery from a failed check, never on the
    // periodic re-reconciliations that "Reconciliation finished" fires on: one dispatch per build.
    new SsmExternalSecret(notifications, 'github-dispatch-token', {
      name: 'github-dispatch-token', namespace: FLUX_NAMESPACE, allowedPrefixes: ssm.readablePrefixes(cluster.name),
      data: { token: { key: ssm.fluxGithubDispatchToken(cluster.name) } },
    });
    const github = new NotificationProvider(notifications, 'github-dispatch', {
      name: 'github-dispatch', type: 'githubdispatch', address: fluxRepository.gitUrl, secretName: 'github-dispatch-token',
    });
    new FluxAlert(notifications, 'promotion-validated', {
      name: 'promotion-validated',
      provider: github,
      severity: 'info',
      sources: [{ kind: 'Kustomization', name: VALIDATION_UNIT }],
      inclusionList: ['^Health check passed in .*'],
      eventMetadata: { cluster: cluster.name, promotion: 'validated' },
    });
  }
  return { releases, release, secretStores, notifications, validation };
}
