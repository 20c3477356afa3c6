// Sonarr: series (reference: apps.md §3 "sonarr, sonarr4k, radarr, radarr4k").
import { defineApp } from '../../lib/app/define.js';
import { arrApp } from './_arr.js';

export default defineApp({
  name: 'sonarr',
  group: 'media',
  clusters: ['live'],
  props: (c) =>
    arrApp(c, {
      name: 'sonarr',
      kind: 'sonarr',
      versionKey: 'sonarr_version',
      port: 8989,
      homepage: { name: 'Sonarr', icon: 'sonarr.svg' },
      configSize: '5Gi',
      memoryLimit: '4Gi',
      media: true,
      externalAuth: true,
    }),
});
