// Tdarr node: a GPU transcoding worker for the Tdarr server (reference: apps.md §3). No Service: it
// connects out to the server. Out of the mesh like jellyfin.
import { defineApp } from '../../lib/app/define.js';
import { TDARR_ENV, TDARR_SECURITY } from './_tdarr.js';

export default defineApp({
  name: 'tdarr-node',
  group: 'media',
  clusters: ['live'],
  props: (c) => ({
    name: 'tdarr-node',
    dependsOn: ['tdarr'],
    dependsOnPlatform: ['nvidia-device-plugin'],
    canary: false,
    container: {
      image: { repository: 'ghcr.io/haveagitgat/tdarr_node', versionKey: 'tdarr_node_version' },
      command: ['/app/Tdarr_Node/Tdarr_Node'],
      gpu: true,
      securityContext: TDARR_SECURITY,
      fsGroup: 568,
      controller: { podLabels: { 'istio.io/dataplane-mode': 'none' } },
      env: {
        ...TDARR_ENV,
        nodeName: 'gpu-worker',
        serverURL: c.app('tdarr').url(8266),
        NVIDIA_DRIVER_CAPABILITIES: 'all',
        NVIDIA_VISIBLE_DEVICES: 'all',
      },
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '16Gi' } },
    },
    volumes: [
      { name: 'library', claim: 'media-library', mountPath: '/media/library' },
      { name: 'transcode-cache', emptyDir: {}, mountPath: '/app/transcode_cache' },
      { name: 'run', emptyDir: {}, mountPath: '/run' },
    ],
  }),
});
