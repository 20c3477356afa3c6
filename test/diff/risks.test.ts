import { describe, expect, it } from 'vitest';
import { diffFileSets } from '../../lib/diff/diff.js';
import { isMajorBump } from '../../lib/diff/risks.js';
import { deployment, fileSet, k8s, namespace, stack } from './fixtures.js';

const obj = (apiVersion: string, kind: string, name: string, ns: string | undefined, spec: unknown = {}) => ({
  apiVersion,
  kind,
  metadata: ns ? { name, namespace: ns } : { name },
  spec,
});

function risks(base: Record<string, unknown>, head: Record<string, unknown>) {
  return diffFileSets(fileSet(base), fileSet(head)).risks;
}

describe('risk flags', () => {
  it('flags deletion of each stateful kind, and a rename as delete + create', () => {
    const stateful = {
      [k8s('live', 'a.yaml')]: namespace('database'),
      [k8s('live', 'b.yaml')]: obj('v1', 'PersistentVolumeClaim', 'data', 'database', { storageClassName: 'longhorn' }),
      [k8s('live', 'c.yaml')]: obj('postgresql.cnpg.io/v1', 'Cluster', 'pg', 'database'),
      [k8s('live', 'd.yaml')]: obj('postgresql.cnpg.io/v1', 'Database', 'app', 'database'),
      [k8s('live', 'e.yaml')]: obj('garage.rajsingh.info/v1beta1', 'GarageBucket', 'media', 'garage'),
      [k8s('live', 'f.yaml')]: obj('dragonflydb.io/v1alpha1', 'Dragonfly', 'cache', 'cache'),
      [k8s('live', 'g.yaml')]: obj('v1', 'ConfigMap', 'settings', 'database'),
    };
    expect(risks(stateful, {}).map((r) => r.where)).toEqual([
      'cluster live: core/Namespace/database',
      'cluster live: core/PersistentVolumeClaim/database/data',
      'cluster live: dragonflydb.io/Dragonfly/cache/cache',
      'cluster live: garage.rajsingh.info/GarageBucket/garage/media',
      'cluster live: postgresql.cnpg.io/Cluster/database/pg',
      'cluster live: postgresql.cnpg.io/Database/database/app',
    ]);
    const renamed = risks(
      { [k8s('live', 'b.yaml')]: obj('v1', 'PersistentVolumeClaim', 'data', 'database') },
      { [k8s('live', 'b.yaml')]: obj('v1', 'PersistentVolumeClaim', 'data-v2', 'database') },
    );
    expect(renamed).toEqual([
      {
        kind: 'stateful-deletion',
        where: 'cluster live: core/PersistentVolumeClaim/database/data',
        message: 'PersistentVolumeClaim database/data is deleted (renamed to data-v2? a rename is a delete and a create); its data goes with it',
      },
    ]);
  });

  it('flags immutable field changes (Deployment selector, PVC storage class) and not mutable ones', () => {
    const d = (labels: Record<string, string>, replicas: number) => ({ [k8s('dev', 'd.yaml')]: deployment('web', 'web', { containers: [{ name: 'app', image: 'x' }], labels, replicas }) });
    expect(risks(d({ app: 'web' }, 1), d({ app: 'web2' }, 1))).toEqual([
      {
        kind: 'immutable-field',
        where: 'cluster dev: apps/Deployment/web/web',
        message: 'immutable field changed: spec.selector.matchLabels.app (the apply fails, or the object is recreated)',
      },
    ]);
    expect(risks(d({ app: 'web' }, 1), d({ app: 'web' }, 3))).toEqual([]);
    const pvc = (sc: string, size: string) => ({ [k8s('dev', 'p.yaml')]: obj('v1', 'PersistentVolumeClaim', 'data', 'db', { storageClassName: sc, resources: { requests: { storage: size } } }) });
    expect(risks(pvc('longhorn', '1Gi'), pvc('local-path', '1Gi')).map((r) => [r.kind, r.message])).toEqual([
      ['immutable-field', 'immutable field changed: spec.storageClassName (the apply fails, or the object is recreated)'],
    ]);
    expect(risks(pvc('longhorn', '1Gi'), pvc('longhorn', '2Gi'))).toEqual([]);
    const sts = (serviceName: string) => ({ [k8s('dev', 's.yaml')]: obj('apps/v1', 'StatefulSet', 'db', 'db', { serviceName, selector: { matchLabels: { a: 'b' } } }) });
    expect(risks(sts('db'), sts('db-headless')).map((r) => r.kind)).toEqual(['immutable-field']);
  });

  it('flags a chart major bump on HelmRelease and OCIRepository, with 0.x minors counting as major', () => {
    const hr = (version: string) => ({
      [k8s('dev', 'hr.yaml')]: obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'cilium', 'kube-system', { chart: { spec: { chart: 'cilium', version } } }),
    });
    expect(risks(hr('1.19.3'), hr('2.0.0'))).toEqual([
      { kind: 'chart-major-bump', where: 'cluster dev: helm.toolkit.fluxcd.io/HelmRelease/kube-system/cilium', message: 'chart major version 1.19.3 → 2.0.0 (spec.chart.spec.version)' },
    ]);
    expect(risks(hr('1.19.3'), hr('1.20.0'))).toEqual([]);
    expect(risks(hr('0.57.0'), hr('0.58.1')).map((r) => r.kind)).toEqual(['chart-major-bump']);
    expect(risks(hr('0.58.0'), hr('0.58.1'))).toEqual([]);
    const oci = (tag: string) => ({ [k8s('dev', 'o.yaml')]: obj('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'flux-operator', 'flux-system', { ref: { tag } }) });
    expect(risks(oci('v1.2.0'), oci('v2.0.0')).map((r) => r.kind)).toEqual(['chart-major-bump']);
    expect(isMajorBump('v1.2.3', '1.9.0')).toBe(false);
    expect(isMajorBump('>=1.0.0', '2.x')).toBe(true);
    expect(isMajorBump('latest', '2.0.0')).toBe(false);
  });

  it('flags Talos machine configuration, schematic and installer image changes', () => {
    const talos = (tag: string, patch: string) => ({
      [stack('live')]: {
        resource: {
          talos_image_factory_schematic: { node1: { schematic: `customization: {}${tag === 'v1.10.0' ? '' : ' # new'}` } },
          talos_machine_configuration_apply: { node1: { node: '10.0.0.1', config_patches: [patch] } },
          null_resource: { upgrade: { triggers: { image: `factory.talos.dev/installer/abc:${tag}` } } },
          aws_s3_bucket: { b: { bucket: tag } },
        },
        data: { talos_machine_configuration: { node1: { cluster_name: 'live', talos_version: tag } } },
      },
    });
    expect(risks(talos('v1.10.0', 'a'), talos('v1.11.0', 'b')).map((r) => [r.kind, r.where, r.message])).toEqual([
      ['terraform-replace', 'stack live: aws_s3_bucket.b', 'aws_s3_bucket.b is destroyed and created again: bucket forces replacement'],
      ['terraform-replace', 'stack live: talos_image_factory_schematic.node1', 'talos_image_factory_schematic.node1 is destroyed and created again: schematic forces replacement'],
      ['talos-reconfiguration', 'stack live: data.talos_machine_configuration.node1', 'Talos machine configuration or image changed: nodes will be reconfigured or upgraded'],
      ['talos-reconfiguration', 'stack live: null_resource.upgrade', 'Talos installer image changed at triggers.image: nodes will be upgraded'],
      ['talos-reconfiguration', 'stack live: talos_image_factory_schematic.node1', 'Talos machine configuration or image changed: nodes will be reconfigured or upgraded'],
      ['talos-reconfiguration', 'stack live: talos_machine_configuration_apply.node1', 'Talos machine configuration or image changed: nodes will be reconfigured or upgraded'],
    ]);
    const upgradePlan = (version: string) => ({ [k8s('live', 'u.yaml')]: obj('tuppr.home-operations.com/v1alpha1', 'TalosUpgrade', 'talos', undefined, { talos: { version } }) });
    expect(risks(upgradePlan('v1.10.0'), upgradePlan('v1.11.0')).map((r) => [r.kind, r.message])).toEqual([['talos-upgrade', 'Talos v1.10.0 → v1.11.0: nodes will be upgraded']]);
    // An ordinary workload that happens to be called "installer" is not a Talos change.
    const job = (image: string) => ({ [k8s('live', 'j.yaml')]: deployment('installer', 'tools', { containers: [{ name: 'installer', image }] }) });
    expect(risks(job('ghcr.io/acme/installer:1.0'), job('ghcr.io/acme/installer:1.1'))).toEqual([]);
  });

  it('lists risks in a fixed order: deletions first, chart bumps last', () => {
    const base = {
      [k8s('dev', 'n.yaml')]: namespace('gone'),
      [k8s('dev', 'hr.yaml')]: obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'x', 'x', { chart: { spec: { version: '1.0.0' } } }),
    };
    const head = { [k8s('dev', 'hr.yaml')]: obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'x', 'x', { chart: { spec: { version: '2.0.0' } } }) };
    expect(risks(base, head).map((r) => r.kind)).toEqual(['stateful-deletion', 'chart-major-bump']);
  });
});
