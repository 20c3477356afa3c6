import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalSecretReaders, jsonencodedKeys, ssmWiringErrors, stackParameters, type SsmWiring } from '../../lib/contract/ssm.js';
import type { RenderedCluster } from '../../lib/k8s/render.js';
import type { RenderedStack } from '../../lib/terraform/render.js';
import { bootstrapSecrets, contractCheck, exportedParameters, generatedAppSecrets, seededParameters, ssm, veleroBucket } from '../../model/contract.js';
import { repoRoot, synthHomelab } from '../helpers.js';
import { model } from '../model.js';

const out = synthHomelab();
const cluster = (name: string) => out.clusters.find((c) => c.name === name)!;
const object = (c: string, kind: string, ns: string | undefined, name: string): any =>
  cluster(c).objects.map((o) => o.object as any).find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === ns);
const stack = (name: string): any => out.stacks.find((s) => s.name === name)!.config;
const ssmWrites = (s: string): string[] => Object.values(stack(s).resource.aws_ssm_parameter ?? {}).map((p: any) => p.name);

describe('the contract between the Terraform and Kubernetes sides', () => {
  it('finds nothing on the homelab: every parameter read is written or seeded, every one written is read or exported', () => {
    expect(contractCheck(model.clusters)(out)).toEqual([]);
  });

  it('sees every reader and writer it judges (the check is not vacuous)', () => {
    const readers = externalSecretReaders(out.clusters);
    const { writers, readers: stackReaders } = stackParameters(out.stacks);
    // One ExternalSecret per cluster per issuer CA at least, and the global stack's parameters.
    expect(readers.filter((r) => r.path === ssm.ingressCa)).toHaveLength(2 * model.clusters.length);
    expect(writers.map((w) => w.path)).toEqual(expect.arrayContaining([ssm.ingressCa, ssm.istioMeshCa]));
    expect(writers.find((w) => w.path === ssm.istioMeshCa)!.properties).toEqual(['tls.crt', 'tls.key']);
    expect(stackReaders.map((r) => r.path)).toContain(model.site.accounts.externalSecrets.id);
  });

  it('homelab-ca: the issuer reads the ingress CA the global stack writes, as a TLS Secret', () => {
    expect(ssmWrites('global')).toContain(ssm.ingressCa);
    for (const { name } of model.clusters) {
      const es = object(name, 'ExternalSecret', 'cert-manager', 'homelab-ingress-root-ca');
      expect(es.spec.data.map((d: any) => [d.remoteRef.key, d.remoteRef.property])).toEqual([[ssm.ingressCa, 'tls.crt'], [ssm.ingressCa, 'tls.key']]);
      expect(es.spec.target.template.type).toBe('kubernetes.io/tls');
      expect(object(name, 'ClusterIssuer', undefined, 'homelab-ca').spec).toEqual({ ca: { secretName: 'homelab-ingress-root-ca' } });
    }
  });

  it('mesh CA: issuer on the SSM root, istio-csr signs with it and mounts its certificate, istiod and ztunnel ask istio-csr', () => {
    expect(ssmWrites('global')).toContain(ssm.istioMeshCa);
    for (const { name } of model.clusters) {
      const es = object(name, 'ExternalSecret', 'cert-manager', 'istio-mesh-root-ca');
      expect(es.spec.data.map((d: any) => d.remoteRef.key)).toEqual([ssm.istioMeshCa, ssm.istioMeshCa]);
      expect(object(name, 'ClusterIssuer', undefined, 'istio-mesh-ca').spec).toEqual({ ca: { secretName: 'istio-mesh-root-ca' } });
      // No cluster-local self-signed root: every cluster trusts the one shared root.
      expect(object(name, 'ClusterIssuer', undefined, 'selfsigned')).toBeUndefined();
      const csr = object(name, 'HelmRelease', 'flux-system', 'istio-csr').spec.values;
      expect(csr.app.certmanager.issuer).toEqual({ name: 'istio-mesh-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
      const mount = csr.volumeMounts.find((m: any) => csr.app.tls.rootCAFile.startsWith(`${m.mountPath}/`));
      const volume = csr.volumes.find((v: any) => v.name === mount.name);
      expect(volume.secret).toEqual({ secretName: 'istio-mesh-root-ca', items: [{ key: 'tls.crt', path: csr.app.tls.rootCAFile.split('/').pop() }] });
      const istiod = object(name, 'HelmRelease', 'flux-system', 'istiod').spec.values;
      expect(istiod.pilot.env.ENABLE_CA_SERVER).toBe('false');
      const csrService = `cert-manager-istio-csr.${object(name, 'HelmRelease', 'flux-system', 'istio-csr').spec.targetNamespace}.svc:443`;
      expect(istiod.global.caAddress).toBe(csrService);
      expect(object(name, 'HelmRelease', 'flux-system', 'istio-ztunnel').spec.values.caAddress).toBe(csrService);
    }
  });

  it('velero: the BackupStorageLocation is the bucket the global stack makes, with the key it writes to SSM', () => {
    const global = stack('global');
    for (const { name } of model.clusters) {
      const bucket = veleroBucket(name);
      expect(Object.values(global.resource.aws_s3_bucket).map((b: any) => b.bucket)).toContain(bucket.name);
      const values = object(name, 'HelmRelease', 'flux-system', 'velero').spec.values;
      const [bsl] = values.configuration.backupStorageLocation;
      expect(bsl).toMatchObject({ provider: 'aws', bucket: bucket.name, default: true, config: { region: bucket.region } });
      expect(values.credentials).toEqual({ useSecret: true, existingSecret: bsl.credential.name });
      const es = object(name, 'ExternalSecret', 'velero', bsl.credential.name);
      const key = ssm.velero(name);
      expect(es.spec.data.map((d: any) => d.remoteRef.key).sort()).toEqual([key.accessKeyId, key.secretAccessKey].sort());
      expect(ssmWrites('global')).toEqual(expect.arrayContaining([key.accessKeyId, key.secretAccessKey]));
      // The credentials file the AWS plugin reads, templated from both keys.
      expect(es.spec.target.template.data[bsl.credential.key]).toMatch(/^\[default\]\naws_access_key_id=\{\{ \.\w+ \}\}\naws_secret_access_key=\{\{ \.\w+ \}\}\n$/);
    }
  });

  it('generated app secrets: the global stack writes exactly the keys the contract lists, for the app to read', () => {
    const global = stack('global');
    for (const [app, { cluster: c, keys }] of Object.entries(generatedAppSecrets)) {
      const param: any = Object.values(global.resource.aws_ssm_parameter).find((p: any) => p.name === ssm.appSecrets(c, app));
      expect(jsonencodedKeys(param.value)).toEqual(Object.keys(keys).sort());
    }
  });

  it('the bootstrap Secret External Secrets reads is the one the stack creates, in the region the store uses', () => {
    for (const { name } of model.clusters) {
      const store = object(name, 'ClusterSecretStore', undefined, 'aws-ssm').spec.provider.aws;
      const secret: any = Object.values(stack(name).resource.kubernetes_secret).find((s: any) => s.metadata.name === bootstrapSecrets.externalSecrets.name);
      expect(secret.metadata.namespace).toBe(store.auth.secretRef.accessKeyIDSecretRef.namespace);
      expect(Object.keys(secret.data).sort()).toEqual([store.auth.secretRef.accessKeyIDSecretRef.key, store.auth.secretRef.secretAccessKeySecretRef.key].sort());
      expect(stack(name).provider.aws[0].region).toBe(store.region);
    }
  });

  it('every hand-seeded parameter has a runbook that names it', () => {
    const seeded = seededParameters(model.clusters);
    expect(seeded.length).toBeGreaterThan(4);
    for (const s of seeded) {
      const text = readFileSync(join(repoRoot, s.runbook), 'utf8');
      const pattern = s.path.replace(new RegExp(`/(${model.clusters.map((c) => c.name).join('|')})/`), '/<cluster>/');
      expect(text.includes(s.path) || text.includes(pattern), `${s.runbook} names ${s.path}`).toBe(true);
    }
  });
});

/** A tiny rendered output: clusters with the given ExternalSecret keys, one stack writing the given parameters. */
function fake(reads: ReadonlyArray<{ key: string; property?: string; namespace?: string }>, writes: ReadonlyArray<{ name: string; value?: string }>) {
  const clusters: RenderedCluster[] = [{
    name: 'c',
    files: new Map(),
    objects: reads.map((r, i) => ({
      source: `es${i}`,
      file: `es${i}.yaml`,
      object: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: `es${i}`, namespace: r.namespace ?? 'ns' }, spec: { data: [{ secretKey: 'k', remoteRef: { key: r.key, ...(r.property ? { property: r.property } : {}) } }] } } as any,
    })),
  }];
  const config = { resource: { aws_ssm_parameter: Object.fromEntries(writes.map((w, i) => [`p${i}`, { name: w.name, type: 'SecureString', value: w.value ?? 'x' }])) } };
  const stacks: RenderedStack[] = [{ name: 's', config, json: JSON.stringify(config) }];
  return { clusters, stacks };
}

