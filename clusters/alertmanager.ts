// Alertmanager of each cluster: Discord for people, a heartbeat for the dead-man's switch, and inhibitions
// between alerts that really exist (checked at synth). Library: lib/observability/alertmanager.ts.
import type { Construct } from 'constructs';
import { SsmExternalSecret } from '../lib/flux/ssm-secret.js';
import { AlertmanagerConfiguration, type InhibitRule } from '../lib/observability/alertmanager.js';
import type { ClusterConfig } from '../model/index.js';
import { ssm } from '../model/contract.js';

export const ALERTMANAGER_CONFIG = 'alertmanager';
const FILE = 'clusters/alertmanager.ts';

/** "Critical supersedes warning" pairs: while the first fires for the same object, the second is noise. */
const SUPERSEDES: ReadonlyArray<readonly [critical: string, warning: string, equal: readonly string[]]> = [
  ['CertificateExpiringSoon24h', 'CertificateExpiringSoon14d', ['name', 'namespace']],
  ['LonghornStoragePoolCritical', 'LonghornStoragePoolWarning', ['pool']],
  ['LonghornDiskEnduranceCritical', 'LonghornDiskEnduranceWarning', ['node', 'disk']],
  ['LonghornVolumeStatusCritical', 'LonghornVolumeStatusDegraded', ['volume']],
  ['GarageS3ErrorRateCritical', 'GarageS3ErrorRateHigh', ['instance']],
  ['GarageDiskSpaceCritical', 'GarageDiskSpaceWarning', ['instance']],
  ['GaragePartitionQuorumLoss', 'GaragePartitionsDegraded', []],
  ['DragonflyHighMemoryUsageCritical', 'DragonflyHighMemoryUsage', ['pod']],
  ['CiliumBPFMapPressureCritical', 'CiliumBPFMapPressureWarning', ['pod', 'map_name']],
  ['CiliumIPAMAtCapacity', 'CiliumIPAMAvailableLow', ['pod']],
  ['CNPGWALArchivingStalled', 'CNPGWALArchivingLagHigh', ['pod']],
  ['NetworkPolicyEnforcementDisabledLong', 'NetworkPolicyEnforcementDisabled', ['namespace']],
  ['KubeClientCertificateExpiringCritical', 'KubeClientCertificateExpiringSoon', []],
  ['IstioCsrAuthFailureCritical', 'IstioCsrAuthFailure', []],
  ['GatewayNoReplicasAvailable', 'GatewayReplicasDegraded', ['deployment']],
  ['UpsOutputCriticalLoad', 'UpsOutputOverload', []],
  ['UpsCriticalTemperature', 'UpsHighTemperature', []],
  ['LokiCompactorNotRunning', 'LokiTooManyCompactorsRunning', ['namespace']],
];

const inhibitions: readonly InhibitRule[] = [
  ...SUPERSEDES.map(([critical, warning, equal]) => ({
    source: [{ name: 'alertname', value: critical }], target: [{ name: 'alertname', value: warning }], equal, reason: `${critical} supersedes ${warning}`,
  })),
  {
    source: [{ name: 'alertname', value: 'GatewayNoHealthyUpstream' }],
    target: [{ name: 'alertname', value: 'GatewayUpstreamConnectionFailures|GatewayServerErrorRateHigh', matchType: '=~' }],
    equal: ['source_workload', 'destination_workload'], reason: 'an app without endpoints explains its connection failures and 5xx',
  },
  {
    source: [{ name: 'alertname', value: 'IstiodDown' }], target: [{ name: 'alertname', value: 'Istiod.+', matchType: '=~' }, { name: 'severity', value: 'warning' }],
    equal: [], reason: 'istiod being down explains its other warnings',
  },
  {
    // kube-prometheus-stack's InfoInhibitor fires while an info alert has nothing worse beside it in its namespace.
    source: [{ name: 'alertname', value: 'InfoInhibitor' }], target: [{ name: 'severity', value: 'info' }], equal: ['namespace'], reason: 'info alerts only matter next to a warning or critical',
  },
];

