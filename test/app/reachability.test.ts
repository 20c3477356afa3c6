import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

// Reachability facts of particular apps, read from the netpol evaluator's report over the synthesized
// policies (the checks that hold for every app, derived from the declarations, are in declared.test.ts).
// HBONE (tcp/15008 between ambient namespaces) is the mesh baseline, not an app declaration, so it is left out.
const clean = (m: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.filter((p) => p !== 'tcp/15008')]).filter(([, v]) => v.length));

const DNS = { 'kube-system': ['tcp/53', 'udp/53'] };
const PG = { database: ['tcp/5432'] };
const DF = { cache: ['tcp/6379'] };

describe('paperless on dev reaches its grants without the live-only ollama egress', () => {
  it('egress', () => {
    const dev = JSON.parse(synthHomelab().files.get('reports/dev/connectivity.json')!).reach as Record<string, Record<string, string[]>>;
    expect(clean(dev.paperless!)).toEqual({ paperless: ['any'], ...DNS, ...PG, ...DF, world: ['tcp/993'] });
  });
});

describe('the media namespace in the live connectivity report', () => {
  const out = synthHomelab();
  const reach = JSON.parse(out.files.get('reports/live/connectivity.json')!).reach as Record<string, Record<string, string[]>>;
  const live = out.clusters.find((c) => c.name === 'live')!.objects.map((o) => o.object as any);

  it('intra-group: every media app reaches every other on any port (the namespace’s same-namespace rule)', () => {
    expect(reach.media!.media).toEqual(['any']);
  });

  it('gateway: the gateways reach the media apps (standard profile: internal and external routes)', () => {
    expect(reach['istio-gateway']!.media).toEqual(['any']);
  });

  it('VPN egress: the WireGuard port (and NNTPS) leave the namespace, each only from its app’s pods', () => {
    expect(clean(reach.media!).world).toEqual(['tcp/443', 'tcp/563', 'udp/51820']);
    const policy = (name: string) => live.find((o) => o.kind === 'CiliumNetworkPolicy' && o.metadata.namespace === 'media' && o.metadata.name === name);
    expect(policy('qbittorrent-app').spec.endpointSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'qbittorrent' } });
    expect(policy('qbittorrent-app').spec.egress).toContainEqual({ toEntities: ['world'], toPorts: [{ ports: [{ port: '51820', protocol: 'UDP' }] }] });
    expect(policy('sabnzbd-app').spec.egress).toContainEqual({ toEntities: ['world'], toPorts: [{ ports: [{ port: '563', protocol: 'TCP' }] }] });
  });

  it('jellyfin reaches LLDAP (authelia) on 3890, declared in its file; nothing else leaves for another app namespace', () => {
    expect(clean(reach.media!).authelia).toEqual(['tcp/3890']);
    expect(clean(reach.media!).database).toEqual(['tcp/5432']);
  });
});
