import { describe, expect, it } from 'vitest';
import { Port } from '../../lib/netpol/ports.js';
import { Endpoints, PolicyModel } from '../../lib/netpol/reachability.js';
import { renderConnectivityMarkdown, requiredPathVerdicts } from '../../lib/netpol/report.js';
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

  // The report's "Required paths" rows: | from | to | port | verdict | why | declared by |
  const required = out.files.get('reports/live/connectivity.md')!.split('## Required paths')[1]!.split('\n## ')[0]!;
  const row = (from: string, to: string, port: string) => required.split('\n').find((l) => l.startsWith(`| ${from} | ${to} | ${port} |`));

  it('the report shows the VPN egress, the gateway routes and the references inside the group as open paths, each with its file', () => {
    expect(row('media/qbittorrent', 'world', 'udp/51820')).toMatch(/\| open \| WireGuard tunnel .* \| apps\/media\/qbittorrent\.ts \|$/);
    expect(row('internal gateway', 'media/sonarr', 'tcp/8989')).toMatch(/\| open \| route https:\/\/sonarr\.internal\.tomnowak\.work \| apps\/media\/sonarr\.ts \|$/);
    expect(row('media/recyclarr', 'media/sonarr', 'tcp/8989')).toMatch(/\| open \| c\.app\('sonarr'\)\.url\(8989\) \|/);
    expect(row('media/jellyfin', 'world', 'tcp/443')).toMatch(/\| open \| OIDC issuer https:\/\/auth\.ionfury\.tv \|/);
    expect(required).not.toContain('**DENIED**');
  });

  it('a path the policies close is reported DENIED (only qbittorrent may use the tunnel port)', () => {
    const model = new PolicyModel(live);
    const path = { from: { endpoint: Endpoints.pod('media', { 'app.kubernetes.io/instance': 'sonarr' }), name: 'media/sonarr' }, to: { endpoint: Endpoints.world(), name: 'world' }, port: Port.udp(51820), why: 'probe', declaredBy: 'apps/media/sonarr.ts' };
    const verdicts = requiredPathVerdicts(model, [path]);
    expect(verdicts.map((v) => v.open)).toEqual([false]);
    expect(renderConnectivityMarkdown('live', { names: [], ports: [] }, [], undefined, [], verdicts)).toContain('| media/sonarr | world | udp/51820 | **DENIED** | probe | apps/media/sonarr.ts |');
  });
});
