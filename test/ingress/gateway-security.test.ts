import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SynthError } from '../../lib/core/errors.js';
import { GatewayDeploymentDefaults } from '../../lib/ingress/deployment-defaults.js';
import { HomelabGateway } from '../../lib/ingress/gateway.js';
import { CorazaWaf, type WafExclusion } from '../../lib/ingress/waf.js';
import { model } from '../model.js';
import { synthHomelab } from '../helpers.js';

const out = synthHomelab();
const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as any);
const find = (cluster: string, kind: string, name: string, namespace?: string): any => {
  const hit = objects(cluster).find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!hit) throw new Error(`${cluster}: no ${kind} ${name}`);
  return hit;
};
const DOMAINS = { dev: ['internal.dev.tomnowak.work', 'dev.ionfury.tv'], integration: ['internal.integration.tomnowak.work', 'integration.ionfury.tv'], live: ['internal.tomnowak.work', 'ionfury.tv'] } as const;

describe('gateways keep the reference listeners, hostnames and certificates', () => {
  for (const [cluster, [internal, external]] of Object.entries(DOMAINS)) {
    for (const [name, domain] of [['internal', internal], ['external', external]] as const) {
      it(`${cluster}/${name}`, () => {
        const gw = find(cluster, 'Gateway', name, 'istio-gateway');
        const listeners = Object.fromEntries(gw.spec.listeners.map((l: any) => [l.name, l]));
        expect(listeners.https).toMatchObject({ port: 443, protocol: 'HTTPS', hostname: `*.${domain}`, tls: { mode: 'Terminate', certificateRefs: [{ name: `${name}-tls` }] }, allowedRoutes: { namespaces: { from: 'All' } } });
        expect(listeners.http).toMatchObject({ port: 80, protocol: 'HTTP', hostname: `*.${domain}`, allowedRoutes: { namespaces: { from: 'Same' } } });
        expect(gw.spec.infrastructure.parametersRef).toEqual({ group: '', kind: 'ConfigMap', name: 'gateway-deployment-defaults' });
        const cert = find(cluster, 'Certificate', name, 'istio-gateway');
        expect(cert.spec.secretName).toBe(`${name}-tls`);
        expect(cert.spec.dnsNames).toEqual([domain, `*.${domain}`]);
        // The only route on port 80 redirects to HTTPS with a 301.
        const redirect = find(cluster, 'HTTPRoute', `${name}-https-redirect`, 'istio-gateway');
        expect(redirect.spec.parentRefs).toEqual([{ name, namespace: 'istio-gateway', sectionName: 'http' }]);
        expect(redirect.spec.hostnames).toEqual([`*.${domain}`]);
        expect(redirect.spec.rules).toEqual([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
        const onHttp = objects(cluster).filter((o) => o.kind === 'HTTPRoute' && o.spec.parentRefs.some((p: any) => p.name === name && p.sectionName === 'http'));
        expect(onHttp.map((o) => o.metadata.name)).toEqual([`${name}-https-redirect`]);
      });
    }
  }

  it('live issues from cloudflare, dev and integration from homelab-ca', () => {
    expect(find('live', 'Certificate', 'external').spec.issuerRef.name).toBe('cloudflare');
    expect(find('dev', 'Certificate', 'external').spec.issuerRef.name).toBe('homelab-ca');
  });
});

describe('gateway deployment defaults', () => {
  it('replicas from the cluster model, PDB, Local traffic policy, and no fixed restart annotation', () => {
    const cm = find('live', 'ConfigMap', 'gateway-deployment-defaults', 'istio-gateway');
    const deployment = parse(cm.data.deployment);
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.metadata.annotations).toEqual({});
    expect(parse(cm.data.podDisruptionBudget)).toEqual({ spec: { maxUnavailable: 1 } });
    expect(parse(cm.data.service)).toEqual({ spec: { externalTrafficPolicy: 'Local' } });
    expect(parse(find('dev', 'ConfigMap', 'gateway-deployment-defaults').data.deployment).spec.replicas).toBe(1);
  });
});

describe('external gateway security', () => {
  const externalPods = { 'gateway.networking.k8s.io/gateway-name': 'external' };
  it('WAF: fail-closed AUTHN WasmPlugin on the external gateway only, CRS after setup and exclusions', () => {
    const waf = find('live', 'WasmPlugin', 'coraza-waf', 'istio-gateway');
    expect(waf.spec).toMatchObject({ selector: { matchLabels: externalPods }, phase: 'AUTHN', failStrategy: 'FAIL_CLOSE' });
    expect(waf.spec.url).toMatch(/^oci:\/\/ghcr\.io\/corazawaf\/coraza-proxy-wasm:[^@]+@sha256:[0-9a-f]{64}$/);
    const d: string[] = waf.spec.pluginConfig.directives_map.default;
    const at = (s: string) => d.findIndex((x) => x.includes(s));
    expect(at('blocking_paranoia_level=1')).toBeLessThan(at('Include @owasp_crs'));
    expect(d.some((x) => x.includes('detection_paranoia_level=2'))).toBe(true);
    expect(d.some((x) => x.includes('inbound_anomaly_score_threshold=10'))).toBe(true);
    // Runtime exclusions must run before the rules they switch off.
    expect(at('ctl:ruleRemoveById=920420')).toBeLessThan(at('Include @owasp_crs'));
    expect(at('SecRuleEngine On')).toBeGreaterThan(at('Include @owasp_crs'));
    // Immich's exclusions are scoped to its host.
    expect(d[at('id:9000003') ]).toContain('^photos\\.ionfury\\.tv');
    expect(d).toContain('SecRequestBodyLimit 10485760');
    expect(d).toContain('SecResponseBodyAccess Off');
  });

  it('clusters without immich get no immich exclusions', () => {
    const d: string[] = find('dev', 'WasmPlugin', 'coraza-waf').spec.pluginConfig.directives_map.default;
    expect(d.some((x) => x.includes('ctl:'))).toBe(false);
  });

  it('rate limit: 1000 requests per minute per client address on the external gateway', () => {
    const f = find('live', 'EnvoyFilter', 'external-gateway-local-ratelimit', 'istio-gateway');
    expect(f.spec.workloadSelector.labels).toEqual(externalPods);
    const [filter, vhost] = f.spec.configPatches;
    expect(filter.patch.operation).toBe('INSERT_BEFORE');
    expect(filter.match.listener.filterChain.filter.subFilter.name).toBe('envoy.filters.http.router');
    const rl = filter.patch.value.typed_config.value;
    expect(rl.descriptors).toEqual([{ entries: [{ key: 'remote_address' }], token_bucket: { max_tokens: 1000, tokens_per_fill: 1000, fill_interval: '60s' } }]);
    expect(rl.token_bucket).toBeUndefined();
    expect(vhost.patch.value.rate_limits).toEqual([{ actions: [{ remote_address: {} }] }]);
  });

  it('security headers replace, not append, on the external gateway', () => {
    const f = find('live', 'EnvoyFilter', 'external-gateway-security-headers', 'istio-gateway');
    expect(f.spec.workloadSelector.labels).toEqual(externalPods);
    const headers = f.spec.configPatches[0].patch.value.response_headers_to_add;
    expect(Object.fromEntries(headers.map((h: any) => [h.header.key, h.header.value]))).toMatchObject({
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(headers.every((h: any) => h.append === false)).toBe(true);
  });

  it('the internal gateway gets no WAF, rate limit or headers', () => {
    const selectors = objects('live').filter((o) => ['WasmPlugin', 'EnvoyFilter'].includes(o.kind)).map((o) => JSON.stringify(o.spec.selector ?? o.spec.workloadSelector));
    expect(selectors.every((s) => s.includes('"external"'))).toBe(true);
  });
});

describe('platform UIs and UniFi', () => {
  it('platform-ui-auth gates exactly the auth-flagged platform hosts on the internal gateway', () => {
    const p = find('live', 'AuthorizationPolicy', 'platform-ui-auth', 'istio-gateway');
    expect(p.spec).toMatchObject({ action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal' }] });
    expect(p.spec.rules[0].to[0].operation.hosts).toEqual(
      ['alertmanager', 'garage', 'grafana', 'hubble', 'longhorn', 'prometheus'].map((h) => `${h}.internal.tomnowak.work`),
    );
  });

  it('every gated route has a canary that expects the login redirect', () => {
    const hosts: string[] = find('live', 'AuthorizationPolicy', 'platform-ui-auth').spec.rules[0].to[0].operation.hosts;
    for (const host of hosts) {
      const route = objects('live').find((o) => o.kind === 'HTTPRoute' && o.spec.hostnames?.includes(host));
      expect(route, host).toBeDefined();
      const canary = find('live', 'Canary', `http-check-${route.metadata.name}`, route.metadata.namespace);
      expect(canary.spec.http[0]).toMatchObject({ url: `https://${host}/`, responseCodes: [302], maxSSLExpiry: 7, thresholdMillis: 5000 });
    }
  });

  it('UniFi through the mesh: ServiceEntry at the named endpoint, TLS origination, route by mesh hostname, canary', () => {
    const inventory = model.inventory;
    for (const [name, sub] of [['unifi-network', 'network'], ['unifi-protect', 'protect']] as const) {
      const se = find('live', 'ServiceEntry', name, 'istio-gateway');
      expect(se.spec).toMatchObject({ hosts: [`${name}.egress.local`], location: 'MESH_EXTERNAL', resolution: 'STATIC', ports: [{ number: 443, protocol: 'HTTPS' }] });
      expect(se.spec.endpoints).toEqual([{ address: inventory.endpoint(name, 'test', 'endpoint') }]);
      expect(find('live', 'DestinationRule', name).spec).toEqual({ host: `${name}.egress.local`, trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } } });
      const route = find('live', 'HTTPRoute', name, 'istio-gateway');
      expect(route.spec.hostnames).toEqual([`${sub}.internal.tomnowak.work`]);
      expect(route.spec.rules[0].backendRefs).toEqual([{ group: 'networking.istio.io', kind: 'Hostname', name: `${name}.egress.local`, port: 443 }]);
      expect(find('live', 'Canary', `http-check-${name}`).spec.http[0].responseCodes).toEqual([200, 302, 307]);
    }
  });
});

describe('bad input', () => {
  const setup = () => {
    const chart = new Chart(new App({ outdir: 'unused' }), 'c');
    const defaults = new GatewayDeploymentDefaults(chart, 'd', { name: 'd', namespace: 'istio-gateway', replicas: 1 });
    const gateway = new HomelabGateway(chart, 'gw', { name: 'external', namespace: 'istio-gateway', domain: 'example.org', certificateSecret: 'external-tls', address: '10.0.0.1', deploymentDefaults: defaults });
    return { chart, gateway };
  };
  const waf = (exclusions: WafExclusion[]) => {
    const { chart, gateway } = setup();
    return new CorazaWaf(chart, 'waf', {
      name: 'waf', gateway, moduleUrl: `oci://x/y:1@sha256:${'a'.repeat(64)}`, blockingParanoiaLevel: 1, detectionParanoiaLevel: 2,
      inboundAnomalyThreshold: 10, allowedMethods: ['GET'], requestBodyLimit: 1, requestBodyNoFilesLimit: 1, exclusions, source: 'clusters/ingress.ts',
    });
  };
  const base: WafExclusion = { id: 9000010, host: 'photos.example.org', pathPrefix: '/api', skip: 'requestBody', reason: 'a reason long enough' };
  const error = (f: () => unknown): SynthError => {
    try {
      f();
    } catch (e) {
      return e as SynthError;
    }
    throw new Error('no error');
  };

  it('a WAF exclusion for an unknown rule id names the file and field', () => {
    const e = error(() => waf([{ ...base, skip: { rule: 123456 } }]));
    expect(e).toBeInstanceOf(SynthError);
    expect(e.where).toBe('clusters/ingress.ts');
    expect(e.field).toBe('exclusions[0].skip.rule');
    expect(e.message).toMatch(/rule 123456 is not a rule of the OWASP CRS/);
  });

  it('a WAF exclusion for a host no route serves names the file and field', () => {
    const w = waf([base]);
    expect(() => w.checkHosts(new Set(['photos.example.org']))).not.toThrow();
    const e = error(() => w.checkHosts(new Set(['other.example.org'])));
    expect(e.field).toBe('exclusions[0].host');
    expect(e.message).toMatch(/photos\.example\.org.*no route on gateway "external"/);
  });

  it('exclusion ids must be local and unique', () => {
    expect(error(() => waf([{ ...base, id: 942100 }])).field).toBe('exclusions[0].id');
    expect(error(() => waf([base, { ...base }])).message).toMatch(/exclusions\[1\]\.id.*used twice/);
  });

  it('a ServiceEntry endpoint that is not a named endpoint of the networking model', () => {
    const e = error(() => model.inventory.endpoint('unifi-nvr', 'clusters/ingress.ts', 'UNIFI[1].endpoint'));
    expect(e.where).toBe('clusters/ingress.ts');
    expect(e.field).toBe('UNIFI[1].endpoint');
    expect(e.message).toMatch(/"unifi-nvr" is not a named endpoint.*known: unifi-network, unifi-protect/);
  });
});
