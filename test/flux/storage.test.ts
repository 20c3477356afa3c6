import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors.js';
import { synthHomelab } from '../helpers.js';
import { clusters } from '../model.js';
import { depsOf, miniCluster } from './helpers.js';

describe('storage classes', () => {
  it('a claim depends on the unit that declares its storage class', () => {
    const { tree, unit, ns, obj } = miniCluster();
    ns('web');
    const storage = unit('longhorn-storage', 'config/longhorn-storage');
    obj(storage, 'fast', 'storage.k8s.io/v1', 'StorageClass', 'fast');
    const web = unit('web', 'apps/web');
    obj(web, 'pvc', 'v1', 'PersistentVolumeClaim', 'data', 'web', { storageClassName: 'fast', accessModes: ['ReadWriteOnce'] });
    tree.finalize();
    expect(depsOf(tree, 'web')).toContain('longhorn-storage');
  });

  it('a claim on a storage class no unit declares is a synth error naming the field', () => {
    const { tree, unit, ns, obj } = miniCluster();
    ns('web');
    const web = unit('web', 'apps/web');
    obj(web, 'pvc', 'v1', 'PersistentVolumeClaim', 'data', 'web', { storageClassName: 'turbo' });
    expect(() => tree.finalize()).toThrowError(SynthError);
    expect(() => tree.finalize()).toThrowError(/\(spec\.storageClassName\): .*references StorageClass "turbo", which no unit of this cluster declares/);
  });

  const out = synthHomelab();
  const objects = (cluster: string) => out.clusters.find((c) => c.name === cluster)!.objects.map((o) => o.object as Record<string, any>);

  for (const cluster of ['dev', 'integration', 'live']) {
    it(`${cluster}: every claim's class is declared, Longhorn-provisioned, and replicated per the cluster model`, () => {
      const classes = new Map(objects(cluster).filter((o) => o.kind === 'StorageClass').map((o) => [o.metadata.name, o]));
      expect([...classes.keys()].sort()).toEqual(['fast', 'fast-ephemeral', 'slow', 'slow-media']);
      for (const c of classes.values()) expect(c.provisioner).toBe('driver.longhorn.io');
      for (const pvc of objects(cluster).filter((o) => o.kind === 'PersistentVolumeClaim')) expect(classes.has(pvc.spec.storageClassName), pvc.metadata.name).toBe(true);
      expect(classes.get('fast')!.parameters.numberOfReplicas).toBe(cluster === 'dev' ? '1' : '3');
      // A class selects its disk tag exactly where the cluster's disks carry it: never pin volumes to a missing tag.
      const tags = clusters[cluster as keyof typeof clusters].diskTags;
      expect(classes.get('fast')!.parameters.diskSelector).toBe(tags.includes('fast') ? 'fast' : undefined);
      expect(classes.get('slow')!.parameters.diskSelector).toBe(tags.includes('slow') ? 'slow' : undefined);
    });
  }
});