/** Discord message: what fires, where, and the three links on-call needs (runbook, silence, query). */
function discordTemplates(internalDomain: string): { title: string; message: string } {
  const am = `https://alertmanager.${internalDomain}`;
  return {
    title: '{{ if eq .Status "firing" }}🔥 FIRING{{ if gt (len .Alerts.Firing) 1 }} x{{ len .Alerts.Firing }}{{ end }}{{ else }}✅ RESOLVED{{ end }}: {{ .CommonLabels.alertname }} [{{ .CommonLabels.severity | toUpper }}]',
    message: [
      '{{ range .Alerts }}**{{ .Annotations.summary }}**',
      '{{ .Annotations.description }}',
      '{{ with .Labels.namespace }}ns `{{ . }}` {{ end }}{{ with .Labels.pod }}pod `{{ . }}` {{ end }}{{ with .Labels.instance }}on `{{ . }}`{{ end }}',
      `{{ with .Annotations.runbook_url }}[Runbook]({{ . }}) · {{ end }}[Silence](${am}/#/silences/new?filter=%7Balertname%3D%22{{ .Labels.alertname }}%22%7D) · [Query]({{ .GeneratorURL }})`,
      '{{ end }}',
    ].join('\n'),
  };
}

/** The cluster's Alertmanager configuration and the Secrets its receivers read (from SSM). */
export function addAlertmanager(scope: Construct, cluster: ClusterConfig, namespace: string): AlertmanagerConfiguration {
  new SsmExternalSecret(scope, 'alertmanager-discord-webhook', {
    name: 'alertmanager-discord-webhook', namespace, allowedPrefixes: ssm.readablePrefixes(cluster.name), data: { url: { key: ssm.discordWebhook } },
  });
  new SsmExternalSecret(scope, 'alertmanager-heartbeat', {
    name: 'alertmanager-heartbeat-ping-url', namespace, allowedPrefixes: ssm.readablePrefixes(cluster.name), data: { url: { key: ssm.heartbeatPingUrl(cluster.name) } },
  });
  return new AlertmanagerConfiguration(scope, 'alertmanager-config', {
    name: ALERTMANAGER_CONFIG,
    namespace,
    file: FILE,
    receivers: [
      { name: 'null', type: 'null' },
      { name: 'heartbeat', type: 'webhook', url: { name: 'alertmanager-heartbeat-ping-url', key: 'url' } },
      { name: 'discord', type: 'discord', webhook: { name: 'alertmanager-discord-webhook', key: 'url' }, ...discordTemplates(cluster.network.internalDomain) },
    ],
    route: {
      receiver: 'discord', groupBy: ['alertname', 'namespace'], groupWait: '30s', groupInterval: '5m', repeatInterval: '12h',
      reason: 'everything not matched below reaches Discord (warnings re-sent twice a day)',
      routes: [
        { matchers: [{ name: 'alertname', value: 'Watchdog' }], receiver: 'heartbeat', groupWait: '0s', groupInterval: '1m', repeatInterval: '1m', reason: 'the always-firing Watchdog pings the dead-man\'s switch every minute' },
        { matchers: [{ name: 'alertname', value: 'InfoInhibitor' }], receiver: 'null', reason: 'InfoInhibitor only drives the inhibition of info alerts' },
        { matchers: [{ name: 'severity', value: 'info' }], receiver: 'null', reason: 'info alerts are for review in the UI and Grafana, not for Discord' },
        { matchers: [{ name: 'severity', value: 'critical' }], receiver: 'discord', groupWait: '10s', repeatInterval: '4h', reason: 'critical alerts go out fast and repeat every 4h until resolved' },
      ],
    },
    inhibitRules: inhibitions,
  });
}
