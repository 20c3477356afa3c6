// The bad-input corpus: realistic mistakes a user makes, each with what the error must name. A case edits
// the project copy by replacing an anchor string; when code moves and an anchor disappears, the case fails
// loudly ("update the case") rather than testing nothing. App-file cases write a new `apps/demo.ts`, so they
// do not depend on the shipped apps.
import { remove, replace, write, type BadInput, type Edit } from './harness.js';

/** A valid app file (the control case synthesizes it); cases break one thing in it. */
export const DEMO_APP = `// A demo app written by the bad-input corpus.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'demo',
  clusters: ['live'],
  props: (c) => ({
    name: 'demo',
    profile: 'internal',
    podSecurity: 'restricted',
    container: {
      image: { repository: 'ghcr.io/example/demo', versionKey: 'it_tools_version' },
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 1000, runAsGroup: 1000 },
      env: { BASE_URL: \`https://demo.\${c.domains.internal}\` },
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
      probes: { check: { path: '/', port: 8080 } },
    },
    routes: [{ gateway: 'internal', port: 8080 }],
  }),
});
`;

const APP = 'apps/demo.ts';

/** The demo app with each `from` replaced by its `to` (the anchors must exist in DEMO_APP). */
function demo(from: string, to: string, ...more: Array<[string, string]>): Edit {
  let text = DEMO_APP;
  for (const [a, b] of [[from, to] as [string, string], ...more]) {
    if (!text.includes(a)) throw new Error(`bad-input corpus: the demo app has no ${JSON.stringify(a)}`);
    text = text.replace(a, b);
  }
  return write(APP, text);
}

const END = '  }),\n});\n';

const appCase = (name: string, from: string, to: string, field: string | undefined, message: RegExp): BadInput => ({
  name,
  area: 'app file',
  edits: [demo(from, to)],
  file: APP,
  ...(field ? { field } : {}),
  message,
});

const V = 'versions.env';
const versionsCase = (name: string, from: string, to: string, file: string | RegExp, message: RegExp, field?: string): BadInput => ({
  name,
  area: 'versions.env',
  edits: [replace(V, from, to)],
  file,
  ...(field ? { field } : {}),
  message,
});

const NP = 'clusters/network-policy.ts';
const INV = 'site/inventory.ts';
const NET = 'site/networking.ts';
const REL = 'clusters/platform-releases.ts';

