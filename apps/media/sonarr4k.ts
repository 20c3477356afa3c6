// Sonarr 4K: series in 4K (reference: apps.md §3 "sonarr, sonarr4k, radarr, radarr4k").
import { defineApp } from '../../lib/app/define.js';
import { arrApp } from './_arr.js';

export default defineApp({
  name: 'sonarr4k',
  group: 'media',
  clusters: ['live'],
  props: (c) =>
    arrApp(c, {
      name: 'sonarr4k',
      kind: 'sonarr',
      versionKey: 'sonarr4k_version',
      port: 8989,
      homepage: { name: 'Sonarr 4K', icon: 'sonarr.svg' },
      configSize: '5Gi',
      memoryLimit: '4Gi',
      media: true,
      externalAuth: true,
    }),
});
