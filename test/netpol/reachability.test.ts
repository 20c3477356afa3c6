import { beforeAll, describe, expect, it } from 'vitest';
import { Peer } from '../../lib/netpol/peers.js';
import { Port } from '../../lib/netpol/ports.js';
import { Endpoints, type PolicyModel } from '../../lib/netpol/reachability.js';
import { appsFixture, model } from './fixture.js';

const pod = Endpoints.pod;
const world = Endpoints.world();
const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const udp = (port: number) => ({ protocol: 'UDP' as const, port });
const internalGw = pod('istio-gateway', { 'gateway.networking.k8s.io/gateway-name': 'internal' });
const externalGw = pod('istio-gateway', { 'gateway.networking.k8s.io/gateway-name': 'external' });
const prometheus = pod('monitoring', { 'app.kubernetes.io/name': 'prometheus' });

describe('reachability of the composed cluster (profiles, grants, escape hatch)', () => {
  let m: PolicyModel;
  beforeAll(() => {
    const f = appsFixture();
    f.apps.miniflux.allowEgress(Peer.fqdn('api.github.com'), Port.tcp(443));
    f.apps.zipline.allowTo(f.apps.media, Port.tcp(8096));
    m = model(f.app);
  });

  it('isolated: no world egress at all, DNS still works, Prometheus may scrape', () => {
    for (const p of [tcp(80), tcp(443), udp(123), tcp(22)]) expect(m.allows(pod('booter'), world, p)).toBe(false);
    expect(m.allows(pod('booter'), pod('kube-system', { 'k8s-app': 'kube-dns' }), udp(53))).toBe(true);
    expect(m.allows(prometheus, pod('booter'), tcp(9100))).toBe(true);
    expect(m.allows(internalGw, pod('booter'), tcp(8080))).toBe(false);
  });

  it('internal: reachable from the internal gateway only, no world egress', () => {
    expect(m.allows(internalGw, pod('paperless'), tcp(8000))).toBe(true);
    expect(m.allows(externalGw, pod('paperless'), tcp(8000))).toBe(false);
    expect(m.allows(pod('paperless'), world, tcp(443))).toBe(false);
  });

  it('internal-egress reaches world on 80 and 443 only', () => {
    expect(m.allows(pod('miniflux'), world, tcp(80))).toBe(true);
    expect(m.allows(pod('miniflux'), world, tcp(443))).toBe(true);
    for (const p of [tcp(8080), tcp(22), udp(443), udp(53)]) expect(m.allows(pod('miniflux'), world, p)).toBe(false);
    expect(m.allowedPorts(pod('miniflux'), world).toStrings()).toEqual(['tcp/443', 'tcp/80']);
    expect(m.allows(externalGw, pod('miniflux'), tcp(8080))).toBe(false);
  });

  it('standard reaches world on 443 only and is reachable from both gateways', () => {
    expect(m.allowedPorts(pod('zipline'), world).toStrings()).toEqual(['tcp/443']);
    expect(m.allows(pod('zipline'), world, tcp(80))).toBe(false);
    expect(m.allows(externalGw, pod('zipline'), tcp(3000))).toBe(true);
    expect(m.allows(internalGw, pod('zipline'), tcp(3000))).toBe(true);
  });

  it('only gateway pods reach app ingress (not other istio-gateway pods, not other namespaces, not world)', () => {
    for (const app of ['paperless', 'miniflux', 'zipline', 'media']) {
      expect(m.allows(pod('istio-gateway'), pod(app), tcp(8080))).toBe(false);
      expect(m.allows(pod('monitoring'), pod(app), tcp(8080))).toBe(false);
      expect(m.allows(world, pod(app), tcp(443))).toBe(false);
    }
  });

  it('postgres grant: database:5432 reachable with the grant, not without', () => {
    for (const app of ['paperless', 'miniflux', 'zipline']) expect(m.allows(pod(app), pod('database'), tcp(5432))).toBe(true);
    for (const app of ['booter', 'media', 'homepage']) expect(m.allows(pod(app), pod('database'), tcp(5432))).toBe(false);
    expect(m.allows(pod('zipline'), pod('database'), tcp(5433))).toBe(false);
  });

  it('dragonfly grant: cache:6379 only with the grant', () => {
    expect(m.allows(pod('paperless'), pod('cache'), tcp(6379))).toBe(true);
    expect(m.allows(pod('miniflux'), pod('cache'), tcp(6379))).toBe(false);
  });

  it('garage-s3 grant: garage:3900 only with the grant (platform consumers too)', () => {
    expect(m.allows(pod('zipline'), pod('garage'), tcp(3900))).toBe(true);
    expect(m.allows(pod('paperless'), pod('garage'), tcp(3900))).toBe(false);
    for (const ns of ['database', 'cache', 'longhorn-system']) expect(m.allows(pod(ns), pod('garage'), tcp(3900))).toBe(true);
    expect(m.allows(pod('kromgo'), pod('garage'), tcp(3900))).toBe(false);
  });

  it('kube-api grant: kube-apiserver on 443/6443 only with the grant', () => {
    const apiserver = Endpoints.entity('kube-apiserver');
    expect(m.allows(pod('homepage'), apiserver, tcp(6443))).toBe(true);
    expect(m.allows(pod('homepage'), apiserver, tcp(443))).toBe(true);
    expect(m.allows(pod('homepage'), apiserver, tcp(10250))).toBe(false);
    expect(m.allows(pod('miniflux'), apiserver, tcp(6443))).toBe(false);
  });

  it('app-to-app across namespaces is denied; same-namespace is allowed on any port', () => {
    expect(m.allows(pod('paperless'), pod('miniflux'), tcp(8080))).toBe(false);
    expect(m.allows(pod('miniflux'), pod('paperless'), tcp(8000))).toBe(false);
    expect(m.allows(pod('zipline'), pod('booter'), tcp(80))).toBe(false);
    expect(m.allows(pod('paperless', { app: 'web' }), pod('paperless', { app: 'redis' }), tcp(6379))).toBe(true);
    expect(m.allowedPorts(pod('booter'), pod('booter')).toStrings()).toEqual(['any']);
  });

  it('declared cross-app egress opens both halves on exactly that port', () => {
    expect(m.allows(pod('zipline'), pod('media'), tcp(8096))).toBe(true);
    expect(m.allows(pod('zipline'), pod('media'), tcp(8097))).toBe(false);
    expect(m.allows(pod('media'), pod('zipline'), tcp(8096))).toBe(false);
  });

  it('FQDN egress reaches only that name, and only on the declared port', () => {
    expect(m.allows(pod('miniflux'), Endpoints.world({ fqdn: 'api.github.com' }), tcp(443))).toBe(true);
    expect(m.allows(pod('paperless'), Endpoints.world({ fqdn: 'api.github.com' }), tcp(443))).toBe(false);
  });

  it('escape hatch: the namespace reaches world, host and API server on any port and accepts anything', () => {
    expect(m.allowedPorts(pod('hatch'), world).toStrings()).toEqual(['any']);
    expect(m.allowedPorts(pod('hatch'), Endpoints.entity('kube-apiserver')).toStrings()).toEqual(['any']);
    expect(m.allowedPorts(pod('hatch'), Endpoints.entity('host')).toStrings()).toEqual(['any']);
    // Its ingress is open; a sender's own egress policy still applies (monitoring's egress is cluster-wide).
    expect(m.allowedPorts(pod('monitoring'), pod('hatch')).toStrings()).toEqual(['any']);
    expect(m.allowedPorts(pod('booter'), pod('hatch')).toStrings()).toEqual(['tcp/15008']);
    expect(m.allowedPorts(world, pod('hatch')).toStrings()).toEqual(['any']);
    // Peers keep their own policies: the database still only admits granted namespaces.
    expect(m.allows(pod('hatch'), pod('database'), tcp(5432))).toBe(false);
  });

  it('platform flows written with both halves work; undeclared ones do not', () => {
    expect(m.allows(pod('kromgo'), pod('monitoring'), tcp(9090))).toBe(true);
    expect(m.allows(world, pod('istio-gateway'), tcp(443))).toBe(true);
    expect(m.allows(world, pod('istio-gateway'), tcp(22))).toBe(false);
    expect(m.allows(pod('cert-manager'), world, tcp(80))).toBe(true);
    expect(m.allows(pod('database'), world, tcp(80))).toBe(false);
    expect(m.allows(pod('kube-system'), world, udp(123))).toBe(true);
    expect(m.allows(pod('system-upgrade'), Endpoints.world({ fqdn: 'factory.talos.dev' }), tcp(443))).toBe(true);
    expect(m.allows(pod('system-upgrade'), world, tcp(443))).toBe(false);
    expect(m.allows(pod('monitoring', { 'app.kubernetes.io/name': 'prometheus-snmp-exporter' }), Endpoints.world({ ip: '192.168.10.5' }), udp(161))).toBe(true);
    expect(m.allows(pod('monitoring'), Endpoints.world({ ip: '192.168.10.5' }), udp(161))).toBe(false);
  });

  it('ambient pods exchange HBONE (15008) with ambient pods only', () => {
    expect(m.allows(pod('paperless'), pod('miniflux'), tcp(15008))).toBe(true);
    expect(m.allows(pod('paperless'), pod('kube-system'), tcp(15008))).toBe(false);
    expect(m.allows(pod('paperless'), Endpoints.entity('host'), tcp(15008))).toBe(false);
  });
});
