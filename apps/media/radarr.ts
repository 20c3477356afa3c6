// Radarr: movies (reference: apps.md §3 "sonarr, sonarr4k, radarr, radarr4k").
import { defineApp } from '../../lib/app/define.js';
import { arrApp } from './_arr.js';

export default defineApp({
  name: 'radarr',
  group: 'media',
  clusters: ['live'],
  props: (c) =>
    arrApp(c, {
      name: 'radarr',
      kind: 'radarr',
      versionKey: 'radarr_version',
      port: 7878,
      homepage: { name: 'Radarr', icon: 'radarr.svg' },
      configSize: '5Gi',
      memoryLimit: '4Gi',
      media: true,
      externalAuth: true,
    }),
});
