import { describe, expect, it } from 'vitest';
import { synthHomelab } from '../helpers.js';

// Per-app reachability, read from the netpol evaluator's report over the synthesized live policies.
// HBONE (tcp/15008 between ambient namespaces) is the mesh baseline, not an app declaration, so it is
// left out; what remains must be exactly what each app declares (profile, grants, extra egress).
const reach = JSON.parse(synthHomelab().files.get('reports/live/connectivity.json')!).reach as Record<string, Record<string, string[]>>;
const clean = (m: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.filter((p) => p !== 'tcp/15008')]).filter(([, v]) => v.length));
const egressOf = (ns: string) => clean(reach[ns] ?? {});
const ingressOf = (ns: string) => clean(Object.fromEntries(Object.entries(reach).filter(([, to]) => ns in to).map(([from, to]) => [from, to[ns]!])));

const DNS = { 'kube-system': ['tcp/53', 'udp/53'] };
const WORLD_IE = ['tcp/443', 'tcp/80'];
const PG = { database: ['tcp/5432'] };
const DF = { cache: ['tcp/6379'] };

/** What each ported app declares, as egress: its own namespace and DNS always, then the grants. */
const EGRESS: Record<string, Record<string, string[]>> = {
  paperless: { ...PG, ...DF, ai: ['tcp/11434'], world: ['tcp/993'] },
  miniflux: { ...PG, world: WORLD_IE },
  vaultwarden: { ...PG, world: WORLD_IE },
  mealie: { ...PG, world: ['tcp/443'] },
  immich: { ...PG, ...DF, world: ['tcp/443'] },
  zipline: { ...PG, garage: ['tcp/3900'], world: ['tcp/443'] },
  'home-assistant': { ...PG, world: WORLD_IE },
  'it-tools': {},
  homepage: { 'kube-apiserver': ['tcp/443', 'tcp/6443'], world: WORLD_IE },
  factorio: { world: ['tcp/443', 'tcp/80', 'udp/34197'] },
  ai: { world: WORLD_IE },
};

/** Ingress beyond the baselines (Prometheus, probes from host/kube-apiserver, own namespace) and gateway. */
const EXTRA_INGRESS: Record<string, Record<string, string[]>> = {
  factorio: { world: ['udp/34197'] },
  ai: { paperless: ['tcp/11434'] },
};

describe('each ported app reaches exactly what it declared (live)', () => {
  for (const [ns, declared] of Object.entries(EGRESS)) {
    it(`${ns}: egress`, () => {
      expect(egressOf(ns)).toEqual({ [ns]: ['any'], ...DNS, ...declared });
    });
    it(`${ns}: ingress`, () => {
      expect(ingressOf(ns)).toEqual({
        [ns]: ['any'],
        host: ['any'],
        'kube-apiserver': ['any'],
        monitoring: ['any'],
        'istio-gateway': ['any'],
        ...EXTRA_INGRESS[ns],
      });
    });
  }

  it('no app reaches another app except through a declared egress', () => {
    const apps = Object.keys(EGRESS);
    for (const from of apps) for (const to of apps) if (from !== to) expect(egressOf(from)[to], `${from} -> ${to}`).toEqual(from === 'paperless' && to === 'ai' ? ['tcp/11434'] : undefined);
  });
});

describe('paperless on dev reaches its grants without the live-only ollama egress', () => {
  it('egress', () => {
    const dev = JSON.parse(synthHomelab().files.get('reports/dev/connectivity.json')!).reach as Record<string, Record<string, string[]>>;
    expect(clean(dev.paperless!)).toEqual({ paperless: ['any'], ...DNS, ...PG, ...DF, world: ['tcp/993'] });
  });
});
