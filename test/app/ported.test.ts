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

type Level = 'restricted' | 'baseline';
/** Live app namespaces as the reference has them (flux-clusters.md §3): profile, PodSecurity, access labels. */
const REFERENCE: Record<string, { profile: string; security: Level; access: string[] }> = {
  paperless: { profile: 'internal', security: 'baseline', access: ['dragonfly', 'postgres'] },
  miniflux: { profile: 'internal-egress', security: 'restricted', access: ['postgres'] },
  vaultwarden: { profile: 'internal-egress', security: 'restricted', access: ['postgres'] },
  mealie: { profile: 'standard', security: 'baseline', access: ['postgres'] },
  immich: { profile: 'standard', security: 'baseline', access: ['dragonfly', 'postgres'] },
  zipline: { profile: 'standard', security: 'restricted', access: ['garage-s3', 'postgres'] },
  'home-assistant': { profile: 'internal-egress', security: 'baseline', access: ['postgres'] },
  'it-tools': { profile: 'internal', security: 'baseline', access: [] },
  homepage: { profile: 'internal-egress', security: 'baseline', access: ['kube-api'] },
  factorio: { profile: 'internal-egress', security: 'restricted', access: [] },
};

describe('ported apps (live)', () => {
  for (const [app, ref] of Object.entries(REFERENCE)) {
    it(`${app}: own folder, namespace labels as in the reference`, () => {
      const files = [...out.files.keys()].filter((f) => f.startsWith(`kubernetes/clusters/live/apps/${app}/`));
      expect(files).toContain(`kubernetes/clusters/live/apps/${app}/namespace_${app}.yaml`);
      expect(files).toContain(`kubernetes/clusters/live/apps/${app}/helmrelease_flux-system_${app}.yaml`);
      const kz = parse(out.files.get(`kubernetes/clusters/live/apps/${app}/kustomization.yaml`)!);
      expect(kz.resources.length).toBe(files.length - 1);
      const labels = obj('live', 'Namespace', undefined, app).metadata.labels as Record<string, string>;
      const access = Object.keys(labels).filter((k) => k.startsWith('access.network-policy.homelab/')).map((k) => k.split('/')[1]).sort();
      expect(labels['network-policy.homelab/profile']).toBe(ref.profile);
      expect(labels['pod-security.kubernetes.io/enforce']).toBe(ref.security);
      expect(labels['pod-security.kubernetes.io/warn']).toBe('restricted');
      expect(labels['istio.io/dataplane-mode']).toBe('ambient');
      expect(access).toEqual(ref.access);
      for (const a of access) expect(labels[`access.network-policy.homelab/${a}`]).toBe('true');
    });
  }

  it('the shared services aggregate every app’s grant', () => {
    const roles = obj('live', 'Cluster', 'database', 'platform').spec.managed.roles.map((r: { name: string }) => r.name);
    expect(roles).toEqual(['home-assistant', 'immich', 'mealie', 'miniflux', 'paperless', 'vaultwarden', 'zipline']);
    expect(obj('live', 'Secret', 'cache', 'dragonfly-auth').metadata.annotations['replicator.v1.mittwald.de/replication-allowed-namespaces']).toBe('immich,paperless');
    const grants = cluster('live').objects.filter((o) => o.object.kind === 'GarageReferenceGrant').map((o) => o.object.metadata.name).sort();
    expect(grants).toEqual(['allow-cache', 'allow-database', 'allow-zipline']);
    expect(obj('live', 'Schedule', 'velero', 'default').spec.template.includedNamespaces).toEqual([
      'factorio', 'home-assistant', 'immich', 'mealie', 'paperless', 'vaultwarden',
    ]);
    expect(obj('live', 'Database', 'database', 'home-assistant-database').spec).toMatchObject({ name: 'home-assistant', owner: 'home-assistant' });
  });

  it('homepage gets kube-api access and a read-only ClusterRole through its chart values', () => {
    const values = obj('live', 'HelmRelease', 'flux-system', 'homepage').spec.values;
    expect(values.rbac.roles.homepage.type).toBe('ClusterRole');
    expect(values.rbac.roles.homepage.rules.every((r: { verbs: string[] }) => r.verbs.every((v) => v === 'get' || v === 'list'))).toBe(true);
  });

  it('factorio exposes UDP 34197 to the world through a LoadBalancer', () => {
    expect(obj('live', 'HelmRelease', 'flux-system', 'factorio').spec.values.service.app.type).toBe('LoadBalancer');
    expect(obj('live', 'CiliumNetworkPolicy', 'factorio', 'factorio-app').spec.ingress).toEqual([
      { fromEntities: ['world'], toPorts: [{ ports: [{ port: '34197', protocol: 'UDP' }] }] },
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

  it('is the only app on dev; integration runs none', () => {
    const apps = (c: string) => [...new Set(cluster(c).objects.filter((o) => o.file.startsWith('apps/') && o.file.split('/').length > 2).map((o) => o.file.split('/')[1]))];
    expect(apps('dev')).toEqual(['paperless']);
    expect(apps('integration')).toEqual([]);
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
