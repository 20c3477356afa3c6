// Radarr 4K: movies in 4K (reference: apps.md §3 "sonarr, sonarr4k, radarr, radarr4k").
import { defineApp } from '../../lib/app/define.js';
import { arrApp } from './_arr.js';

export default defineApp({
  name: 'radarr4k',
  group: 'media',
  clusters: ['live'],
  props: (c) =>
    arrApp(c, {
      name: 'radarr4k',
      kind: 'radarr',
      versionKey: 'radarr4k_version',
      port: 7878,
      homepage: { name: 'Radarr 4K', icon: 'radarr.svg' },
      configSize: '5Gi',
      memoryLimit: '4Gi',
      media: true,
      externalAuth: true,
    }),
});
