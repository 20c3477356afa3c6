import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const cluster = (name: string) => out.clusters.find((c) => c.name === name)!;
const obj = (c: string, kind: string, ns: string | undefined, name: string): any => {
  const hit = cluster(c).objects.find((o) => o.object.kind === kind && o.object.metadata.name === name && o.object.metadata.namespace === ns);
  if (!hit) throw new Error(`${c}: no ${kind} ${ns ?? ''}/${name}`);
  return hit.object;
};

describe('ported apps (live): facts beyond the declaration-derived checks of declared.test.ts', () => {
  it('homepage gets kube-api access and a read-only ClusterRole through its chart values', () => {
    const values = obj('live', 'HelmRelease', 'flux-system', 'homepage').spec.values;
    expect(values.rbac.roles.homepage.type).toBe('ClusterRole');
    expect(values.rbac.roles.homepage.rules.every((r: { verbs: string[] }) => r.verbs.every((v) => v === 'get' || v === 'list'))).toBe(true);
  });

  it('factorio exposes UDP 34197 to the world and RCON to the LAN through a LoadBalancer at its pool address', () => {
    const service = obj('live', 'HelmRelease', 'flux-system', 'factorio').spec.values.service.app;
    expect(service.type).toBe('LoadBalancer');
    expect(service.annotations).toEqual({ 'lbipam.cilium.io/ips': '192.168.10.24' });
    expect(obj('live', 'CiliumNetworkPolicy', 'factorio', 'factorio-app').spec.ingress).toEqual([
      { fromEntities: ['world'], toPorts: [{ ports: [{ port: '34197', protocol: 'UDP' }] }] },
      { fromCIDR: ['192.168.10.0/24'], toPorts: [{ ports: [{ port: '27015', protocol: 'TCP' }] }] },
    ]);
  });
});

describe('paperless on dev', () => {
  it('uses the dev sizes and storage classes (data fast 1Gi, media fast 5Gi) and the dev domain', () => {
    expect(obj('dev', 'PersistentVolumeClaim', 'paperless', 'paperless-data').spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } });
    expect(obj('dev', 'PersistentVolumeClaim', 'paperless', 'paperless-media').spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
    expect(obj('live', 'PersistentVolumeClaim', 'paperless', 'paperless-media').spec).toMatchObject({ storageClassName: 'slow', resources: { requests: { storage: '50Gi' } } });
    expect(obj('dev', 'HTTPRoute', 'paperless', 'paperless-internal').spec.hostnames).toEqual(['paperless.internal.dev.tomnowak.work']);
  });

  it('has no egress to ollama, which only runs on live', () => {
    const egress = obj('dev', 'CiliumNetworkPolicy', 'paperless', 'paperless-app').spec.egress;
    expect(egress).toEqual([{ toEntities: ['world'], toPorts: [{ ports: [{ port: '993', protocol: 'TCP' }] }] }]);
  });

});

describe('output hygiene', () => {
  it('no Flux substitution and no secret values in any app or data-service file', () => {
    for (const [file, text] of out.files) {
      if (!/\/(apps|config\/(database|garage|dragonfly|velero)-config)\//.test(file)) continue;
      expect(text, file).not.toContain('${');
      const doc = parse(text);
      if (doc?.kind === 'Secret') expect(doc.data ?? {}, file).toEqual({});
    }
  });
});
