// Prowlarr: the indexer manager the *arr apps search through (reference: apps.md §3 "prowlarr"). Its own
// login stays (no AUTH__METHOD), like the reference; oauth2-proxy guards the route in front of it.
import { defineApp } from '../../lib/app/define.js';
import { arrApp } from './_arr.js';

export default defineApp({
  name: 'prowlarr',
  group: 'media',
  clusters: ['live'],
  props: (c) =>
    arrApp(c, { name: 'prowlarr', kind: 'prowlarr', versionKey: 'prowlarr_version', port: 9696, homepage: { name: 'Prowlarr', icon: 'prowlarr.svg' }, configSize: '2Gi', memoryLimit: '2Gi', media: false, externalAuth: false }),
});
