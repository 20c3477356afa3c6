// Recyclarr: syncs TRaSH-guide quality profiles and custom formats into the four *arr apps once a day
// (reference: apps.md §2 "recyclarr-config"). The configuration uses Recyclarr's guide templates for the
// profiles the reference keeps (1080p web and Bluray, anime, 2160p), so custom formats follow the guide.
import { stringify } from 'yaml';
import { defineApp } from '../../lib/app/define.js';
import type { AppContext } from '../../lib/app/define.js';

/** One instance of recyclarr.yml: the app's in-cluster URL, its API key from env, the guide templates. */
function instance(c: AppContext, app: string, port: number, templates: readonly string[]) {
  return { base_url: c.app(app).url(port), api_key: `!env_var ${app.toUpperCase()}_API_KEY`, include: templates.map((template) => ({ template })) };
}

export default defineApp({
  name: 'recyclarr',
  group: 'media',
  clusters: ['live'],
  props: (c) => {
    const config = {
      sonarr: {
        sonarr: instance(c, 'sonarr', 8989, [
          'sonarr-quality-definition-series',
          'sonarr-v4-quality-profile-web-1080p',
          'sonarr-v4-custom-formats-web-1080p',
          'sonarr-v4-quality-profile-anime',
          'sonarr-v4-custom-formats-anime',
        ]),
        sonarr4k: instance(c, 'sonarr4k', 8989, ['sonarr-quality-definition-series', 'sonarr-v4-quality-profile-web-2160p', 'sonarr-v4-custom-formats-web-2160p']),
      },
      radarr: {
        radarr: instance(c, 'radarr', 7878, [
          'radarr-quality-definition-movie',
          'radarr-quality-profile-hd-bluray-web',
          'radarr-custom-formats-hd-bluray-web',
          'radarr-quality-profile-anime',
          'radarr-custom-formats-anime',
        ]),
        radarr4k: instance(c, 'radarr4k', 7878, ['radarr-quality-definition-movie', 'radarr-quality-profile-uhd-bluray-web', 'radarr-custom-formats-uhd-bluray-web']),
      },
    };
    // `!env_var X` is a YAML tag Recyclarr resolves; written unquoted so it stays a tag.
    const yaml = stringify(config, { lineWidth: 0 }).replace(/'(!env_var [A-Z0-9_]+)'/g, '$1').replace(/"(!env_var [A-Z0-9_]+)"/g, '$1');
    return {
      name: 'recyclarr',
      dependsOn: ['sonarr', 'sonarr4k', 'radarr', 'radarr4k'],
      container: {
        image: { repository: 'ghcr.io/recyclarr/recyclarr', versionKey: 'recyclarr_version' },
        controller: { type: 'cronjob', schedule: '@daily' },
        args: ['sync'],
        securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
        fsGroup: 568,
        env: {
          SONARR_API_KEY: { secret: 'sonarr-api-key', key: 'api-key' },
          SONARR4K_API_KEY: { secret: 'sonarr4k-api-key', key: 'api-key' },
          RADARR_API_KEY: { secret: 'radarr-api-key', key: 'api-key' },
          RADARR4K_API_KEY: { secret: 'radarr4k-api-key', key: 'api-key' },
        },
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      },
      volumes: [
        { name: 'config-dir', storageClass: 'fast', size: '1Gi', mountPath: '/config' },
        { name: 'config', configMap: { data: { 'recyclarr.yml': yaml } }, mountPath: '/config/recyclarr.yml', subPath: 'recyclarr.yml', readOnly: true },
      ],
    };
  },
});
