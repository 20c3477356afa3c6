import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ClusterConfig } from '../model/index.js';

// Plain ApiObjects with the CRDs' field names (localASN, peerASN...): the generated cilium binding is
// large and the synth path stays lean. Schema-checked against the CRDs by the validation step.
const V2 = 'cilium.io/v2';

/** Interfaces L2 announcements answer ARP on (every node has one active-backup bond, infra.md §1). */
export const L2_INTERFACES = ['bond0'] as const;

/**
 * LoadBalancer addressing of one cluster, from the typed network model: the cluster's address pool, BGP
 * peering with the site router (the cluster's own ASN), advertisement of LoadBalancer IPs, and L2
 * announcements on the node bond so the addresses also answer on the flat node subnet.
 */
export function addCiliumConfig(scope: Construct, cluster: ClusterConfig): void {
  const { network, bgp } = cluster;
  new ApiObject(scope, 'pool', {
    apiVersion: V2,
    kind: 'CiliumLoadBalancerIPPool',
    metadata: { name: 'default' },
    spec: { blocks: [{ start: network.ipPool.start, stop: network.ipPool.stop }] },
  });
  new ApiObject(scope, 'bgp-cluster', {
    apiVersion: V2,
    kind: 'CiliumBGPClusterConfig',
    metadata: { name: 'default' },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/os': 'linux' } },
      bgpInstances: [{
        name: `${cluster.name}-${network.bgpAsn}`,
        localASN: network.bgpAsn,
        peers: [{ name: 'router', peerASN: bgp.routerAsn, peerAddress: bgp.routerIp, peerConfigRef: { name: 'router' } }],
      }],
    },
  });
  new ApiObject(scope, 'bgp-peer', {
    apiVersion: V2,
    kind: 'CiliumBGPPeerConfig',
    metadata: { name: 'router' },
    spec: {
      gracefulRestart: { enabled: true },
      families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } }],
    },
  });
  new ApiObject(scope, 'bgp-advertisement', {
    apiVersion: V2,
    kind: 'CiliumBGPAdvertisement',
    metadata: { name: 'loadbalancer-ips', labels: { advertise: 'bgp' } },
    spec: {
      advertisements: [{
        advertisementType: 'Service',
        service: { addresses: ['LoadBalancerIP'] },
        // every Service: an empty selector would match none
        selector: { matchExpressions: [{ key: 'homelab.io/no-bgp', operator: 'DoesNotExist' }] },
      }],
    },
  });
  new ApiObject(scope, 'l2', {
    apiVersion: 'cilium.io/v2alpha1',
    kind: 'CiliumL2AnnouncementPolicy',
    metadata: { name: 'default' },
    spec: { loadBalancerIPs: true, interfaces: [...L2_INTERFACES], nodeSelector: { matchLabels: { 'kubernetes.io/os': 'linux' } } },
  });
}
