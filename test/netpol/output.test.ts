import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeCluster } from '../../clusters/compose.js';
import { clusterContext, clusters } from '../model.js';
import { namedCidrs } from '../../clusters/network-policy.js';
import type { KubeObject } from '../../lib/core/manifest.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { Report } from '../../lib/k8s/report.js';
import { podSecurityLabels } from '../../lib/k8s/namespace.js';
import { ENFORCEMENT_LABEL, PROFILE_LABEL } from '../../lib/netpol/labels.js';
import { NamedCidr } from '../../lib/netpol/cidr.js';
import { CLUSTER_NAMES } from '../model.js';
import { Versions } from '../../lib/versions/versions.js';
import { appsFixture, render } from './fixture.js';

const root = join(import.meta.dirname, '..', '..');
const versions = Versions.load(join(root, 'versions.env'));
const byName = (objs: KubeObject[], kind: string, name: string, namespace?: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace)!;
const labelsOf = (o: KubeObject) => (o.metadata as { labels?: Record<string, string> }).labels ?? {};
const annotationsOf = (o: KubeObject) => (o.metadata as { annotations?: Record<string, string> }).annotations ?? {};

describe('namespaces', () => {
  const f = appsFixture();
  const objs = render(f.app);

  it('PodSecurity levels map to the exact label sets of platform.md §1', () => {
    expect(podSecurityLabels('restricted')).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(podSecurityLabels('baseline')).toEqual({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(podSecurityLabels('privileged')).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
  });

  it('app namespaces carry the profile as label (selected) and annotation (informational), access labels "true"', () => {
    const zipline = byName(objs, 'Namespace', 'zipline');
    expect(labelsOf(zipline)).toMatchObject({
      [PROFILE_LABEL]: 'standard',
      'access.network-policy.homelab/postgres': 'true',
      'access.network-policy.homelab/garage-s3': 'true',
      'istio.io/dataplane-mode': 'ambient',
    });
    expect(annotationsOf(zipline)[PROFILE_LABEL]).toBe('standard');
    expect(labelsOf(zipline)[ENFORCEMENT_LABEL]).toBeUndefined();
    expect(labelsOf(byName(objs, 'Namespace', 'hatch'))[ENFORCEMENT_LABEL]).toBe('disabled');
  });

  it('platform namespaces: hand-crafted <ns>-default CNP, except velero/external-dns which opt into a profile', () => {
    expect(byName(objs, 'CiliumNetworkPolicy', 'database-default', 'database')).toBeDefined();
    expect(labelsOf(byName(objs, 'Namespace', 'database'))[PROFILE_LABEL]).toBeUndefined();
    for (const n of ['velero', 'external-dns']) {
      expect(labelsOf(byName(objs, 'Namespace', n))).toMatchObject({ [PROFILE_LABEL]: 'internal-egress', 'access.network-policy.homelab/kube-api': 'true' });
      expect(byName(objs, 'CiliumNetworkPolicy', `${n}-default`, n)).toBeUndefined();
    }
    expect(() => f.net.namespaces.velero!.policy).toThrow(/velero uses profile internal-egress; it has no hand-crafted policy/);
  });

  it('flux-system has a policy but no Namespace object (the Flux bootstrap creates it)', () => {
    expect(byName(objs, 'Namespace', 'flux-system')).toBeUndefined();
    expect(byName(objs, 'CiliumNetworkPolicy', 'flux-system-default', 'flux-system')).toBeDefined();
  });

  it('every namespace gets a namespaced same-namespace policy with empty selectors (own namespace only)', () => {
    const names = objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(names.length).toBe(21 + 7);
    for (const n of [...names, 'flux-system']) {
      const p = byName(objs, 'CiliumNetworkPolicy', 'same-namespace', n);
      expect(p.spec).toMatchObject({ endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }], egress: [{ toEndpoints: [{}] }] });
    }
  });
});

