import { describe, expect, it } from 'vitest';
import { GEOIP, LOG_RETENTION_DAYS } from '../../clusters/logging.js';
import { ssm } from '../../model/contract.js';
import { synthHomelab } from '../helpers.js';
import { clusters } from '../model.js';

// The log pipeline holds together: Alloy pushes where the Loki chart serves and Grafana reads, the geo
// database Alloy opens is the one geoipupdate writes with the credentials External Secrets provides, and the
// access logs it parses are the JSON the gateways write.
describe('log pipeline: Loki, Alloy, geo lookup', () => {
  const out = synthHomelab();
  for (const c of out.clusters) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading rendered objects
    const find = (kind: string, name: string): any => c.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name)?.object;
    const loki = c.objects.find((o) => o.object.kind === 'HelmRelease' && (o.object.spec as { chart: { spec: { chart: string } } }).chart.spec.chart === 'loki')!.object as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const alloy = find('HelmRelease', 'alloy').spec.values;
    const config = alloy.alloy.configMap.content as string;
    const lokiService = `http://${loki.metadata.name}.${loki.spec.targetNamespace ?? loki.metadata.namespace}.svc.cluster.local:3100`;

    it(`${c.name}: Loki keeps ${LOG_RETENTION_DAYS} days on the cluster's volume, one binary, TSDB v13`, () => {
      expect(loki.spec.values.deploymentMode).toBe('SingleBinary');
      expect(loki.spec.values.loki.limits_config.retention_period).toBe('336h');
      expect(loki.spec.values.loki.compactor.retention_enabled).toBe(true);
      expect(loki.spec.values.loki.schemaConfig.configs).toEqual([expect.objectContaining({ store: 'tsdb', schema: 'v13', from: '2024-04-01' })]);
      expect(loki.spec.values.singleBinary.persistence.size).toBe(clusters[c.name as keyof typeof clusters].storageSizes.loki);
      expect(loki.spec.values.monitoring.serviceMonitor.enabled).toBe(true);
    });

    it(`${c.name}: Alloy pushes to the Service Grafana reads, with the labels the dashboards select on`, () => {
      expect(config).toContain(`url = "${lokiService}/loki/api/v1/push"`);
      const grafana = find('HelmRelease', 'grafana').spec.values.datasources['datasources.yaml'].datasources.find((d: { type: string }) => d.type === 'loki');
      expect(grafana.url).toBe(lokiService);
      for (const label of ['namespace', 'pod', 'container', 'app', 'node', 'gateway', 'job']) expect(config).toContain(`target_label  = "${label}"`);
      expect(alloy.alloy.extraEnv).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
      expect(config).toContain('sys.env("NODE_NAME")');
    });

    it(`${c.name}: the geo database Alloy opens is the one geoipupdate writes with the MaxMind secret from SSM`, () => {
      const mount = alloy.alloy.mounts.extra[0];
      expect(config).toContain(`db      = "${mount.mountPath}/${GEOIP.edition}.mmdb"`);
      const containers = [...alloy.controller.initContainers, ...alloy.controller.extraContainers];
      expect(containers.map((x: { name: string }) => x.name)).toEqual(['geoipupdate', 'geoipupdate-refresh']);
      for (const x of containers) {
        expect(x.volumeMounts).toEqual([{ name: mount.name, mountPath: mount.mountPath }]);
        expect(x.env).toEqual(expect.arrayContaining([{ name: 'GEOIPUPDATE_DB_DIR', value: mount.mountPath }, { name: 'GEOIPUPDATE_EDITION_IDS', value: GEOIP.edition }]));
        const es = find('ExternalSecret', x.envFrom[0].secretRef.name);
        expect(es.metadata.namespace).toBe('monitoring');
        expect(es.spec.data.map((d: { secretKey: string; remoteRef: { key: string } }) => [d.secretKey, d.remoteRef.key])).toEqual([
          ['GEOIPUPDATE_ACCOUNT_ID', ssm.maxmindGeoip],
          ['GEOIPUPDATE_LICENSE_KEY', ssm.maxmindGeoip],
        ]);
      }
      expect(alloy.controller.volumes.extra).toEqual([{ name: mount.name, emptyDir: {} }]);
    });

    it(`${c.name}: the geo stage reads the JSON access log of a Gateway the cluster declares`, () => {
      expect(find('HelmRelease', 'istiod').spec.values.meshConfig).toMatchObject({ accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON' });
      const selector = /selector = "\{namespace=\\"([^\\]+)\\", gateway=\\"([^\\]+)\\"\}"/.exec(config)!;
      expect(c.objects.some((o) => o.object.kind === 'Gateway' && o.object.metadata.namespace === selector[1] && o.object.metadata.name === selector[2])).toBe(true);
    });
  }
});
