// Validation as strict as the API server: each rule with a broken object it rejects, and the objects the
// issue found let through, rejected by the real `npm run validate`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../lib/validation/index.js';
import { cronProblem } from '../../lib/validation/cron.js';
import { repoRoot, tempDir } from '../helpers.js';

const validator = new SchemaValidator();
const messages = (obj: object) => validator.validate(obj).map((i) => `${i.path}: ${i.message}`);

const meta = (name: string, namespace?: string, extra: object = {}) => ({ name, ...(namespace ? { namespace } : {}), ...extra });
const pvc = (accessModes: string[]) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta('data', 'demo'),
  spec: { accessModes, resources: { requests: { storage: '1Gi' } } },
});
const helmRelease = (spec: object) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: meta('demo', 'flux-system'), spec });
const chart = (name: string, version: string) => ({ spec: { chart: name, version, sourceRef: { kind: 'HelmRepository', name } } });
const gateway = (listeners: object[]) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta('internal', 'istio-gateway'), spec: { gatewayClassName: 'istio', listeners } });
const listener = (name: string, port: number) => ({ name, port, protocol: 'HTTP' });
const cnp = (cidr: string) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: meta('egress', 'demo'),
  spec: { endpointSelector: {}, egress: [{ toCIDR: [cidr] }] },
});
const namespace = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels }) });
const cronJob = (schedule: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta('job', 'demo'),
  spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
});
const scheduledBackup = (schedule: string) => ({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'ScheduledBackup', metadata: meta('daily', 'database'), spec: { schedule, cluster: { name: 'postgres' } } });
const garageCluster = (spec: object) => ({ apiVersion: 'garage.rajsingh.info/v1beta1', kind: 'GarageCluster', metadata: meta('garage', 'garage'), spec });

describe('core kinds: Kubernetes 1.36 with enums', () => {
  it('accepts a valid claim and rejects an access mode that does not exist', () => {
    expect(messages(pvc(['ReadWriteOnce']))).toEqual([]);
    expect(messages(pvc(['ReadWriteAlways']))).toEqual([expect.stringMatching(/^\/spec\/accessModes\/0: must be one of "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", got "ReadWriteAlways"/)]);
  });

  it('knows kinds and fields added after 1.28 (ValidatingAdmissionPolicy v1)', () => {
    expect(validator.has('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBe(true);
  });

  it('rejects an unknown field and an image pull policy that does not exist', () => {
    const job = cronJob('0 3 * * *');
    (job.spec.jobTemplate.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicy = 'Sometimes';
    expect(messages(job)).toEqual([expect.stringMatching(/imagePullPolicy: must be one of "Always", "IfNotPresent", "Never"/)]);
  });
});

describe('names, labels and annotations (Kubernetes naming rules)', () => {
  it('rejects a namespace name that is not a DNS label', () => {
    expect(messages(namespace('Bad_Name'))).toEqual([expect.stringMatching(/^\/metadata\/name: name "Bad_Name" must be a lowercase RFC 1123 label/)]);
  });

  it('rejects a 64-character label value and a malformed label key', () => {
    expect(messages(namespace('ok', { team: 'x'.repeat(64) }))).toEqual([expect.stringMatching(/^\/metadata\/labels\/team: label value .* must be no more than 63 characters \(got 64\)/)]);
    expect(messages(namespace('ok', { 'bad key': 'v' }))).toEqual([expect.stringMatching(/label key "bad key": the name part must consist of/)]);
    expect(messages(namespace('ok', { 'Example.com/x': 'v' }))).toEqual([expect.stringMatching(/prefix "Example.com" must be a lowercase RFC 1123 subdomain/)]);
  });

  it('rejects a Service name that is not an RFC 1035 label and an annotation key with two slashes', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: meta('1st-service', 'demo', { annotations: { 'a/b/c': 'x' } }), spec: { ports: [{ port: 80 }] } };
    expect(messages(svc)).toEqual([expect.stringMatching(/name "1st-service" must be an RFC 1035 label/), expect.stringMatching(/annotation key "a\/b\/c": a qualified name has at most one "\/"/)]);
  });

  it('accepts RBAC names with colons (path segments), rejects a namespace with capitals', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta('system:demo'), rules: [] };
    expect(messages(role)).toEqual([]);
    expect(messages({ ...pvc(['ReadWriteOnce']), metadata: meta('data', 'Demo') })).toEqual([expect.stringMatching(/^\/metadata\/namespace: namespace "Demo"/)]);
  });
});

