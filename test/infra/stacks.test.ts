import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildHomelab } from '../../homelab.js';
import { renderCluster } from '../../lib/k8s/render.js';
import { schematicId } from '../../lib/talos/schematic.js';
import { binaryVersionChecks, renderStacks, type RenderedStack } from '../../lib/terraform/render.js';
import { checkTerraformConfig, loadProviderSchemas, type ProviderSchemas } from '../../lib/terraform/schema-check.js';
import { PROVIDER_SCHEMAS_DIR as SCHEMAS_DIR } from '../../lib/terraform/schema-check.js';
import { homelabDefinition, synthHomelab } from '../helpers.js';
import { Versions } from '../../lib/versions/versions.js';

const root = join(import.meta.dirname, '..', '..');
let stacks: Record<string, RenderedStack>;
let schemas: ProviderSchemas;

type Body = Record<string, any>;
const resources = (stack: string, type: string): Body[] => Object.values((stacks[stack]!.config.resource as Body)[type] ?? {});
const data = (stack: string, type: string): Body[] => Object.values((stacks[stack]!.config.data as Body)[type] ?? {});
const byPath = (bodies: Body[], suffix: string): Body => {
  const found = bodies.find((b) => String(b['//'].metadata.path).endsWith(suffix));
  if (!found) throw new Error(`no resource at */${suffix}`);
  return found;
};

beforeAll(() => {
  stacks = Object.fromEntries(synthHomelab().stacks.map((s) => [s.name, s]));
  schemas = loadProviderSchemas(join(root, SCHEMAS_DIR));
});

