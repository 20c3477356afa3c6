import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/core/manifest.js';
import { Endpoints, PolicyModel, PortSet } from '../../lib/netpol/reachability.js';

// Hand-written Cilium objects: the evaluator must follow Cilium's semantics, not our generator's habits.
const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const cnp = (namespace: string, name: string, spec: object): KubeObject => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace }, spec });
const ccnp = (name: string, spec: object): KubeObject => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, spec });
const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const udp = (port: number) => ({ protocol: 'UDP' as const, port });
const pod = Endpoints.pod;

describe('Cilium semantics of the reachability evaluator', () => {
  it('without any policy selecting an endpoint, everything is allowed (no implicit deny)', () => {
    const m = new PolicyModel([ns('a'), ns('b')]);
    expect(m.allowedPorts(pod('a'), pod('b')).isFull).toBe(true);
    expect(m.allows(pod('a'), Endpoints.world(), tcp(25))).toBe(true);
  });

  it('a policy with only ingress rules leaves egress open (default deny per direction)', () => {
    const m = new PolicyModel([ns('a'), ns('b'), cnp('b', 'in', { endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'x' } }] }] })]);
    expect(m.allows(pod('b'), Endpoints.world(), tcp(443))).toBe(true);
    expect(m.allows(pod('a', { app: 'x' }), pod('b'), tcp(80))).toBe(false); // CNP peer without namespace = own namespace only
    expect(m.allows(pod('b', { app: 'x' }), pod('b'), tcp(80))).toBe(true);
  });

  it('an empty {} peer means the own namespace in a CNP but every pod of the cluster in a CCNP', () => {
    const namespaced = new PolicyModel([ns('a'), ns('b'), cnp('b', 'same', { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })]);
    expect(namespaced.allows(pod('b'), pod('b'), tcp(1))).toBe(true);
    expect(namespaced.allows(pod('a'), pod('b'), tcp(1))).toBe(false);
    const clusterwide = new PolicyModel([ns('a'), ns('b'), ccnp('intra', { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })]);
    expect(clusterwide.allows(pod('a'), pod('b'), tcp(1))).toBe(true);
    expect(clusterwide.allows(Endpoints.world(), pod('b'), tcp(1))).toBe(false);
  });

  it('a namespace-label peer in a CNP is not confined to the policy namespace', () => {
    const m = new PolicyModel([
      ns('db'),
      ns('app', { 'access.network-policy.homelab/postgres': 'true' }),
      ns('other'),
      cnp('db', 'pg', {
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{ matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.access.network-policy.homelab/postgres', operator: 'In', values: ['true'] }] }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
      }),
    ]);
    expect(m.allows(pod('app'), pod('db'), tcp(5432))).toBe(true);
    expect(m.allows(pod('other'), pod('db'), tcp(5432))).toBe(false);
    expect(m.allows(pod('app'), pod('db'), tcp(5433))).toBe(false);
  });

  it('a CNP endpointSelector selects only pods of its own namespace; a CCNP selector any namespace', () => {
    const m = new PolicyModel([ns('a'), ns('b'), cnp('a', 'deny-egress', { endpointSelector: {}, egress: [{ toEntities: ['kube-apiserver'] }] })]);
    expect(m.allows(pod('a'), Endpoints.world(), tcp(443))).toBe(false);
    expect(m.allows(pod('b'), Endpoints.world(), tcp(443))).toBe(true);
  });

  it('port ranges (endPort), protocol ANY and missing protocol', () => {
    const m = new PolicyModel([
      ns('a'),
      ns('b'),
      cnp('b', 'r', {
        endpointSelector: {},
        ingress: [
          { fromEntities: ['cluster'], toPorts: [{ ports: [{ port: '9500', endPort: 9504, protocol: 'TCP' }] }] },
          { fromEntities: ['cluster'], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }, { port: '8080' }] }] },
        ],
      }),
    ]);
    expect(m.allows(pod('a'), pod('b'), tcp(9502))).toBe(true);
    expect(m.allows(pod('a'), pod('b'), tcp(9505))).toBe(false);
    expect(m.allows(pod('a'), pod('b'), udp(9502))).toBe(false);
    expect(m.allows(pod('a'), pod('b'), udp(53))).toBe(true);
    expect(m.allows(pod('a'), pod('b'), udp(8080))).toBe(true);
    expect(m.allowedPorts(pod('a'), pod('b')).toStrings()).toEqual(['sctp/53', 'sctp/8080', 'tcp/53', 'tcp/8080', 'tcp/9500-9504', 'udp/53', 'udp/8080']);
  });

  it('entities: cluster covers pods, host and kube-apiserver but not world; all covers everything', () => {
    const m = new PolicyModel([ns('a'), ns('b'), cnp('b', 'c', { endpointSelector: {}, ingress: [{ fromEntities: ['cluster'] }] })]);
    expect(m.allows(pod('a'), pod('b'), tcp(1))).toBe(true);
    expect(m.allows(Endpoints.entity('host'), pod('b'), tcp(1))).toBe(true);
    expect(m.allows(Endpoints.entity('kube-apiserver'), pod('b'), tcp(1))).toBe(true);
    expect(m.allows(Endpoints.world(), pod('b'), tcp(1))).toBe(false);
    const all = new PolicyModel([ns('b'), cnp('b', 'c', { endpointSelector: {}, ingress: [{ fromEntities: ['all'] }] })]);
    expect(all.allows(Endpoints.world(), pod('b'), tcp(1))).toBe(true);
  });

  it('CIDR rules match world addresses inside the CIDR, minus excepts', () => {
    const m = new PolicyModel([
      ns('a'),
      cnp('a', 'c', { endpointSelector: {}, egress: [{ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] }),
    ]);
    expect(m.allows(pod('a'), Endpoints.world({ ip: '10.2.3.4' }), tcp(443))).toBe(true);
    expect(m.allows(pod('a'), Endpoints.world({ ip: '10.1.3.4' }), tcp(443))).toBe(false);
    expect(m.allows(pod('a'), Endpoints.world({ ip: '11.0.0.1' }), tcp(443))).toBe(false);
    expect(m.allows(pod('a'), Endpoints.world(), tcp(443))).toBe(false);
  });

  it('allow-only: rules of several policies add up', () => {
    const m = new PolicyModel([
      ns('a'),
      ccnp('one', { endpointSelector: {}, egress: [{ toEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] }),
      cnp('a', 'two', { endpointSelector: {}, egress: [{ toEntities: ['world'], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }),
    ]);
    expect(m.allowedPorts(pod('a'), Endpoints.world()).toStrings()).toEqual(['tcp/443', 'tcp/80']);
  });

  it('PortSet algebra merges and intersects ranges', () => {
    const s = PortSet.of('TCP', 10, 20).union(PortSet.of('TCP', 21, 30)).union(PortSet.of('UDP', 53));
    expect(s.toStrings()).toEqual(['tcp/10-30', 'udp/53']);
    expect(s.intersect(PortSet.of('TCP', 25, 40)).toStrings()).toEqual(['tcp/25-30']);
    expect(PortSet.FULL.toStrings()).toEqual(['any']);
    expect(s.intersect(PortSet.of('SCTP', 1)).isEmpty).toBe(true);
  });
});
