import { describe, expect, it } from 'vitest';
import { BOOTER_WRITABLE_PATHS, HTTP_PORT, TFTP_PORT } from '../../lib/pxe/booter.js';
import { Port } from '../../lib/netpol/ports.js';
import { Endpoints, PolicyModel } from '../../lib/netpol/reachability.js';
import { synthHomelab } from '../helpers.js';
import { model } from '../model.js';

// The PXE server as the real network boot needs it: writable exactly where booter writes, reachable only
// from the network the model names as the PXE clients' one.
const served = model.clusters.filter((c) => c.pxe);

describe('booter', () => {
  const out = synthHomelab();

  it('runs where the model says network boot is served, and only there', () => {
    expect(served.map((c) => c.name)).not.toHaveLength(0);
    for (const c of out.clusters) {
      const deployed = c.objects.some((o) => o.object.kind === 'Deployment' && o.object.metadata.name === 'booter');
      expect(deployed, c.name).toBe(served.some((s) => s.name === c.name));
    }
  });

  for (const cluster of served) {
    const objects = out.clusters.find((c) => c.name === cluster.name)!.objects.map((o) => o.object as any);

    it(`${cluster.name}: a read-only root with an emptyDir at every path booter writes (TFTP root, iPXE assets, /tmp)`, () => {
      const pod = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'booter').spec.template.spec;
      const [container] = pod.containers;
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      const mounts = Object.fromEntries(container.volumeMounts.map((m: any) => [m.mountPath, m.name]));
      for (const path of ['/var/lib/tftp', '/var/lib/ipxe', '/tmp']) {
        expect(mounts[path], path).toBeDefined();
        expect(pod.volumes.find((v: any) => v.name === mounts[path]).emptyDir, path).toEqual({});
      }
      expect(Object.keys(mounts).sort()).toEqual(Object.values(BOOTER_WRITABLE_PATHS).sort());
    });

    it(`${cluster.name}: TFTP and HTTP only from the PXE clients' subnet, never from the rest of the world`, () => {
      const m = new PolicyModel(objects);
      const booter = Endpoints.pod('booter');
      const [a, b, c] = cluster.pxe!.clientSubnet.split('.');
      const client = Endpoints.world({ ip: `${a}.${b}.${c}.200` });
      const outsider = Endpoints.world({ ip: '203.0.113.7' });
      for (const port of [Port.udp(TFTP_PORT), Port.tcp(HTTP_PORT)]) {
        const q = { protocol: port.protocol, port: port.port };
        expect(m.allows(client, booter, q), `client ${port.protocol}/${port.port}`).toBe(true);
        expect(m.allows(outsider, booter, q), `outsider ${port.protocol}/${port.port}`).toBe(false);
      }
      expect(m.allows(client, booter, { protocol: 'TCP', port: 22 })).toBe(false);
      // The policy names the subnet; no `world` entity anywhere in booter's ingress.
      const policy = objects.find((o) => o.kind === 'CiliumNetworkPolicy' && o.metadata.namespace === 'booter' && o.metadata.name === 'booter-app');
      expect(JSON.stringify(policy.spec.ingress)).not.toContain('world');
      expect(policy.spec.ingress.flatMap((r: any) => r.fromCIDR ?? [])).toEqual([cluster.pxe!.clientSubnet]);
    });
  }
});