export const corpus: readonly BadInput[] = [
  // --- versions.env ---
  versionsCase('a line without "="', 'talos_version=v1.13.9', 'talos_version v1.13.9', /^versions\.env:7$/, /malformed line "talos_version v1\.13\.9"/),
  versionsCase('a quoted value', 'kubernetes_version=1.36.4', 'kubernetes_version="1.36.4"', /^versions\.env:9$/, /malformed line/),
  versionsCase('a value with a space', 'kubernetes_version=1.36.4', 'kubernetes_version=1.36.4 beta', /^versions\.env:9$/, /malformed line/),
  versionsCase('an upper-case key', 'kubernetes_version=1.36.4', 'Kubernetes_version=1.36.4', /^versions\.env:9$/, /expected lower_snake_case key/),
  versionsCase('an empty value', 'kubernetes_version=1.36.4', 'kubernetes_version=', /^versions\.env:9$/, /malformed line "kubernetes_version="/),
  versionsCase('a key defined twice', 'kubernetes_version=1.36.4', 'kubernetes_version=1.36.4\n# renovate: datasource=github-releases depName=kubernetes/kubernetes\nkubernetes_version=1.36.5', /^versions\.env:11$/, /duplicate key "kubernetes_version" \(first defined on line 9\)/, 'kubernetes_version'),
  versionsCase('a version without its renovate annotation', '# renovate: datasource=github-releases depName=siderolabs/talos\n', '', /^versions\.env:6$/, /"talos_version" has no "# renovate: datasource=… depName=…" annotation/, 'talos_version'),
  versionsCase('a blank line between annotation and key', '# renovate: datasource=github-releases depName=siderolabs/talos\n', '# renovate: datasource=github-releases depName=siderolabs/talos\n\n', /^versions\.env:6$/, /renovate annotation is not directly above a key=value line/),
  versionsCase('an unknown datasource', 'datasource=github-releases depName=siderolabs/talos', 'datasource=github depName=siderolabs/talos', /^versions\.env:6$/, /invalid renovate annotation/, 'datasource'),
  versionsCase('annotation fields in the wrong order', 'datasource=github-releases depName=siderolabs/talos', 'depName=siderolabs/talos datasource=github-releases', /^versions\.env:6$/, /renovate annotation fields must be a subset of, in this order/),
  versionsCase('an annotation field without a value', 'datasource=github-releases depName=siderolabs/talos', 'datasource=github-releases depName', /^versions\.env:6$/, /malformed renovate annotation field "depName"/),
  versionsCase('a registryUrl that is not a URL', 'depName=cert-manager registryUrl=https://charts.jetstack.io', 'depName=cert-manager registryUrl=charts.jetstack.io', /^versions\.env:30$/, /invalid renovate annotation/, 'registryUrl'),
  { name: 'versions.env deleted', area: 'versions.env', edits: [remove(V)], file: /^versions\.env$/, message: /not found: every version lives in this file/ },
  versionsCase('a platform chart version removed', '# renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io\ncert_manager_version=1.21.1\n', '', REL, /unknown version key "cert_manager_version" in versions\.env/, 'cert_manager_version'),
  versionsCase('a version an app needs removed', '# renovate: datasource=docker depName=it-tools packageName=ghcr.io/corentinth/it-tools\nit_tools_version=2024.10.22-7ca5933\n', '', 'apps/it-tools.ts', /unknown version key "it_tools_version" in versions\.env/, 'it_tools_version'),
  versionsCase('the Kromgo image version renamed', 'kromgo_version=v0.7.5', 'kromgo_image_version=v0.7.5', /^clusters\/kromgo\.ts:\d+$/, /unknown version key "kromgo_version" in versions\.env/, 'kromgo_version'),

  // --- app files: loading ---
  { name: 'a syntax error in an app file', area: 'app file', runner: 'process', edits: [demo("    profile: 'internal',", "    profile: 'internal'")], file: /^apps\/demo\.ts:10:\d+$/, message: /Expected "}" but found "podSecurity"/ },
  { name: 'an import of a file that does not exist', area: 'app file', runner: 'process', edits: [demo("import { defineApp } from '../lib/app/define.js';", "import { defineApp } from '../lib/app/defines.js';")], file: /^apps\/demo\.ts:2:\d+$/, message: /Could not resolve "\.\.\/lib\/app\/defines\.js"/ },
  { name: 'an import of a name the module does not export', area: 'app file', runner: 'process', edits: [demo("import { defineApp } from '../lib/app/define.js';", "import { defineApplication as defineApp } from '../lib/app/define.js';")], file: /^apps\/demo\.ts:2:\d+$/, message: /No matching export in "lib\/app\/define\.ts" for import "defineApplication"/ },
  appCase('an app file that throws while loading', "export default defineApp({", "const base = (undefined as unknown as { url: string }).url;\nexport default defineApp({", undefined, /the file threw while loading: Cannot read properties of undefined \(reading 'url'\)/),
  appCase('an app file that throws a string', "export default defineApp({", "throw 'not ready yet';\nexport default defineApp({", undefined, /the file threw while loading: not ready yet/),
  appCase('a named export instead of the default export', 'export default defineApp({', 'export const demo = defineApp({', 'default', /must `export default defineApp\(\{\.\.\.\}\)` \(it exports only: demo\)/),
  { name: 'a default export wrapped in a factory function', area: 'app file', edits: [demo('export default defineApp({', 'export default () => defineApp({')], file: APP, field: 'default', message: /the file must `export default defineApp\(\{\.\.\.\}\)`/ },
  appCase('the clusters list forgotten', "  clusters: ['live'],\n", '', 'clusters', /needs "clusters", a list of dev, integration, live/),
  appCase('a cluster that does not exist', "clusters: ['live']", "clusters: ['prod']", 'clusters.0', /clusters\.0/),
  { name: 'props as an object instead of a function', area: 'app file', edits: [demo('props: (c) => ({', 'props: {', ["env: { BASE_URL: `https://demo.${c.domains.internal}` },", ''], [END, '  },\n});\n'])], file: APP, field: 'props', message: /props must be a function/ },
  appCase('an app name with capitals', "  name: 'demo',\n  clusters", "  name: 'Demo',\n  clusters", 'name', /must be a lowercase DNS label/),
  appCase('props() that throws', "env: { BASE_URL: `https://demo.${c.domains.internal}` },", "env: { BASE_URL: `https://demo.${(c as any).domain.internal}` },", 'props', /props\(\) threw: Cannot read properties of undefined \(reading 'internal'\)/),
  { name: 'props() without a return', area: 'app file', edits: [demo('props: (c) => ({', 'props: (c) => { ({', [END, '  }); },\n});\n'])], file: APP, field: 'props', message: /props\(\) returned undefined; it must return the props object \(a missing `return`\?\)/ },
  appCase('props name differs from the defineApp name', "    name: 'demo',\n    profile", "    name: 'demo2',\n    profile", 'name', /defineApp name "demo" differs from props name "demo2"/),
  appCase('a version key that does not exist', "versionKey: 'it_tools_version'", "versionKey: 'it_tool_version'", 'it_tool_version', /unknown version key "it_tool_version" in versions\.env \(did you mean it_tools_version\?\)/),
  appCase('a version read through the context that does not exist', "env: { BASE_URL:", "env: { V: c.version('demo_version'), BASE_URL:", 'demo_version', /unknown version key "demo_version"/),
  appCase('a per-cluster value missing for an enabled cluster', "memory: '64Mi' } },", "memory: c.pick({ dev: '64Mi' }) } },", 'live', /enabled on cluster "live" but a per-cluster value lists only dev/),

  // --- app files: declarations ---
  appCase('an unknown prop (a typo)', "    podSecurity: 'restricted',", "    podSecurity: 'restricted',\n    replica: 2,", undefined, /unknown key "replica" \(allowed: name, profile/),
  appCase('an unknown profile', "profile: 'internal'", "profile: 'public'", 'profile', /profile/),
  appCase('an unknown pod security level', "podSecurity: 'restricted'", "podSecurity: 'strict'", 'podSecurity', /podSecurity|Invalid/),
  appCase('a probe on a port name the container does not declare', "probes: { check: { path: '/', port: 8080 } }", "probes: { check: { path: '/', port: 'web' } }", 'container.probes.check.port', /no port named "web" on this container \(its ports: http\)/),
  appCase('a container port out of range', "ports: [{ name: 'http', port: 8080 }]", "ports: [{ name: 'http', port: 80800 }]", 'container.ports.0.port', /.*/),
  appCase('a route to a gateway that does not exist', "gateway: 'internal', port: 8080", "gateway: 'public', port: 8080", 'routes.0.gateway', /.*/),
  appCase('a canary without a route', "    routes: [{ gateway: 'internal', port: 8080 }],", "    canary: { path: '/health', responseCodes: [200] },", 'canary', /declares no route/),
  appCase('egress to an app that does not exist', "    routes: [", "    egress: { apps: [{ app: 'ghost', port: 80, protocol: 'TCP' }] },\n    routes: [", 'egress.apps.0.app', /refers to app "ghost", which does not run on cluster "live"/),
  appCase('an app that depends on itself', "    routes: [", "    dependsOn: ['demo'],\n    routes: [", 'dependsOn.0', /an app cannot depend on itself/),
  appCase('a dependency on an app that does not exist', "    routes: [", "    dependsOn: ['ghost'],\n    routes: [", 'dependsOn.0', /dependsOn unknown app "ghost"/),
  appCase('a dependency on a platform release that does not exist', "    routes: [", "    dependsOnPlatform: ['postgres'],\n    routes: [", 'dependsOnPlatform.0', /names release "postgres"/),
  { name: 'an app named after a platform namespace', area: 'app file', edits: [demo("  name: 'demo',\n  clusters", "  name: 'monitoring',\n  clusters", ["    name: 'demo',\n    profile", "    name: 'monitoring',\n    profile"])], file: APP, field: 'name', message: /namespace "monitoring" is a platform namespace; an app needs its own/ },
  appCase("an app's FQDN egress that is an IP address", "    routes: [", "    egress: { fqdns: [{ name: '10.0.0.1', port: 443, protocol: 'TCP' }] },\n    routes: [", 'fqdn', /FQDN peer "10\.0\.0\.1" is an IP address/),
  appCase('a world egress without a reason', "    routes: [", "    egress: { world: [{ port: 993, protocol: 'TCP', reason: '' }] },\n    routes: [", 'egress.world.0.reason', /.*/),
  appCase('a volume on a storage class that does not exist', "    routes: [", "    volumes: [{ name: 'data', size: '1Gi', storageClass: 'fast-ssd', accessMode: 'ReadWriteOnce', mountPath: '/data' }],\n    routes: [", 'volumes.0.storageClass', /Invalid option: expected one of "fast"/),
  {
    name: 'two app files declaring the same app',
    area: 'app file',
    edits: [write(APP, DEMO_APP), write('apps/demo-copy.ts', DEMO_APP)],
    file: /^apps\/demo(-copy)?\.ts$/,
    field: 'name',
    message: /duplicate app name "demo" \(also declared by apps\/demo(-copy)?\.ts\)/,
  },
  {
    name: 'an app named after an app group (one namespace for both)',
    area: 'app file',
    edits: [demo("  name: 'demo',\n  clusters", "  name: 'ai',\n  clusters", ["    name: 'demo',\n    profile", "    name: 'ai',\n    profile"])],
    file: /^apps\/(demo|ai\/group)\.ts$/,
    field: 'name',
    message: /namespace "ai" is already used by app "ollama" \(apps\/ai\/ollama\.ts\)/,
  },

  // --- cluster composition ---
  { name: 'a platform release listed twice in the catalog', area: 'cluster composition', edits: [replace(REL, '  cilium, certManager, externalSecrets,', '  cilium, certManager, certManager, externalSecrets,')], file: `${REL} (cert-manager)`, field: 'name', message: /release "cert-manager" is listed twice in the catalog/ },
  { name: 'a release listed before a release it depends on', area: 'cluster composition', edits: [replace(REL, '  cilium, certManager, externalSecrets,', '  certManager, cilium, externalSecrets,')], file: `${REL} (cert-manager)`, field: 'dependsOn', message: /depends on release "cilium", but it is not earlier in the catalog/ },
  { name: 'a typo in a platform namespace name', area: 'cluster composition', edits: [replace(NP, "p('kromgo').allowFrom([gw, prom]", "p('kromgoo').allowFrom([gw, prom]")], file: NP, field: 'namespace', message: /unknown platform namespace "kromgoo"/ },
  { name: 'a port out of range in a platform policy', area: 'cluster composition', edits: [replace(NP, "p('cache').allowFrom(prom, Port.tcp(9999));", "p('cache').allowFrom(prom, Port.tcp(99999));")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'port', message: /invalid port 99999/ },
  { name: 'a port range ending below its start', area: 'cluster composition', edits: [replace(NP, 'Port.tcpRange(9500, 9504)', 'Port.tcpRange(9504, 9500)')], file: /^clusters\/network-policy\.ts:\d+$/, field: 'port', message: /invalid port 9504-9500/ },
  { name: 'a TypeError in cluster composition code', area: 'cluster composition', edits: [replace('clusters/kromgo.ts', "tag: versions.get('kromgo_version')", "tag: (versions as any).version('kromgo_version')")], file: /^clusters\/kromgo\.ts:\d+$/, message: /versions\.version is not a function/ },
  { name: 'an any-port rule with an allowlist entry that does not exist', area: 'cluster composition', edits: [replace(NP, "any('gateway-backends')", "any('gateway-backend')")], file: NP, field: 'gateway-backend', message: /no any-port allowlist entry "gateway-backend"/ },
  { name: 'an any-port allowlist entry without a real reason', area: 'cluster composition', edits: [replace(NP, "'escape-hatch': 'Break-glass allow-all for namespaces labelled enforcement=disabled; alerts fire while set.',", "'escape-hatch': 'TODO',")], file: NP, field: 'escape-hatch', message: /any-port allowlist entry "escape-hatch" needs a real reason/ },
  { name: 'a platform namespace declared twice', area: 'cluster composition', edits: [replace('clusters/platform-namespaces.ts', "  ns('oauth2-proxy', 'restricted'),", "  ns('oauth2-proxy', 'restricted'),\n  ns('cache', 'restricted'),")], file: /^clusters\//, message: /"cache" is declared twice|namespace "cache" is already declared/ },
  { name: 'a platform release with a version that is not semver', area: 'cluster composition', edits: [replace(V, 'cert_manager_version=1.21.1', 'cert_manager_version=latest')], file: 'clusters/platform-releases.ts', field: 'spec.chart.spec.version', message: /chart version "latest" is not a semantic version/ },

  // --- network policy ---
  { name: 'a policy peer in a namespace that does not exist', area: 'network policy', edits: [replace(NP, "flow('kromgo', 'monitoring', Port.tcp(9090));", "flow('kromgo', 'monitorng', Port.tcp(9090));")], file: NP, message: /monitorng/ },
  { name: 'a policy peer naming a namespace with a typo', area: 'network policy', edits: [replace(NP, "p('garage').allowFrom([prom, Peer.namespace('garage-system')]", "p('garage').allowFrom([prom, Peer.namespace('garage-sytem')]")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'peer', message: /peer namespace "garage-sytem" is not declared on this cluster \(did you mean garage-system/ },
  { name: 'pods of a namespace that does not exist', area: 'network policy', edits: [replace(NP, "Peer.pods('monitoring', { 'app.kubernetes.io/name': 'canary-checker' }", "Peer.pods('monitor', { 'app.kubernetes.io/name': 'canary-checker' }")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'peer', message: /peer namespace "monitor" is not declared/ },
  { name: 'an FQDN egress that is an IP address', area: 'network policy', edits: [replace(NP, ".allowTo(Peer.fqdn('factory.talos.dev'), Port.tcp(443))", ".allowTo(Peer.fqdn('185.199.108.153'), Port.tcp(443))")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'fqdn', message: /FQDN peer "185\.199\.108\.153" is an IP address/ },
  { name: 'an FQDN with a wildcard', area: 'network policy', edits: [replace(NP, ".allowTo(Peer.fqdn('factory.talos.dev'), Port.tcp(443))", ".allowTo(Peer.fqdn('*.talos.dev'), Port.tcp(443))")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'fqdn', message: /is not a fully qualified DNS name/ },
  { name: 'an FQDN with an upper-case letter', area: 'network policy', edits: [replace('clusters/compose.ts', "Peer.fqdn('factory.talos.dev')", "Peer.fqdn('Factory.talos.dev')")], file: /^clusters\/compose\.ts:\d+$/, field: 'fqdn', message: /is not a fully qualified DNS name/ },
  { name: 'a world-egress exception with an empty reason', area: 'network policy', edits: [replace(NP, "reason: 'NTP time sync'", "reason: ''")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'reason', message: /world-egress exception for namespace "kube-system" on udp\/123 needs a real reason/ },
  { name: "a namespace's profile choice without a reason", area: 'network policy', edits: [replace('clusters/platform-namespaces.ts', "internalEgress('velero only needs the API server and HTTPS object storage; the profile covers it')", "internalEgress('')")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'networkPolicy.reason', message: /platform namespace "velero" uses profile internal-egress .* needs a real reason/ },
  { name: 'a named CIDR with host bits set', area: 'network policy', edits: [replace(NP, "NamedCidr.of('link-local', '169.254.0.0/16')", "NamedCidr.of('link-local', '169.254.1.0/16')")], file: 'NamedCidr link-local', field: 'cidr', message: /"169\.254\.1\.0\/16" has host bits set/ },
  { name: 'a named CIDR that is not a CIDR', area: 'network policy', edits: [replace(NP, "NamedCidr.of('link-local', '169.254.0.0/16')", "NamedCidr.of('link-local', '169.254.0.0/33')")], file: 'NamedCidr link-local', field: 'cidr', message: /"169\.254\.0\.0\/33" is not an IPv4 CIDR/ },
  { name: 'world egress beyond the allowed ports', area: 'network policy', edits: [replace(NP, "p('gpu-system').allowTo(kapi, ...KAPI);", "p('gpu-system').allowTo(kapi, ...KAPI).allowTo(Peer.world(), Port.tcp(22));")], file: /^clusters\/network-policy\.ts:\d+$/, field: 'spec.egress[1].toPorts', message: /CiliumNetworkPolicy gpu-system\/gpu-system-default: world egress tcp\/22 is outside the set allowed/ },

  // --- inventory ---
  { name: 'two hosts with the same hostname', area: 'inventory', edits: [replace(INV, "liveNode('node42', 'controlplane'", "liveNode('node41', 'controlplane'")], file: INV, field: 'hosts[1].hostname', message: /duplicate hostname "node41"/ },
  { name: 'two hosts with the same IP', area: 'inventory', edits: [replace(INV, "'ac:1f:6b:2d:bf:bc', '203'", "'ac:1f:6b:2d:bf:bc', '253'")], file: INV, field: 'hosts.node42.bonds[0].addresses[0]', message: /duplicate IP 192\.168\.10\.253/ },
  { name: 'two hosts with the same MAC', area: 'inventory', edits: [replace(INV, "'ac:1f:6b:2d:bf:bc', '203'", "'ac:1f:6b:2d:bf:ee', '203'")], file: INV, field: 'hosts.node42.bonds[0].links[0]', message: /duplicate MAC ac:1f:6b:2d:bf:ee/ },
  { name: 'a malformed MAC address', area: 'inventory', edits: [replace(INV, "'ac:1f:6b:2d:bf:bc', '203'", "'ac:1f:6b:2d:bf', '203'")], file: INV, message: /malformed MAC address/ },
  { name: 'a host IP outside the node subnet', area: 'inventory', edits: [replace(INV, "addresses: [`192.168.10.${ip}`]", "addresses: [`192.168.11.${ip}`]")], file: INV, message: /is outside the node subnet 192\.168\.10\.0\/24/ },
  { name: 'a malformed host IP', area: 'inventory', edits: [replace(INV, "'ac:1f:6b:2d:bf:bc', '203'", "'ac:1f:6b:2d:bf:bc', '256'")], file: INV, message: /malformed IPv4 address/ },
  { name: 'a role typo', area: 'inventory', edits: [replace(INV, "liveNode('node44', 'worker'", "liveNode('node44', 'wroker' as 'worker'")], file: INV, message: /role must be one of/ },
  { name: 'a host in a cluster that does not exist', area: 'inventory', edits: [replace(INV, "smallNode('node46', 'integration'", "smallNode('node46', 'staging' as 'integration'")], file: INV, field: 'hosts.node46.cluster', message: /cluster "staging" has no network facts/ },
  { name: 'a volume size that is not a percentage', area: 'inventory', edits: [replace(INV, "maxSize: '50%'", "maxSize: '50GB'")], file: INV, message: /must be a percentage such as "50%"/ },
  { name: 'a host without a bond', area: 'inventory', edits: [replace(INV, '  bonds: bond(mac, ip),\n  features: { longhorn: true },\n});', '  bonds: [],\n  features: { longhorn: true },\n});')], file: INV, message: /a host needs at least one bond/ },
  { name: 'a cluster without a control plane', area: 'inventory', edits: [replace(INV, "const smallNode = (hostname: string, cluster: 'integration' | 'dev', mac: string, ip: string, extra: Partial<HostInput> = {}): HostInput => ({\n  hostname,\n  cluster,\n  role: 'controlplane',", "const smallNode = (hostname: string, cluster: 'integration' | 'dev', mac: string, ip: string, extra: Partial<HostInput> = {}): HostInput => ({\n  hostname,\n  cluster,\n  role: 'worker',")], file: INV, message: /has no control plane/ },
  { name: 'the VIP inside the LoadBalancer pool', area: 'inventory', edits: [replace(NET, "vip: '192.168.10.20'", "vip: '192.168.10.25'")], file: INV, field: 'clusters.live.vip', message: /VIP 192\.168\.10\.25 lies inside the LoadBalancer pool/ },
  { name: 'an ingress IP outside the pool', area: 'inventory', edits: [replace(NET, "ingress: { internal: '192.168.10.22', external: '192.168.10.23' }", "ingress: { internal: '192.168.10.42', external: '192.168.10.23' }")], file: INV, field: 'clusters.live.ingress.internal', message: /ingress IP 192\.168\.10\.42 is outside the pool/ },
  { name: 'internal and external ingress on one IP', area: 'inventory', edits: [replace(NET, "ingress: { internal: '192.168.10.22', external: '192.168.10.23' }", "ingress: { internal: '192.168.10.22', external: '192.168.10.22' }")], file: INV, field: 'clusters.live.ingress', message: /internal and external ingress share 192\.168\.10\.22/ },
  { name: 'a pod subnet overlapping another cluster', area: 'inventory', edits: [replace(NET, "podSubnet: '172.20.0.0/16'", "podSubnet: '172.18.0.0/16'")], file: INV, field: 'clusters.integration.podSubnet', message: /172\.18\.0\.0\/16 overlaps clusters\.live\.podSubnet/ },
  { name: 'a pool that ends before it starts', area: 'inventory', edits: [replace(NET, "ipPool: { start: '192.168.10.31', stop: '192.168.10.39' }", "ipPool: { start: '192.168.10.39', stop: '192.168.10.31' }")], file: INV, field: 'clusters.integration.ipPool', message: /pool start 192\.168\.10\.39 is after its stop/ },
  { name: 'a malformed CIDR in the cluster networks', area: 'inventory', edits: [replace(NET, "serviceSubnet: '172.21.0.0/16'", "serviceSubnet: '172.21.0.0/33'")], file: INV, message: /serviceSubnet|CIDR/ },
  { name: 'the PXE server outside the pool', area: 'inventory', edits: [replace(NET, "pxe: { serverIp: '192.168.10.21' }", "pxe: { serverIp: '192.168.10.60' }")], file: INV, field: 'clusters.live.pxe.serverIp', message: /PXE server 192\.168\.10\.60 is outside the pool/ },

  // --- Flux ---
  { name: 'a chart repository over plain HTTP', area: 'flux', edits: [replace(REL, "https://charts.jetstack.io", "http://charts.jetstack.io")], file: /release-cert-manager|clusters\/platform-releases\.ts/, field: 'spec.url', message: /chart repository URL must start with https:\/\/ or oci:\/\// },
  { name: 'a release that depends on itself', area: 'flux', edits: [replace(REL, "values: veleroValues, monitoring: [veleroMonitoring],\n});", "values: veleroValues, monitoring: [veleroMonitoring],\n});\n(velero.dependsOn as ReleaseSpec[]).push(velero);")], file: `${REL} (velero)`, field: 'dependsOn', message: /depends on release "velero", but it is not earlier in the catalog/ },
  { name: 'an invalid semver range for the live cluster', area: 'flux', edits: [replace('model/clusters.ts', "semver: '>=2.0.0' }", "semver: 'newest!' }")], file: 'cluster live', field: 'flux.semver', message: /invalid semver range/ },
];
