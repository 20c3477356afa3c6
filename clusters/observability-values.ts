// Values of the observability releases (kube-prometheus-stack, loki, alloy, grafana): typed, and built from
// the same constants the rules and the metric catalog read, so the two cannot disagree.
import type { HelmValues } from '../lib/flux/helm-release.js';
import { NETWORK_POLICY_NAMESPACE_LABELS } from '../lib/netpol/alerts.js';
import { REPLACED_DEFAULT_RULES, ksmAllowlistValue, type KsmLabelAllowlist } from '../lib/observability/mixins/kube-prometheus-stack.js';
import type { ClusterConfig } from '../model/index.js';
import { DASHBOARD_LABEL, DATASOURCES, FOLDER_ANNOTATION } from '../lib/observability/dashboard.js';
import { LONGHORN_SNAPSHOT_STATE } from '../lib/observability/mixins/longhorn.js';
import { ALERTMANAGER_CONFIG } from './alertmanager.js';
import { LOKI_URL } from './logging.js';

/** kube-prometheus-stack's scrape and rule evaluation interval, seconds. */
export const SCRAPE_INTERVAL_SECONDS = 30;

/**
 * Labels kube-state-metrics exports as `label_*`: all of pods, deployments and PVCs (dashboards group by
 * them), and on namespaces the network-policy labels the escape-hatch alerts read.
 */
export const KSM_LABEL_ALLOWLIST: KsmLabelAllowlist = {
  pods: ['*'],
  deployments: ['*'],
  persistentvolumeclaims: ['*'],
  namespaces: NETWORK_POLICY_NAMESPACE_LABELS,
};

export function kubePrometheusStackValues(c: ClusterConfig): HelmValues {
  return {
    crds: { enabled: false }, // installed by kube-prometheus-stack-crds, so CRD kinds have a release to depend on
    defaultRules: {
      create: true,
      // Replaced by our own rules (lib/observability/mixins/kube-prometheus-stack.ts).
      disabled: Object.fromEntries(REPLACED_DEFAULT_RULES.map((r) => [r, true])),
    },
    alertmanager: {
      alertmanagerSpec: {
        // Our AlertmanagerConfig (clusters/alertmanager.ts) is the whole configuration: no chart default
        // receivers or inhibitions that silently do nothing.
        alertmanagerConfiguration: { name: ALERTMANAGER_CONFIG },
        replicas: c.replicas,
        externalUrl: `https://alertmanager.${c.network.internalDomain}`,
      },
    },
    prometheus: {
      prometheusSpec: {
        scrapeInterval: `${SCRAPE_INTERVAL_SECONDS}s`,
        evaluationInterval: `${SCRAPE_INTERVAL_SECONDS}s`,
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        externalLabels: { prometheus_source: c.name },
        retention: '7d',
        retentionSize: c.storageSizes.prometheusRetention,
        walCompression: true,
        storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: c.storageSizes.prometheus } } } } },
      },
    },
    // The escape-hatch alerts read kube_namespace_labels{label_network_policy_homelab_enforcement=…}, which
    // kube-state-metrics only exports for allow-listed namespace labels (the reference's silent gap, §2d).
    // Longhorn snapshots as series (LonghornSnapshotUnhashed): custom-resource state and the RBAC to read them.
    'kube-state-metrics': {
      metricLabelsAllowlist: ksmAllowlistValue(KSM_LABEL_ALLOWLIST),
      rbac: { extraRules: [LONGHORN_SNAPSHOT_STATE.rbac] },
      customResourceState: { enabled: true, config: { kind: 'CustomResourceStateMetrics', spec: { resources: [LONGHORN_SNAPSHOT_STATE.resource] } } },
    },
  };
}

/**
 * Grafana: dashboards from every ConfigMap labelled `grafana_dashboard` in any namespace (folder from the
 * `grafana_folder` annotation), and the data sources the dashboards' queries name by uid.
 */
export function grafanaValues(c: ClusterConfig): HelmValues {
  const svc = (name: string, port: number) => `http://${name}.monitoring.svc.cluster.local:${port}`;
  return {
    sidecar: {
      dashboards: {
        enabled: true,
        label: DASHBOARD_LABEL,
        searchNamespace: 'ALL',
        folderAnnotation: FOLDER_ANNOTATION,
        provider: { foldersFromFilesStructure: true, allowUiUpdates: false, disableDelete: false },
      },
    },
    'grafana.ini': { server: { root_url: `https://grafana.${c.network.internalDomain}` }, analytics: { reporting_enabled: false, check_for_updates: false }, news: { news_feed_enabled: false } },
    datasources: {
      'datasources.yaml': {
        apiVersion: 1,
        deleteDatasources: [{ name: 'Prometheus', orgId: 1 }, { name: 'Loki', orgId: 1 }, { name: 'Alertmanager', orgId: 1 }],
        datasources: [
          { name: 'Prometheus', type: 'prometheus', uid: DATASOURCES.prometheus.uid, url: svc('kube-prometheus-stack-prometheus', 9090), access: 'proxy', isDefault: true },
          { name: 'Loki', type: 'loki', uid: DATASOURCES.loki.uid, url: LOKI_URL, access: 'proxy', jsonData: { maxLines: 250 } },
          { name: 'Alertmanager', type: 'alertmanager', uid: 'alertmanager', url: svc('kube-prometheus-stack-alertmanager', 9093), access: 'proxy', jsonData: { implementation: 'prometheus' } },
        ],
      },
    },
    serviceMonitor: { enabled: true },
  };
}