describe('policies', () => {
  const objs = render(appsFixture().app);
  const cidrs = namedCidrs(clusters.dev);

  it('profiles carry exactly the ingress sources and world-egress ports of platform.md §2b', () => {
    const worldPorts = (name: string) =>
      ((byName(objs, 'CiliumClusterwideNetworkPolicy', `profile-${name}`).spec as { egress?: { toEntities?: string[]; toPorts?: { ports: { port: string; protocol: string }[] }[] }[] }).egress ?? [])
        .filter((r) => r.toEntities?.includes('world'))
        .flatMap((r) => r.toPorts!.flatMap((tp) => tp.ports.map((p) => `${p.protocol}/${p.port}`)));
    expect(worldPorts('isolated')).toEqual([]);
    expect(worldPorts('internal')).toEqual([]);
    expect(worldPorts('internal-egress')).toEqual(['TCP/80', 'TCP/443']);
    expect(worldPorts('standard')).toEqual(['TCP/443']);
    const gateways = (name: string) =>
      ((byName(objs, 'CiliumClusterwideNetworkPolicy', `profile-${name}`).spec as { ingress?: { fromEndpoints?: { matchLabels?: Record<string, string> }[] }[] }).ingress ?? [])
        .flatMap((r) => r.fromEndpoints ?? [])
        .map((s) => s.matchLabels?.['gateway.networking.k8s.io/gateway-name'])
        .filter(Boolean);
    expect(gateways('standard')).toEqual(['external', 'internal']);
    expect(gateways('internal-egress')).toEqual(['internal']);
    expect(gateways('isolated')).toEqual([]);
  });

  it('the DNS baseline keeps the L7 DNS rule FQDN policies depend on', () => {
    const dns = byName(objs, 'CiliumClusterwideNetworkPolicy', 'baseline-dns-egress').spec as { egress: { toPorts: { rules?: { dns: unknown[] } }[] }[] };
    expect(dns.egress[0]!.toPorts[0]!.rules).toEqual({ dns: [{ matchPattern: '*' }] });
  });

  it('upstream field names (toCIDR, toFQDNs, fromCIDR) and only named CIDRs, BGP from the cluster model', () => {
    const ks = byName(objs, 'CiliumNetworkPolicy', 'kube-system-default', 'kube-system').spec as { egress: Record<string, unknown>[] };
    expect(ks.egress.some((r) => JSON.stringify(r.toCIDR) === JSON.stringify(['169.254.116.108/32']))).toBe(true);
    const su = byName(objs, 'CiliumNetworkPolicy', 'system-upgrade-default', 'system-upgrade').spec as { egress: Record<string, unknown>[] };
    expect(su.egress.some((r) => JSON.stringify(r.toFQDNs) === JSON.stringify([{ matchName: 'factory.talos.dev' }]))).toBe(true);
    const bgp = byName(objs, 'CiliumClusterwideNetworkPolicy', 'baseline-bgp-peering').spec as Record<string, unknown>;
    expect(bgp.nodeSelector).toEqual({ matchLabels: { 'kubernetes.io/os': 'linux' } });
    expect(JSON.stringify(bgp)).toContain(`"fromCIDR":["${clusters.dev.bgp.routerIp}/32"]`);
    const allowed = new Set(Object.values(cidrs).map((c) => c.cidr));
    const found = JSON.stringify(objs.filter((o) => o.apiVersion === 'cilium.io/v2')).match(/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d+/g) ?? [];
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(allowed.has(c)).toBe(true);
    expect(() => NamedCidr.of('bad', '10.0.0.1/8')).toThrow(/host bits/);
  });

  it('shared resources write both halves on the same port', () => {
    const egress = byName(objs, 'CiliumClusterwideNetworkPolicy', 'access-postgres-egress').spec as Record<string, unknown>;
    expect(egress.endpointSelector).toEqual({ matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.access.network-policy.homelab/postgres', operator: 'In', values: ['true'] }] });
    expect(egress.egress).toEqual([{ toEndpoints: [{ matchLabels: { 'io.kubernetes.pod.namespace': 'database' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }]);
    const ingress = (byName(objs, 'CiliumNetworkPolicy', 'database-default', 'database').spec as { ingress: unknown[] }).ingress;
    expect(ingress).toContainEqual({ fromEndpoints: [egress.endpointSelector], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] });
  });
});

describe('synth output', () => {
  /** What the pipeline writes for the clusters: object files plus reports (no Terraform needed here). */
  const build = () => {
    const out = new Map<string, string>();
    for (const name of CLUSTER_NAMES) {
      const app = composeCluster(clusterContext(clusters[name], versions));
      for (const [k, v] of renderCluster(name, app).files) out.set(`kubernetes/clusters/${name}/${k}`, v);
      for (const r of app.node.findAll().filter(Report.isReport)) out.set(`reports/${name}/${r.fileName}`, r.render());
    }
    return out;
  };

  it('is deterministic and writes the connectivity reports in the shared-contract shape', () => {
    const first = build();
    const second = build();
    expect([...first.entries()]).toEqual([...second.entries()]);
    for (const c of CLUSTER_NAMES) {
      const json = JSON.parse(first.get(`reports/${c}/connectivity.json`)!);
      expect(json.version).toBe(1);
      expect(json.cluster).toBe(c);
      const entities = ['world', 'host', 'kube-apiserver'];
      for (const [from, tos] of Object.entries(json.reach as Record<string, Record<string, string[]>>)) {
        for (const [to, ports] of Object.entries(tos)) {
          expect(ports.length).toBeGreaterThan(0);
          expect([...ports].sort()).toEqual(ports);
          for (const p of ports) expect(p).toMatch(/^(any|(tcp|udp|sctp)\/\d+(-\d+)?)$/);
          expect(entities.includes(from) && entities.includes(to)).toBe(false);
        }
      }
      expect(json.reach.world['istio-gateway']).toEqual(['tcp/443', 'tcp/80', 'tcp/8080', 'tcp/8443']);
      expect(json.reach.database.world).toEqual(['tcp/443']);
      expect(json.reach.kromgo.garage ?? []).not.toContain('tcp/3900');
      const md = first.get(`reports/${c}/connectivity.md`)!;
      expect(md).toContain('| kromgo | monitoring | tcp/9090 |');
      expect(md).toContain('| system-upgrade/system-upgrade-default | fqdn factory.talos.dev | tcp/443 |');
      expect(md).toContain(`| baseline-bgp-peering | cidr ${clusters[c].bgp.routerIp}/32 | tcp/179 |`);
      expect(md).toMatch(/\| escape-hatch \| .* \| CiliumClusterwideNetworkPolicy escape-hatch-allow-all \|/);
      expect(first.has(`kubernetes/clusters/${c}/config/network-policy/ciliumclusterwidenetworkpolicy_profile-standard.yaml`)).toBe(true);
      expect(first.has(`kubernetes/clusters/${c}/config/monitoring-config/prometheusrule_monitoring_network-policy-alerts.yaml`)).toBe(true);
      expect([...first.values()].some((v) => v.includes('${'))).toBe(false);
    }
  });
});