describe('CRDs at their pinned versions, with formats and CEL rules', () => {
  it('evaluates CEL: a HelmRelease with both chart and chartRef', () => {
    expect(messages(helmRelease({ interval: '1h', chart: chart('demo', '1.0.0') }))).toEqual([]);
    expect(messages(helmRelease({ interval: '1h', chart: chart('demo', '1.0.0'), chartRef: { kind: 'OCIRepository', name: 'demo' } }))).toEqual([
      expect.stringMatching(/^\/spec: either chart or chartRef must be set/),
    ]);
  });

  it('evaluates CEL with schema defaults applied: a Gateway with two listeners of one name', () => {
    expect(messages(gateway([listener('http', 80), listener('web', 8080)]))).toEqual([]);
    expect(messages(gateway([listener('http', 80), listener('http', 8080)]))).toContain('/spec/listeners: Listener name must be unique within the Gateway');
  });

  it('enforces formats: a CIDR with a prefix longer than 32 bits; int32 ranges', () => {
    expect(messages(cnp('10.0.0.0/8'))).toEqual([]);
    expect(messages(cnp('10.0.0.0/33'))).toEqual(['/spec/egress/0/toCIDR/0: must be a valid cidr, got "10.0.0.0/33"']);
    const dragonfly = { apiVersion: 'dragonflydb.io/v1alpha1', kind: 'Dragonfly', metadata: meta('df', 'cache'), spec: { replicas: 3_000_000_000 } };
    expect(messages(dragonfly)).toEqual([expect.stringMatching(/^\/spec\/replicas: must be a valid int32/)]);
  });

  it('uses the CRD at the pinned version: garage-operator 0.6.3 has no spec.deletionPolicy', () => {
    expect(messages(garageCluster({ replicas: 3, deletionPolicy: 'Retain' }))).toContain('/spec/deletionPolicy: unknown field');
  });

  it('reports a CEL rule that fails to evaluate as an error, never as a pass', () => {
    // The rule reads a field the value lacks: the API server rejects such an object too.
    const issues = validator.cel.check(
      { 'x-kubernetes-validations': [{ rule: 'self.missing == 1', message: 'needs missing' }] } as never,
      { present: 1 },
      { object: 'X' },
    );
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/^needs missing \(rule could not be evaluated/)]);
  });
});

describe('HelmRelease values against the chart values.schema.json', () => {
  it('rejects an unknown top-level value (a typo) of cert-manager at its pinned chart version', () => {
    const ok = helmRelease({ interval: '1h', chart: chart('cert-manager', '1.21.1'), values: { crds: { enabled: true } } });
    expect(messages(ok)).toEqual([]);
    const typo = helmRelease({ interval: '1h', chart: chart('cert-manager', '1.21.1'), values: { crd: { enabled: true } } });
    expect(messages(typo)).toEqual([expect.stringMatching(/^\/spec\/values: chart cert-manager 1\.21\.1 values\.schema\.json: unknown value "crd"/)]);
  });

  it('rejects a value of the wrong type for app-template (schemas split over several files)', () => {
    const bad = helmRelease({ interval: '1h', chart: chart('app-template', '4.6.2'), values: { controllers: { main: { replicas: 'two' } } } });
    expect(messages(bad).join('\n')).toMatch(/chart app-template 4\.6\.2 values\.schema\.json/);
  });

  it('lists charts without a schema instead of passing them silently', () => {
    const v = new SchemaValidator();
    v.validate(helmRelease({ interval: '1h', chart: chart('grafana', '9.0.0'), values: {} }));
    expect([...v.values.coverage.withoutSchema.keys()]).toEqual(['grafana']);
  });
});

describe('cron schedules, parsed by a real cron parser', () => {
  it('rejects a 4-field CronJob schedule, a 5-field CNPG schedule and values out of range', () => {
    expect(messages(cronJob('0 3 * * *'))).toEqual([]);
    expect(messages(cronJob('0 3 * *'))).toEqual([expect.stringMatching(/^\/spec\/schedule: invalid cron schedule: "0 3 \* \*" has 4 fields; this schedule takes 5/)]);
    expect(messages(scheduledBackup('0 0 3 * * *'))).toEqual([]);
    expect(messages(scheduledBackup('0 3 * * *'))).toEqual([expect.stringMatching(/has 5 fields; this schedule takes 6 \(seconds first\)/)]);
    expect(cronProblem('61 3 * * *', 5)).toMatch(/Invalid value for minute: 61/);
    expect(cronProblem('TZ=UTC 0 3 * * *', 5)).toMatch(/time zone/);
    expect(cronProblem('@every 1m', 5)).toBeUndefined();
    expect(cronProblem('@every soon', 5)).toMatch(/Go duration/);
    expect(cronProblem('@sometimes', 5)).toMatch(/not a cron descriptor/);
  });
});

it('npm run validate rejects every broken object the issue found accepted', () => {
  const dir = tempDir();
  const broken: Record<string, object> = {
    'pvc.yaml': pvc(['ReadWriteAlways']),
    'helmrelease.yaml': helmRelease({ interval: '1h', chart: chart('demo', '1.0.0'), chartRef: { kind: 'OCIRepository', name: 'demo' } }),
    'gateway.yaml': gateway([listener('http', 80), listener('http', 8080)]),
    'cnp.yaml': cnp('10.0.0.0/33'),
    'namespace.yaml': namespace('Bad_Name'),
    'label.yaml': namespace('labelled', { team: 'x'.repeat(64) }),
    'garage.yaml': garageCluster({ replicas: 3, deletionPolicy: 'Retain' }),
    'values.yaml': helmRelease({ interval: '1h', chart: chart('cert-manager', '1.21.1'), values: { crd: { enabled: true } } }),
    'cronjob.yaml': cronJob('0 3 * *'),
    'backup.yaml': scheduledBackup('0 3 * * *'),
  };
  mkdirSync(join(dir, 'objects'));
  for (const [f, o] of Object.entries(broken)) writeFileSync(join(dir, 'objects', f), stringify(o));
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'run.mjs'), 'validate', '--dir', join(dir, 'objects'), '--no-kustomize'], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(1);
  for (const f of Object.keys(broken)) expect(r.stderr, f).toContain(`${f}: `);
});
