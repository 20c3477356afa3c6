import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as any);
const find = (cluster: string, kind: string, name: string): any => objects(cluster).find((o) => o.kind === kind && o.metadata.name === name);

describe('external-dns', () => {
  it('runs only where the external domain is the public zone (live)', () => {
    expect(find('live', 'HelmRelease', 'external-dns')).toBeDefined();
    for (const c of ['dev', 'integration']) expect(find(c, 'HelmRelease', 'external-dns'), c).toBeUndefined();
  });

  it('publishes the external HTTPRoutes of the zone to Cloudflare, with the token from SSM', () => {
    const hr = find('live', 'HelmRelease', 'external-dns');
    expect(hr.spec.targetNamespace).toBe('external-dns');
    expect(hr.spec.values).toMatchObject({ provider: { name: 'cloudflare' }, sources: ['gateway-httproute'], domainFilters: ['ionfury.tv'], policy: 'sync' });
    const token = hr.spec.values.env.find((e: any) => e.name === 'CF_API_TOKEN').valueFrom.secretKeyRef;
    const es = find('live', 'ExternalSecret', token.name);
    expect(es.metadata.namespace).toBe('external-dns');
    expect(es.spec.data.map((d: any) => d.secretKey)).toContain(token.key);
    // The pod starts only after the token Secret can exist.
    const ks = find('live', 'Kustomization', 'external-dns');
    expect(ks.spec.dependsOn.map((d: any) => d.name)).toEqual(expect.arrayContaining(['external-dns-config', 'external-secrets']));
  });

  it('every external route points at the external gateway, whose target annotation names the record', () => {
    const gw = find('live', 'Gateway', 'external');
    expect(gw.metadata.annotations['external-dns.alpha.kubernetes.io/target']).toBe('gw.ionfury.tv');
    const external = objects('live').filter((o) => o.kind === 'HTTPRoute' && o.spec.parentRefs.some((p: any) => p.name === 'external' && p.sectionName === 'https'));
    expect(external.length).toBeGreaterThan(0);
    for (const r of external) for (const h of r.spec.hostnames) expect(h.endsWith('.ionfury.tv'), h).toBe(true);
  });
});
