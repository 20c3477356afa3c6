// The `media` namespace (reference: apps.md §2 "media"): the 18 apps of the media stack share it, the
// library on an existing 10 Ti Longhorn volume, the two download areas, the API keys the *arr apps and
// their helpers use, and the VPN credentials. Privileged: qbittorrent's VPN sidecar needs NET_ADMIN.
import { defineGroup } from '../../lib/app/define.js';

/** Apps that call an *arr API (the homepage widgets) may copy these keys. */
const API_KEY_READERS = ['homepage'];
const apiKey = (app: string) => ({ name: `${app}-api-key`, keys: ['api-key'], length: 32, encoding: 'hex' as const, replicateTo: API_KEY_READERS });

export default defineGroup({
  name: 'media',
  clusters: ['live'],
  props: () => ({
    profile: 'standard',
    podSecurity: 'privileged',
    backup: true,
    volumes: [
      {
        name: 'media-library',
        storageClass: 'slow-media',
        size: '10Ti',
        accessMode: 'ReadWriteMany',
        backup: false,
        // The library predates this repository: bind its Longhorn volume, never provision a new one.
        existingVolume: { volumeHandle: 'pvc-cd6ba345-906b-4a8a-be87-bbc8328b3219', fsType: 'xfs', numberOfReplicas: 3 },
      },
      { name: 'qbittorrent-downloads', storageClass: 'fast-ephemeral', size: '250Gi', accessMode: 'ReadWriteMany', backup: false },
      { name: 'sabnzbd-downloads', storageClass: 'fast-ephemeral', size: '250Gi', accessMode: 'ReadWriteMany', backup: false },
    ],
    secrets: {
      generated: ['sonarr', 'sonarr4k', 'radarr', 'radarr4k', 'prowlarr', 'bazarr', 'sabnzbd'].map(apiKey),
      ssm: [
        { name: 'nordvpn-wireguard-credentials', data: [{ secretKey: 'WIREGUARD_PRIVATE_KEY', key: 'media/nordvpn-wireguard', property: 'WIREGUARD_PRIVATE_KEY' }] },
        { name: 'jellyfin-exporter-api-token', data: [{ secretKey: 'JELLYFIN_TOKEN', key: 'media/jellyfin-exporter-api-token' }] },
      ],
    },
  }),
});
