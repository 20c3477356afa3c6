import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CYBERPOWER_UPS_OBJECTS } from '../../lib/observability/mixins/hardware.js';
import { ssm } from '../../model/contract.js';
import { synthHomelab } from '../helpers.js';
import { clusters } from '../model.js';

// Scrape targets come from the model: every node of a cluster has its BMC scraped through the IPMI exporter
// (and its interface counters through SNMP), the UPS through SNMP; a new host needs no edit here.
describe('scrape configuration from the model', () => {
  const out = synthHomelab();

  for (const c of out.clusters) {
    const cluster = clusters[c.name as keyof typeof clusters];
    const scrape = (name: string) => c.objects.find((o) => o.object.kind === 'ScrapeConfig' && o.object.metadata.name === name)?.object as { spec: Record<string, any> } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any

    it(`${c.name}: the IPMI exporter probes the BMC of every node of the inventory`, () => {
      const ipmi = scrape('ipmi-exporter-targets')!;
      expect(ipmi.spec.staticConfigs[0].targets).toEqual(cluster.hosts.map((h) => `${h.hostname}-ipmi.citadel.tomnowak.work`));
      expect(ipmi.spec.metricsPath).toBe('/ipmi');
      // The target becomes the exporter's `target` parameter and the `instance` label; the address is the exporter.
      expect(ipmi.spec.relabelings).toEqual([
        { sourceLabels: ['__address__'], targetLabel: '__param_target' },
        { sourceLabels: ['__param_target'], targetLabel: 'instance' },
        { action: 'replace', targetLabel: '__address__', replacement: 'prometheus-ipmi-exporter.monitoring.svc:9290' },
      ]);
      const exporterService = c.objects.find((o) => o.object.kind === 'HelmRelease' && o.object.metadata.name === 'prometheus-ipmi-exporter');
      expect(exporterService, 'the exporter the scrape goes through is deployed').toBeDefined();
    });

    it(`${c.name}: SNMP reaches the BMCs (if_mib) and the UPS (cyberpower)`, () => {
      expect(scrape('snmp-exporter-targets')!.spec).toMatchObject({ params: { module: ['if_mib'], auth: ['public_v2'] }, staticConfigs: [{ targets: cluster.hardware.bmcs }] });
      expect(scrape('snmp-exporter-ups-targets')!.spec).toMatchObject({ params: { module: ['cyberpower'], auth: ['public_v1'] }, staticConfigs: [{ targets: [cluster.hardware.ups] }] });
    });

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading rendered objects
    const find = (kind: string, name: string): any => c.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name)?.object;

    it(`${c.name}: the IPMI exporter's module is the config External Secrets renders from the cluster's SSM credentials`, () => {
      const values = find('HelmRelease', 'prometheus-ipmi-exporter').spec.values.configSecret;
      const es = find('ExternalSecret', values.name);
      expect(es.metadata.namespace).toBe('monitoring');
      expect(es.spec.target.name).toBe(values.name);
      expect(es.spec.data.map((d: { remoteRef: { key: string; property: string } }) => d.remoteRef)).toEqual([
        { key: ssm.ipmiCredentials(c.name), property: 'password' },
        { key: ssm.ipmiCredentials(c.name), property: 'username' },
      ]);
      // The module the ScrapeConfig asks for is the one the rendered file defines, with the credentials templated in.
      const file = es.spec.target.template.data[values.key] as string;
      const module = scrape('ipmi-exporter-targets')!.spec.params.module[0];
      const config = parse(file.replaceAll('{{ .username | toJson }}', '"u"').replaceAll('{{ .password | toJson }}', '"p"'));
      expect(config.modules[module]).toMatchObject({ user: 'u', pass: 'p', driver: 'LAN_2_0', privilege: 'operator' });
      expect(config.modules[module].collectors).toEqual(expect.arrayContaining(['ipmi', 'dcmi', 'chassis']));
    });

    it(`${c.name}: the SNMP exporter loads the CyberPower module (every UPS metric the rules read) beside its bundled config`, () => {
      const values = find('HelmRelease', 'prometheus-snmp-exporter').spec.values;
      expect(values.extraArgs).toEqual(['--config.file=/etc/snmp_exporter/snmp.yml']);
      const module = parse(values.config).modules[scrape('snmp-exporter-ups-targets')!.spec.params.module[0]];
      expect(module.metrics.map((m: { name: string }) => m.name)).toEqual(CYBERPOWER_UPS_OBJECTS.map((o) => o.name));
      expect(module.get).toEqual(module.metrics.map((m: { oid: string }) => `${m.oid}.0`));
      const rules = c.objects.find((o) => o.object.kind === 'PrometheusRule' && o.object.metadata.name === 'ups-alerts')!.object as unknown as { spec: { groups: Array<{ rules: Array<{ expr: string }> }> } };
      for (const r of rules.spec.groups.flatMap((g) => g.rules)) expect(module.metrics.some((m: { name: string }) => r.expr.includes(m.name)), r.expr).toBe(true);
    });

    it(`${c.name}: the gateway pods are scraped by the name of each Gateway the cluster declares`, () => {
      const gateways = c.objects.filter((o) => o.object.kind === 'Gateway').map((o) => o.object.metadata.name).sort();
      const monitored = c.objects
        .filter((o) => o.object.kind === 'PodMonitor' && (o.object.spec as { namespaceSelector: { matchNames: string[] } }).namespaceSelector.matchNames.includes('istio-gateway'))
        .map((o) => (o.object.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels['gateway.networking.k8s.io/gateway-name'])
        .sort();
      expect(monitored).toEqual(gateways);
    });
  }
});