describe('stacks', () => {
  it('synthesizes the four stacks deterministically, each with its own state key and locking', () => {
    expect(Object.keys(stacks)).toEqual(['global', 'dev', 'integration', 'live']);
    const again = renderStacks(buildHomelab({ root }).stacks);
    for (const s of again) expect(s.json).toBe(stacks[s.name]!.json);
    for (const name of Object.keys(stacks)) {
      expect((stacks[name]!.config.terraform as Body).backend.s3).toMatchObject({ key: `stacks/${name}/terraform.tfstate`, encrypt: true, use_lockfile: true });
      expect(stacks[name]!.json).not.toMatch(/local_sensitive_file|local_file/);
    }
  });

  it('pins the talos and unifi providers from versions.env', () => {
    const providers = (stacks.live!.config.terraform as Body).required_providers;
    expect(providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.11.0' });
    expect(providers.unifi).toEqual({ source: 'filipowm/unifi', version: '1.1.0' });
  });
});

describe('OpenTofu version features', () => {
  it('the pinned OpenTofu satisfies every version constraint cdktf attaches (checked here, not by running terraform at synth)', () => {
    const checks = binaryVersionChecks(homelabDefinition().stacks);
    // The PXE DHCP network is imported (an import block needs >= 1.5), so the list is not empty.
    expect(checks.length).toBeGreaterThan(0);
    const tofu = Versions.load(join(root, 'versions.env')).get('opentofu_version');
    const parts = (v: string) => v.split('.').map(Number);
    for (const c of checks) {
      const min = /^>=\s*(\d+(?:\.\d+)*)$/.exec(c.constraint);
      expect(min, `${c.path}: constraint "${c.constraint}" is a minimum version`).not.toBeNull();
      const [want, have] = [parts(min![1]!), parts(tofu)];
      const cmp = want.map((w, i) => (have[i] ?? 0) - w).find((d) => d !== 0) ?? 0;
      expect(cmp, `${c.path}: OpenTofu ${tofu} ${c.constraint}`).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('provider schema check', () => {
  it('passes on every stack', () => {
    for (const s of Object.values(stacks)) expect(checkTerraformConfig(s.name, s.config, schemas)).toEqual([]);
  });

  it('fails on a misspelled attribute, naming the address and suggesting the right one', () => {
    const config = structuredClone(stacks.live!.config) as Body;
    const lease = Object.values(config.resource.unifi_user)[0] as Body;
    lease.fixed_iip = lease.fixed_ip;
    delete lease.fixed_ip;
    const errors = checkTerraformConfig('live', config, schemas);
    expect(errors).toEqual([expect.stringMatching(/^live: unifi_user\.unifi-records_lease-node2_\w+\.fixed_iip: unknown attribute or block \(did you mean fixed_ip\?\)$/)]);
  });

  it('fails on a misspelled attribute of a prebuilt (aws) binding and inside nested blocks', () => {
    const config = structuredClone(stacks.global!.config) as Body;
    const lifecycle = Object.values(config.resource.aws_s3_bucket_lifecycle_configuration)[0] as Body;
    lifecycle.rule[0].expiration[0].dayz = 35;
    const bucket = Object.values(config.resource.aws_s3_bucket)[0] as Body;
    bucket.buckett = 'x';
    const errors = checkTerraformConfig('global', config, schemas);
    expect(errors).toContainEqual(expect.stringMatching(/aws_s3_bucket_lifecycle_configuration\.velero-dev_lifecycle_\w+\.rule\[0\]\.expiration\[0\]\.dayz: unknown attribute or block/));
    expect(errors).toContainEqual(expect.stringMatching(/aws_s3_bucket\.velero-dev_bucket_\w+\.buckett: unknown attribute or block \(did you mean bucket\?\)/));
  });

  it('fails on an unknown type, a missing required attribute and a read-only attribute', () => {
    const config = structuredClone(stacks.dev!.config) as Body;
    config.resource.talos_machine_secret = { x: {} };
    const record = Object.values(config.resource.unifi_dns_record)[0] as Body;
    delete record.record;
    const apply = Object.values(config.resource.talos_machine_configuration_apply)[0] as Body;
    apply.machine_configuration = 'x';
    const errors = checkTerraformConfig('dev', config, schemas);
    expect(errors).toContainEqual('dev: talos_machine_secret: unknown resource type "talos_machine_secret"');
    expect(errors).toContainEqual(expect.stringMatching(/unifi_dns_record\.unifi-records_dns-external-ingress-wildcard_\w+\.record: required attribute is missing/));
    expect(errors).toContainEqual(expect.stringMatching(/talos_machine_configuration_apply\.talos-cluster_apply-node45_\w+\.machine_configuration: attribute is read-only/));
  });
});

describe('cluster stacks', () => {
  it('reserve one DHCP lease per node with its MAC and IP', () => {
    const leases = resources('live', 'unifi_user').map((u) => [u.name, u.mac, u.fixed_ip]);
    expect(leases).toContainEqual(['node41', 'ac:1f:6b:2d:bf:ee', '192.168.10.253']);
    expect(leases).toContainEqual(['node2', '0c:c4:7a:a4:f1:d2', '192.168.10.182']);
    expect(leases).toHaveLength(5);
    expect(resources('integration', 'unifi_user')).toHaveLength(3);
    expect(resources('dev', 'unifi_user')).toHaveLength(1);
  });

  it('publish the API endpoint on every control plane plus the two ingress wildcards', () => {
    const records = resources('live', 'unifi_dns_record').map((r) => `${r.name}=${r.record}`).sort();
    expect(records).toEqual([
      '*.internal.tomnowak.work=192.168.10.22',
      '*.ionfury.tv=192.168.10.23',
      'k8s.internal.tomnowak.work=192.168.10.201',
      'k8s.internal.tomnowak.work=192.168.10.203',
      'k8s.internal.tomnowak.work=192.168.10.253',
    ]);
    expect(resources('dev', 'unifi_dns_record')).toHaveLength(1 + 2);
    for (const r of resources('dev', 'unifi_dns_record')) expect(r).toMatchObject({ type: 'A', enabled: true });
  });

  it('bootstrap on the first control plane; the client config lists control planes as endpoints and all nodes', () => {
    expect(resources('live', 'talos_machine_bootstrap')[0]!.node).toBe('192.168.10.253');
    expect(resources('live', 'talos_cluster_kubeconfig')[0]!.node).toBe('192.168.10.253');
    const client = data('live', 'talos_client_configuration')[0]!;
    expect(client.endpoints).toEqual(['192.168.10.253', '192.168.10.203', '192.168.10.201']);
    expect(client.nodes).toHaveLength(5);
    expect(data('integration', 'talos_machine_configuration').map((c) => c.machine_type)).toEqual(['controlplane', 'controlplane', 'controlplane']);
  });

  it('create one image-factory schematic per distinct install spec, and pass the disk selector through', () => {
    // live: the Supermicro nodes share one spec, the GPU node has its own, plus the PXE boot image.
    const live = resources('live', 'talos_image_factory_schematic').map((s) => s.schematic as string);
    expect(live).toHaveLength(3);
    expect(live.filter((s) => s.includes('nvidia'))).toHaveLength(1);
    expect(resources('integration', 'talos_image_factory_schematic')).toHaveLength(1);
    expect(data('live', 'talos_machine_disks').map((d) => d.selector)).toContain("disk.model == 'Micron_5100_MTFD'");
    expect(data('live', 'talos_machine_disks').map((d) => d.selector)).toContain("disk.dev_path == '/dev/sda'");
  });

  it('feed each node its machine documents; the VIP only on control planes', () => {
    const configs = data('live', 'talos_machine_configuration');
    const vipDocs = (c: Body): number => (c.config_patches as string[]).filter((p) => p.includes('kind: Layer2VIPConfig')).length;
    expect(configs.filter((c) => c.machine_type === 'controlplane').map(vipDocs)).toEqual([1, 1, 1]);
    expect(configs.filter((c) => c.machine_type === 'worker').map(vipDocs)).toEqual([0, 0]);
    const node41 = byPath(configs, 'config-node41');
    expect(node41.config_patches[node41.config_patches.length - 1]).toMatch(/^\$\{yamlencode\(/);
    expect(parse(node41.config_patches[3]).addresses).toEqual([{ address: '192.168.10.253/24' }]);
  });

  it('publish kubeconfig and talosconfig to SSM as SecureStrings', () => {
    const params = resources('integration', 'aws_ssm_parameter').map((p) => [p.name, p.type]);
    expect(params).toEqual([
      ['/homelab/infrastructure/clusters/integration/kubeconfig', 'SecureString'],
      ['/homelab/infrastructure/clusters/integration/talosconfig', 'SecureString'],
    ]);
  });

  it('bootstrap Flux: dev from git main at its dist path, integration/live from the OCI artifact by semver', () => {
    const instance = (stack: string): Body => parse(resources(stack, 'helm_release').find((r) => r.chart === 'flux-instance')!.values[0]).instance;
    expect(instance('dev').sync).toEqual({ kind: 'GitRepository', url: 'https://github.com/ionfury/homelab', ref: 'refs/heads/main', path: './dist/kubernetes/clusters/dev', pullSecret: 'flux-system', name: 'flux-system' });
    expect(instance('live').sync).toMatchObject({ kind: 'OCIRepository', url: 'oci://ghcr.io/ionfury/homelab/kubernetes', path: './clusters/live', name: 'flux-system' });
    expect(parse(instance('live').kustomize.patches[0].patch)).toEqual([{ op: 'replace', path: '/spec/ref', value: { semver: '>=2.0.0' } }]);
    expect(parse(instance('integration').kustomize.patches[0].patch)[0].value).toEqual({ semver: '>=2.0.0-0', semverFilter: '^2\\.[0-9]+\\.0-rc$' });
    expect(instance('integration').sync.path).toBe('./clusters/integration');
    expect(instance('live').distribution.version).toBe('2.9.4');
    const operator = resources('live', 'helm_release').find((r) => r.chart === 'flux-operator')!;
    expect(operator).toMatchObject({ repository: 'oci://ghcr.io/controlplaneio-fluxcd/charts', version: '0.58.1', namespace: 'flux-system' });
    // Only git needs a pull secret (from SSM, never from git).
    expect(resources('dev', 'kubernetes_secret').map((s) => s.metadata.name).sort()).toEqual(['external-secrets-access-key', 'flux-system']);
    expect(resources('live', 'kubernetes_secret').map((s) => s.metadata.name)).toEqual(['external-secrets-access-key']);
  });

  it('install Cilium once from Terraform and leave it to Flux afterwards', () => {
    const cilium = resources('live', 'helm_release').find((r) => r.chart === 'cilium')!;
    expect(cilium).toMatchObject({ name: 'cilium', namespace: 'kube-system', version: '1.20.1', lifecycle: { ignore_changes: 'all' } });
    expect(parse(cilium.values[0])).toMatchObject({ kubeProxyReplacement: true, k8sServicePort: 7445, ipv4NativeRoutingCIDR: '172.18.0.0/16', cluster: { name: 'live', id: 1 } });
    // What the reference's inline manifest had: BBR bandwidth manager, BIG TCP, maglev + DSR, Talos' capabilities.
    expect(parse(cilium.values[0])).toMatchObject({
      bandwidthManager: { enabled: true, bbr: true },
      enableIPv4BIGTCP: true,
      loadBalancer: { algorithm: 'maglev', mode: 'dsr' },
      securityContext: { capabilities: { ciliumAgent: expect.arrayContaining(['NET_ADMIN', 'SYS_ADMIN']), cleanCiliumState: expect.arrayContaining(['NET_ADMIN']) } },
    });
    // Installed only once Talos reports the control plane up (etcd, kubelets, boot finished), after bootstrap.
    expect(cilium.depends_on).toEqual([expect.stringMatching(/^data\.talos_cluster_health\./)]);
    const [health] = data('live', 'talos_cluster_health');
    expect(health).toMatchObject({ skip_kubernetes_checks: true, control_plane_nodes: expect.arrayContaining(['192.168.10.253']) });
    expect(health.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^talos_machine_bootstrap\./)]));
  });
});

describe('PXE, declared', () => {
  it('live adopts the citadel network and sets next-server and boot file; other stacks leave it alone', () => {
    const [network] = resources('live', 'unifi_network');
    expect(network).toMatchObject({ name: 'citadel', dhcpd_boot_enabled: true, dhcpd_boot_server: '192.168.10.21', dhcpd_boot_filename: 'ipxe.efi' });
    expect(network!.lifecycle.prevent_destroy).toBe(true);
    expect(network!.lifecycle.ignore_changes).toContain('dhcp_start');
    expect(network!.lifecycle.ignore_changes).not.toContain('dhcpd_boot_server');
    expect(stacks.live!.config.import).toEqual([{ id: expect.stringMatching(/^\$\{data\.unifi_network\.\S+\.id\}$/), to: expect.stringMatching(/^unifi_network\./) }]);
    expect(resources('dev', 'unifi_network')).toEqual([]);
    expect(resources('integration', 'unifi_network')).toEqual([]);
  });

  it('runs booter on live only, with the schematic Terraform registers', () => {
    const def = buildHomelab({ root });
    const rendered = Object.fromEntries(def.clusters.map(({ name, app }) => [name, renderCluster(name, app)]));
    const booter = (c: string) => rendered[c]!.objects.filter((o) => o.file.startsWith('apps/booter/'));
    expect(booter('dev')).toEqual([]);
    expect(booter('integration')).toEqual([]);
    const objs = Object.fromEntries(booter('live').map((o) => [o.object.kind, o.object as Body]));
    expect(Object.keys(objs).sort()).toEqual(['Deployment', 'Namespace', 'PrometheusRule', 'Service']);
    // Its alert reads the Deployment it ships, by name and namespace.
    const rule = objs.PrometheusRule!.spec.groups[0].rules[0];
    expect(rule.alert).toBe('BooterUnavailable');
    expect(rule.expr).toContain(`namespace="${objs.Deployment!.metadata.namespace}", deployment="${objs.Deployment!.metadata.name}"`);
    const pxeYaml = resources('live', 'talos_image_factory_schematic').map((s) => s.schematic as string).find((s) => !s.includes('extraKernelArgs'))!;
    const args = objs.Deployment!.spec.template.spec.containers[0].args as string[];
    expect(args).toEqual(['--talos-version=v1.13.9', `--schematic-id=${schematicId(pxeYaml)}`, '--api-advertise-address=192.168.10.21', '--disable-dhcp-proxy']);
    expect(objs.Deployment!.spec.template.spec.containers[0].image).toBe('ghcr.io/siderolabs/booter:v0.4.0');
    expect(objs.Service!.metadata.annotations['lbipam.cilium.io/ips']).toBe('192.168.10.21');
    expect(objs.Service!.spec.type).toBe('LoadBalancer');
    expect(objs.Service!.spec.ports.map((p: Body) => `${p.protocol}/${p.port}`)).toEqual(['UDP/69', 'TCP/50084']);
    expect(objs.Service!.spec.selector).toEqual(objs.Deployment!.spec.template.metadata.labels);
    expect(objs.Namespace!.metadata.name).toBe('booter');
  });
});

describe('global stack', () => {
  it('keeps Velero buckets private, encrypted and expiring only metadata', () => {
    expect(resources('global', 'aws_s3_bucket').map((b) => b.bucket)).toEqual(['homelab-velero-backup-dev', 'homelab-velero-backup-integration', 'homelab-velero-backup-live']);
    const rules = resources('global', 'aws_s3_bucket_lifecycle_configuration')[0]!.rule as Body[];
    expect(rules.map((r) => [r.id, r.filter[0].prefix, r.expiration[0].days])).toEqual([
      ['expire-old-backup-metadata', 'backups/', 35],
      ['expire-old-restore-metadata', 'restores/', 35],
    ]);
    expect(resources('global', 'aws_s3_bucket_public_access_block')[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const names = resources('global', 'aws_ssm_parameter').map((p) => p.name);
    expect(names).toContain('/homelab/kubernetes/live/velero-s3-backup/access-key-id');
    expect(names).toContain('/homelab/kubernetes/dev/velero-s3-backup/secret-access-key');
  });

  it('stores the root CAs and app secrets in SSM and protects them from destroy', () => {
    const params = resources('global', 'aws_ssm_parameter');
    for (const name of ['/homelab/kubernetes/shared/istio-mesh-ca', '/homelab/kubernetes/shared/homelab-ingress-ca', '/homelab/kubernetes/live/lldap-secrets', '/homelab/kubernetes/live/authelia-secrets']) {
      const p = params.find((x) => x.name === name)!;
      expect(p.type).toBe('SecureString');
      expect(p.lifecycle.prevent_destroy).toBe(true);
    }
    expect(params.find((x) => x.name === '/homelab/kubernetes/live/lldap-secrets')!.lifecycle.ignore_changes).toEqual(['value']);
    expect(resources('global', 'tls_private_key').map((k) => [k.algorithm, k.ecdsa_curve])).toEqual([['ECDSA', 'P256'], ['ECDSA', 'P256']]);
    const ca = resources('global', 'tls_self_signed_cert')[0]!;
    expect(ca).toMatchObject({ is_ca_certificate: true, validity_period_hours: 87600, allowed_uses: ['cert_signing', 'crl_signing'] });
    const passwords = resources('global', 'random_password');
    expect(passwords.map((p) => p.length).sort()).toEqual([32, 32, 32, 64, 64, 64, 64]);
    for (const p of passwords) expect(p).toMatchObject({ special: false, lifecycle: { prevent_destroy: true } });
  });
});

describe('construct validation', () => {
  it('rejects a short generated secret and a cluster without control planes, naming the construct', async () => {
    const { App } = await import('cdktf');
    const { AppSecrets } = await import('../../lib/terraform/app-secrets.js');
    const { TalosCluster } = await import('../../lib/talos/cluster.js');
    const { HomelabStack } = await import('../../lib/terraform/stack.js');
    const stack = new HomelabStack(new App({ outdir: 'unused', skipValidation: true }), { name: 't', backend: { bucket: 'state', region: 'us-east-2' } });
    expect(() => new AppSecrets(stack, 'app', { app: 'x', ssmParameter: '/x', secrets: { KEY: { length: 8 } } })).toThrow('t/app (secrets.KEY.length): secret "KEY" must be at least 16 characters (got 8)');
    expect(() => new TalosCluster(stack, 'talos', { clusterName: 'x', endpoint: 'https://x:6443', talosVersion: 'v1', kubernetesVersion: '1', nodes: [] })).toThrow(
      't/talos (nodes): cluster "x" has no control-plane node',
    );
  });
});
