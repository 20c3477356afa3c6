// What the hardware exporters need besides their targets (clusters/scrape.ts): the IPMI exporter's config
// with the BMC credentials from SSM, and the SNMP exporter's CyberPower UPS module, which its image does not
// ship. Reference: observability.md §6.1.
import type { Construct } from 'constructs';
import { toYaml } from '../lib/core/yaml.js';
import type { HelmValues } from '../lib/flux/helm-release.js';
import { SsmExternalSecret } from '../lib/flux/ssm-secret.js';
import { CYBERPOWER_UPS_OBJECTS } from '../lib/observability/mixins/hardware.js';
import type { ClusterConfig } from '../model/index.js';
import { ssm } from '../model/contract.js';

/** The Secret holding the IPMI exporter's config file (rendered by External Secrets). */
export const IPMI_CONFIG = { secret: 'hardware-monitoring-credentials', key: 'ipmi-config.yml', module: 'default' } as const;
/** The SNMP exporter modules and auths the ScrapeConfigs name. */
export const SNMP = { upsModule: 'cyberpower', upsAuth: 'public_v1', bmcModule: 'if_mib', bmcAuth: 'public_v2' } as const;
/** Where the snmp_exporter image keeps its bundled config (if_mib and the public_v1/public_v2 auths). */
const SNMP_BUNDLED_CONFIG = '/etc/snmp_exporter/snmp.yml';

/** Whether the cluster has BMCs to poll (the IPMI config and its SSM parameter exist only then). */
export const hasBmcs = (c: ClusterConfig): boolean => c.hardware.bmcs.length > 0;

/**
 * ipmi_exporter's module for the nodes' BMCs: IPMI LAN 2.0 with an operator user, 10 s per BMC, the sensor,
 * chassis, DCMI power and event-log collectors. An External Secrets template (Go template, sprig): the
 * credentials are quoted with toJson so any character in them stays valid YAML.
 */
function ipmiConfigTemplate(): string {
  return [
    'modules:',
    `  ${IPMI_CONFIG.module}:`,
    '    user: {{ .username | toJson }}',
    '    pass: {{ .password | toJson }}',
    '    driver: LAN_2_0',
    '    privilege: operator',
    '    timeout: 10000',
    '    collectors: [bmc, ipmi, chassis, dcmi, sel]',
    '',
  ].join('\n');
}

/** The IPMI exporter's config Secret from the cluster's `ipmi-credentials` SSM parameter. */
export function addIpmiCredentials(scope: Construct, cluster: ClusterConfig, namespace: string): void {
  const key = ssm.ipmiCredentials(cluster.name);
  new SsmExternalSecret(scope, 'ipmi-exporter-config', {
    name: IPMI_CONFIG.secret,
    namespace,
    allowedPrefixes: ssm.readablePrefixes(cluster.name),
    data: { username: { key, property: 'username' }, password: { key, property: 'password' } },
    template: { data: { [IPMI_CONFIG.key]: ipmiConfigTemplate() } },
  });
}

/** prometheus-ipmi-exporter: its config is the Secret above (without BMCs the chart's defaults stay). */
export function ipmiExporterValues(c: ClusterConfig): HelmValues {
  return hasBmcs(c) ? { configSecret: { enabled: true, name: IPMI_CONFIG.secret, key: IPMI_CONFIG.key } } : {};
}

/**
 * prometheus-snmp-exporter: the bundled config (if_mib, public_v1/public_v2) plus a second file with the
 * CyberPower module — snmp_exporter merges every `--config.file`. The module reads each scalar's `.0` instance.
 */
export function snmpExporterValues(): HelmValues {
  const module = {
    get: CYBERPOWER_UPS_OBJECTS.map((o) => `${o.oid}.0`),
    metrics: CYBERPOWER_UPS_OBJECTS.map((o) => ({ name: o.name, oid: o.oid, type: 'gauge', help: o.help })),
  };
  return {
    // The chart mounts `config` as /config/snmp.yaml and passes it as --config.file; the bundled file is added back.
    config: toYaml({ modules: { [SNMP.upsModule]: module } }),
    extraArgs: [`--config.file=${SNMP_BUNDLED_CONFIG}`],
  };
}