function errors(o: ReturnType<typeof fake>, extra: Partial<SsmWiring> = {}): string[] {
  const { writers, readers } = stackParameters(o.stacks);
  return ssmWiringErrors({ readers: [...externalSecretReaders(o.clusters), ...readers], writers, seeded: [], exported: [], contract: 'contract.ts', ...extra }).map((e) => e.message);
}

describe('the contract check catches each broken wiring', () => {
  it('a reader of a parameter nothing writes (the homelab-ca defect)', () => {
    expect(errors(fake([{ key: '/k/shared/homelab-ca' }], [{ name: '/k/shared/homelab-ingress-ca' }]))).toEqual([
      'cluster c: ExternalSecret ns/es0 (remoteRef.key): reads SSM parameter /k/shared/homelab-ca, which no stack writes and contract.ts does not list as seeded by hand',
      'stack s: aws_ssm_parameter.p0 (name): writes SSM parameter /k/shared/homelab-ingress-ca, which nothing reads and contract.ts does not list as exported',
    ]);
  });

  it('a property the parameter does not hold', () => {
    const o = fake([{ key: '/k/ca', property: 'ca.crt' }], [{ name: '/k/ca', value: '${jsonencode({"tls.crt" = a.b, "tls.key" = c.d})}' }]);
    expect(errors(o)).toEqual(['cluster c: ExternalSecret ns/es0 (remoteRef.property): reads property "ca.crt" of /k/ca, which holds only tls.crt, tls.key (stack s: aws_ssm_parameter.p0)']);
  });

  it('a seeded entry nothing reads, an exported entry nothing writes, a parameter both written and seeded, one written twice', () => {
    const o = fake([], [{ name: '/k/a' }, { name: '/k/a' }]);
    expect(errors(o, {
      seeded: [{ path: '/k/a', holds: 'x', runbook: 'r.md' }, { path: '/k/stale', holds: 'x', runbook: 'r.md' }],
      exported: [{ path: '/k/gone', usedBy: 'operators' }],
    })).toEqual([
      'stack s: aws_ssm_parameter.p1 (name): SSM parameter /k/a is also written by stack s: aws_ssm_parameter.p0',
      'stack s: aws_ssm_parameter.p0 (name): writes SSM parameter /k/a, which nothing reads and contract.ts does not list as exported',
      'contract.ts (seeded): /k/a is listed as seeded by hand but stack s: aws_ssm_parameter.p0 writes it',
      'contract.ts (seeded): /k/a is listed as seeded by hand but nothing reads it',
      'contract.ts (seeded): /k/stale is listed as seeded by hand but nothing reads it',
      'contract.ts (exported): /k/gone is listed as exported but no stack writes it',
    ]);
  });

  it("an app's own keys are seeded by their owner only under the app's namespace", () => {
    const o = fake([{ key: '/homelab/kubernetes/live/vaultwarden/admin-token', namespace: 'vaultwarden' }, { key: '/homelab/kubernetes/live/vaultwarden/admin-token', namespace: 'miniflux' }], []);
    const check = contractCheck(model.clusters);
    const messages = check(o).map((e) => e.message);
    expect(messages.filter((m) => m.includes('ExternalSecret'))).toEqual([expect.stringContaining('ExternalSecret miniflux/es1 (remoteRef.key): reads SSM parameter /homelab/kubernetes/live/vaultwarden/admin-token')]);
  });

  it('a generated app secret waits for its app; once the app is deployed, the app must read it', () => {
    const [app, { cluster: c }] = Object.entries(generatedAppSecrets)[0]!;
    const path = ssm.appSecrets(c, app);
    const withoutApp = fake([], [{ name: path }]);
    const check = contractCheck(model.clusters);
    expect(check(withoutApp).map((e) => e.message).filter((m) => m.includes(path))).toEqual([]);
    const deployed = { ...withoutApp, clusters: [{ ...withoutApp.clusters[0]!, name: c, objects: [{ source: 'x', file: 'x', object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: app, namespace: 'flux-system' } } as any }] }] };
    expect(check(deployed).map((e) => e.message).filter((m) => m.includes(path))).toEqual([expect.stringMatching(/which nothing reads/)]);
  });

  it('the real synth fails with the error when a wiring breaks', () => {
    // Exported entries are part of the contract: dropping one leaves its parameter written and unread.
    const exported = exportedParameters(model.clusters);
    expect(exported.length).toBe(2 * model.clusters.length);
    const broken = ssmWiringErrors({
      ...stackParameters(out.stacks),
      readers: [...externalSecretReaders(out.clusters), ...stackParameters(out.stacks).readers],
      seeded: seededParameters(model.clusters),
      exported: exported.slice(1),
      contract: 'model/contract.ts',
    });
    expect(broken.map((e) => e.message)).toContainEqual(expect.stringContaining(`writes SSM parameter ${exported[0]!.path}, which nothing reads`));
  });
});
