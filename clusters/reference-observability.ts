// The reference system's alert rules, recording rules and repository dashboards per component, counted from
// its fact sheet (observability.md §1, §3, §5.1), and which of our rule components and dashboards stand for
// each. alerts.md puts our counts beside them; test/observability/reference-coverage.test.ts holds every row
// at least at the reference's figures.
import type { ReferenceFigures } from '../lib/observability/report.js';
import type { ClusterName } from '../model/index.js';

const LIVE: ReferenceFigures = {
  source: 'ionfury/homelab at the fact-sheet snapshot (observability.md §1: 164 custom alerts, 53 recording rules, 15 repository dashboards; kube-prometheus-stack default rules and grafana.com dashboards not counted on either side)',
  components: [
    { component: 'kube-prometheus-stack extras + target down', alerts: 5, records: 0, dashboards: 0, ours: { components: ['kube-prometheus-stack'] } },
    { component: 'alloy', alerts: 3, records: 0, dashboards: 0, ours: { components: ['alloy'] } },
    { component: 'cert-manager', alerts: 4, records: 0, dashboards: 0, ours: { components: ['cert-manager'] } },
    { component: 'cilium', alerts: 17, records: 0, dashboards: 0, ours: { components: ['cilium'] } },
    { component: 'external-secrets', alerts: 3, records: 0, dashboards: 0, ours: { components: ['external-secrets'] } },
    { component: 'flux', alerts: 2, records: 0, dashboards: 0, ours: { components: ['flux'] } },
    { component: 'istio (istiod, ztunnel, istio-csr, rate limiting)', alerts: 17, records: 0, dashboards: 0, ours: { components: ['istio', 'istio-csr'] } },
    { component: 'gateway data plane + Coraza WAF', alerts: 14, records: 0, dashboards: 3, ours: { components: ['gateway'], dashboards: ['gateway-ingress-overview', 'gateway-ingress-detail', 'gateway-ingress-rejected'] } },
    { component: 'gateway RED / SLOs', alerts: 4, records: 24, dashboards: 0, ours: { components: ['slo: *'], dashboards: ['slo'] } },
    { component: 'GPU', alerts: 4, records: 0, dashboards: 0, ours: { components: ['dcgm-exporter'] } },
    { component: 'grafana', alerts: 3, records: 0, dashboards: 0, ours: { components: ['grafana'] } },
    { component: 'hardware (IPMI, SMART)', alerts: 7, records: 0, dashboards: 1, ours: { components: ['prometheus-ipmi-exporter', 'prometheus-smartctl-exporter'], dashboards: ['hardware-health'] } },
    { component: 'UPS', alerts: 7, records: 0, dashboards: 1, ours: { components: ['prometheus-snmp-exporter'], dashboards: ['power-accounting'] } },
    { component: 'kromgo', alerts: 0, records: 11, dashboards: 0, ours: { components: ['kromgo'] } },
    { component: 'loki', alerts: 8, records: 8, dashboards: 1, ours: { components: ['loki'], dashboards: ['loki-logs'] } },
    { component: 'longhorn (incl. snapshot hashes)', alerts: 16, records: 6, dashboards: 0, ours: { components: ['longhorn'] } },
    { component: 'network policy', alerts: 2, records: 0, dashboards: 0, ours: { components: ['network-policy'] } },
    { component: 'velero', alerts: 8, records: 0, dashboards: 1, ours: { components: ['velero'], dashboards: ['velero'] } },
    { component: 'canary-checker', alerts: 2, records: 4, dashboards: 1, ours: { components: ['canary-checker'], dashboards: ['canary-sla'] } },
    { component: 'cloudnative-pg', alerts: 7, records: 0, dashboards: 0, ours: { components: ['cloudnative-pg'] } },
    { component: 'dragonfly', alerts: 3, records: 0, dashboards: 0, ours: { components: ['dragonfly-operator'] } },
    { component: 'garage', alerts: 19, records: 0, dashboards: 1, ours: { components: ['garage'], dashboards: ['garage-s3-storage'] } },
    { component: 'platform overviews (home, signals, backups, network)', alerts: 0, records: 0, dashboards: 4, ours: { components: [], dashboards: ['platform-home', 'platform-signals', 'backup-health', 'network-throughput'] } },
    { component: 'authelia', alerts: 2, records: 0, dashboards: 0, ours: { components: ['authelia'] } },
    { component: 'booter', alerts: 1, records: 0, dashboards: 0, ours: { components: ['booter'] } },
    { component: 'media (Jellyfin, SABnzbd, *arr)', alerts: 3, records: 0, dashboards: 1, ours: { components: ['jellyfin-exporter', 'exportarr'], dashboards: ['jellyfin-exporter'] } },
    { component: 'miniflux', alerts: 3, records: 0, dashboards: 1, ours: { components: ['miniflux'], dashboards: ['miniflux'] } },
  ],
};

/** Only the live cluster runs everything the reference counts (its apps are live-only). */
export const REFERENCE_OBSERVABILITY: Readonly<Partial<Record<ClusterName, ReferenceFigures>>> = { live: LIVE };
