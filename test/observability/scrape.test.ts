import { describe, expect, it } from 'vitest';
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
