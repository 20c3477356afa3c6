// qBittorrent behind a WireGuard VPN (reference: apps.md §3 "qbittorrent"). gluetun runs as a native
// sidecar, so the tunnel and its kill-switch firewall are up before qBittorrent starts; every torrent byte
// leaves through tun0, and the pod's only world egress is the tunnel itself (UDP 51820) plus HTTPS for
// gluetun's server list. The pod stays out of the mesh: gluetun rewrites the pod's routes.
import { defineApp } from '../../lib/app/define.js';
import type { HomelabAppProps } from '../../lib/app/props.js';

const session = 'QBT_BitTorrent__Session__';

export default defineApp({
  name: 'qbittorrent',
  group: 'media',
  clusters: ['live'],
  props: (c): HomelabAppProps => ({
    name: 'qbittorrent',
    container: {
      image: { repository: 'ghcr.io/home-operations/qbittorrent', versionKey: 'qbittorrent_version' },
      ports: [{ name: 'http', port: 8080 }],
      securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
      fsGroup: 568,
      controller: { podLabels: { 'istio.io/dataplane-mode': 'none', 'sidecar.istio.io/inject': 'false' } },
      env: {
        QBT_WEBUI_PORT: '8080',
        [`${session}DefaultSavePath`]: '/downloads/qbittorrent',
        [`${session}TempPathEnabled`]: 'false',
        [`${session}Interface`]: 'tun0',
        [`${session}InterfaceName`]: 'tun0',
        [`${session}GlobalMaxRatio`]: '1.0',
        [`${session}GlobalMaxSeedingMinutes`]: '60',
        [`${session}ShareLimitAction`]: '3',
        [`${session}ShareLimitsMode`]: '0',
      },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '8Gi' } },
      probes: { check: { path: '/api/v2/app/version', port: 'http' }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
      sidecars: [
        {
          name: 'gluetun',
          native: true,
          image: { repository: 'ghcr.io/qdm12/gluetun', versionKey: 'gluetun_version' },
          securityContext: {
            runAsNonRoot: false,
            runAsUser: 0,
            runAsGroup: 0,
            capabilities: { add: ['NET_ADMIN', 'NET_RAW'], reason: 'gluetun creates the WireGuard tun device, the pod routes and the kill-switch firewall' },
          },
          env: {
            VPN_SERVICE_PROVIDER: 'nordvpn',
            VPN_TYPE: 'wireguard',
            WIREGUARD_PRIVATE_KEY: { secret: 'nordvpn-wireguard-credentials', key: 'WIREGUARD_PRIVATE_KEY' },
            SERVER_COUNTRIES: 'United States',
            SERVER_CATEGORIES: 'P2P',
            DNS_KEEP_NAMESERVER: 'on',
            DOT: 'off',
            // Cluster and LAN traffic bypasses the tunnel (gateway, Prometheus, the *arr apps).
            FIREWALL_OUTBOUND_SUBNETS: [c.network.podSubnet, c.network.serviceSubnet, c.network.nodeSubnet].join(','),
            FIREWALL_INPUT_PORTS: '8080,8090,9999',
            HEALTH_SERVER_ADDRESS: '0.0.0.0:9999',
          },
          ports: [{ name: 'health', port: 9999 }],
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
          probes: { check: { path: '/', port: 9999 }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 }, liveness: false, readiness: false },
        },
        {
          name: 'metrics',
          image: { repository: 'ghcr.io/martabal/qbittorrent-exporter', versionKey: 'qbittorrent_exporter_version' },
          securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
          env: { QBITTORRENT_BASE_URL: 'http://localhost:8080', EXPORTER_PORT: '8090' },
          ports: [{ name: 'metrics', port: 8090 }],
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
          probes: { check: { path: '/metrics', port: 8090 }, startup: { initialDelaySeconds: 30, periodSeconds: 5, failureThreshold: 30 } },
        },
      ],
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: '5Gi', mounts: [{ container: 'app', path: '/config' }] },
      { name: 'downloads', claim: 'qbittorrent-downloads', mounts: [{ container: 'app', path: '/downloads/qbittorrent' }] },
      { name: 'gluetun-data', emptyDir: {}, mounts: [{ container: 'app', path: '/tmp/gluetun' }, { container: 'gluetun', path: '/tmp/gluetun' }] },
    ],
    routes: [{ gateway: 'internal', port: 8080, homepage: { name: 'qBittorrent', group: 'Media', icon: 'qbittorrent.svg' } }],
    auth: 'oauth2-proxy',
    // The VPN's health endpoint: fails when the tunnel is down.
    canary: { port: 'health', path: '/' },
    serviceMonitor: { port: 'metrics' },
    egress: { world: [{ port: 51820, protocol: 'UDP', reason: 'WireGuard tunnel to NordVPN; all torrent traffic leaves through it' }] },
  }),
});
