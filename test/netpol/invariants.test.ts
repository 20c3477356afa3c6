import { KubePriorityClass } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { SynthError } from '../../lib/core/errors.js';
import { CiliumClusterwideNetworkPolicy, CiliumNetworkPolicy } from '../../lib/generated/crds/cilium.io.js';
import { Namespace } from '../../lib/k8s/namespace.js';
import { PlatformNamespace } from '../../lib/netpol/namespaces.js';
import { ClusterPolicy } from '../../lib/netpol/policy.js';
import { Peer } from '../../lib/netpol/peers.js';
import { AnyPortAllowlist, Port } from '../../lib/netpol/ports.js';
import { assertPriorityClassName } from '../../lib/netpol/priority-class.js';
import { appsFixture, fixture, render } from './fixture.js';

describe('platform.md §7 invariants are synth-time errors', () => {
  it('the unmodified composition passes', () => {
    expect(() => render(appsFixture().app)).not.toThrow();
  });

  it('an app namespace without a profile', () => {
    const f = fixture();
    f.appNs({ name: 'noprofile', podSecurity: 'restricted', dataplane: 'ambient', profile: undefined as never });
    expect(() => render(f.app)).toThrow(/namespaces\/noprofile.*app namespace noprofile needs exactly one profile.*\(field profile\)/);
  });

  it('a namespace with neither a profile nor a hand-crafted policy', () => {
    const f = fixture();
    new Namespace(f.namespaces, 'bare', { name: 'bare', podSecurity: 'restricted', dataplane: 'ambient' });
    expect(() => render(f.app)).toThrow(/Namespace bare \[.*namespaces\/bare\/Resource\] \(metadata\.labels\["network-policy\.homelab\/profile"\]\): namespace has neither a profile label nor a hand-crafted CiliumNetworkPolicy bare-default/);
  });

  it('a platform namespace whose hand-crafted policy has no rules', () => {
    const f = fixture();
    new PlatformNamespace(f.namespaces, 'empty', { name: 'empty', podSecurity: 'restricted', dataplane: 'ambient', networkPolicy: { policy: 'hand-crafted' }, network: f.net.system });
    expect(() => render(f.app)).toThrow(/CiliumNetworkPolicy empty\/empty-default has no rules/);
  });

  it('an access grant with a missing ingress half', () => {
    const f = fixture();
    new CiliumClusterwideNetworkPolicy(f.net.unit, 'rogue', {
      metadata: { name: 'access-mqtt-egress' },
      spec: {
        endpointSelector: { matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.access.network-policy.homelab/mqtt', operator: 'In' as never, values: ['true'] }] },
        egress: [{ toEndpoints: [{ matchLabels: { 'io.kubernetes.pod.namespace': 'monitoring' } }], toPorts: [{ ports: [{ port: '1883', protocol: 'TCP' as never }] }] }],
      },
    });
    expect(() => render(f.app)).toThrow(/CiliumClusterwideNetworkPolicy access-mqtt-egress \[network-policy\/rogue\] \(spec\.egress\): access access\.network-policy\.homelab\/mqtt has no ingress half: no CiliumNetworkPolicy in monitoring allows .* on tcp\/1883/);
  });

  it('an access grant with a missing egress half, and a label that grants nothing', () => {
    const f = fixture();
    new CiliumNetworkPolicy(f.net.unit, 'rogue', {
      metadata: { name: 'mqtt-ingress', namespace: 'monitoring' },
      spec: {
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{ matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.access.network-policy.homelab/mqtt', operator: 'In' as never, values: ['true'] }] }], toPorts: [{ ports: [{ port: '1883', protocol: 'TCP' as never }] }] }],
      },
    });
    f.appNs({ name: 'sensor', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal', access: [{ name: 'mqtt', label: 'access.network-policy.homelab/mqtt' }] });
    const run = () => render(f.app);
    expect(run).toThrow(/CiliumNetworkPolicy monitoring\/mqtt-ingress .*no egress half/);
    expect(run).toThrow(/Namespace sensor .*access label access\.network-policy\.homelab\/mqtt grants nothing/);
  });

  it('a world-egress port outside the profile set (app) or outside 443 + exceptions (platform)', () => {
    const f = appsFixture();
    f.apps.miniflux.allowEgress(Peer.world(), Port.tcp(8080));
    expect(() => render(f.app)).toThrow(/^test\/netpol\/invariants\.test\.ts:\d+ \(spec\.egress\[0\]\.toPorts\): CiliumNetworkPolicy miniflux\/miniflux-app: world egress tcp\/8080 is outside the set allowed for profile internal-egress of namespace miniflux: tcp\/80, tcp\/443/);

    const g = fixture();
    g.net.namespaces.database!.policy.allowTo(Peer.world(), Port.tcp(80));
    expect(() => render(g.app)).toThrow(/CiliumNetworkPolicy database\/database-default: world egress tcp\/80 is outside the set allowed for platform namespace database/);
  });

  it('an isolated or internal app may not add world egress at all', () => {
    const f = appsFixture();
    f.apps.booter.allowEgress(Peer.world(), Port.tcp(443));
    expect(() => render(f.app)).toThrow(/booter\/booter-app: world egress tcp\/443 is outside the set allowed for profile isolated of namespace booter: none/);
  });

  it('an enforcement value other than disabled (construct prop and raw label)', () => {
    const f = fixture();
    f.appNs({ name: 'half', podSecurity: 'restricted', dataplane: 'ambient', profile: 'internal', enforcement: 'off' as never });
    expect(() => render(f.app)).toThrow(/enforcement must be "disabled" or absent, got "off"/);

    const g = fixture();
    new Namespace(g.namespaces, 'raw', { name: 'raw', podSecurity: 'restricted', dataplane: 'ambient', labels: { 'network-policy.homelab/profile': 'internal', 'network-policy.homelab/enforcement': 'enabled' } });
    expect(() => render(g.app)).toThrow(/Namespace raw .*\(metadata\.labels\["network-policy\.homelab\/enforcement"\]\): enforcement must be "disabled" or absent, got "enabled"/);
  });

  it('a custom PriorityClass named system-*', () => {
    expect(() => assertPriorityClassName('system-critical-ish')).toThrow(SynthError);
    expect(() => assertPriorityClassName('system-critical-ish')).toThrow(/must not start with "system-"/);
    expect(() => assertPriorityClassName('platform')).not.toThrow();
    expect(() => assertPriorityClassName('infrastructure-critical')).not.toThrow();
    const f = fixture();
    new KubePriorityClass(f.net.unit, 'pc', { metadata: { name: 'system-homelab' }, value: 1 });
    expect(() => render(f.app)).toThrow(/PriorityClass system-homelab .*\(metadata\.name\): .*must not start with "system-"/);
  });

  it('an empty peer in a cluster-wide policy: through the builder', () => {
    const f = fixture();
    new ClusterPolicy(f.net.unit, 'bad', { name: 'intra-namespace', selects: { endpoints: {} }, description: 'the reference defect' }).allowFromAnyPort(
      Peer.sameNamespace(),
      f.net.system.anyPort.entry('same-namespace'),
    );
    expect(() => render(f.app)).toThrow(/network-policy\/bad: CiliumClusterwideNetworkPolicy intra-namespace ingress\[0\]: Peer\.sameNamespace\(\) \(an empty \{\} selector\) in a cluster-wide policy means every pod in the cluster/);
  });

  it('an empty peer in a cluster-wide policy: a raw object from anywhere', () => {
    const f = fixture();
    new CiliumClusterwideNetworkPolicy(f.net.unit, 'raw', { metadata: { name: 'baseline-intra-namespace' }, spec: { endpointSelector: {}, egress: [{ toEndpoints: [{}] }] } });
    expect(() => render(f.app)).toThrow(/CiliumClusterwideNetworkPolicy baseline-intra-namespace \[network-policy\/raw\] \(spec\.egress\[0\]\.toEndpoints\[0\]\): empty \{\} endpoint selector in a cluster-wide policy selects every pod/);
  });

  it('a raw CIDR that is not a named one, and entity "all" outside the escape hatch', () => {
    const f = fixture();
    new CiliumNetworkPolicy(f.net.unit, 'raw', {
      metadata: { name: 'sneaky', namespace: 'kromgo' },
      spec: { endpointSelector: {}, egress: [{ toCidr: ['1.1.1.1/32'], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' as never }] }] }, { toEntities: ['all' as never] }] },
    });
    const run = () => render(f.app);
    expect(run).toThrow(/CiliumNetworkPolicy kromgo\/sneaky \[network-policy\/raw\] \(spec\.egress\[0\]\.toCIDR\): raw CIDR 1\.1\.1\.1\/32: use a NamedCidr .*bgp-router=192\.168\.10\.1\/32/);
    expect(run).toThrow(/kromgo\/sneaky .*\(spec\.egress\[1\]\.toEntities\): entity "all" is reserved for the escape hatch/);
  });

  it('rules need explicit ports unless an allowlist entry (with a reason) says otherwise', () => {
    const f = fixture();
    const none: Port[] = [];
    f.net.namespaces.kromgo!.policy.allowTo(Peer.namespace('monitoring'), ...(none as [Port]));
    expect(() => render(f.app)).toThrow(/kromgo-default.*egress\[1\]: a rule needs explicit ports/);
    expect(() => f.net.system.anyPort.entry('because-i-said-so')).toThrow(/no any-port allowlist entry "because-i-said-so"/);
    expect(() => new AnyPortAllowlist('test-list', { lazy: 'tbd' })).toThrow(/test-list \(lazy\): any-port allowlist entry "lazy" needs a real reason/);
    expect(() => Port.tcpRange(9504, 9500)).toThrow(/invalid port 9504-9500/);
    expect(() => Port.tcp(70000)).toThrow(/invalid port 70000/);
  });

  it('the real synth command fails, names the wrong policy and writes nothing', async () => {
    const f = fixture();
    f.net.namespaces.garage!.policy.allowTo(Peer.world(), Port.tcp(25));
    const out = mkdtempSync(join(tmpdir(), 'netpol-'));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    try {
      const code = await main(() => ({ clusters: [{ name: 'dev', app: f.app }], stacks: undefined as never }), ['synth', '--out', join(out, 'dist')], out);
      expect(code).toBe(1);
    } finally {
      spy.mockRestore();
    }
    // Names the file and line that declared the offending rule (this test), the policy and the field.
    expect(errors.join('\n')).toMatch(/synth failed: test\/netpol\/invariants\.test\.ts:\d+ \(spec\.egress\[0\]\.toPorts\): CiliumNetworkPolicy garage\/garage-default: world egress tcp\/25 is outside the set allowed for platform namespace garage/);
    expect(existsSync(join(out, 'dist'))).toBe(false);
  });
});
