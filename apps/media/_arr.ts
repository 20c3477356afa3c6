// Shared shape of the *arr apps (sonarr, sonarr4k, radarr, radarr4k, prowlarr): one config volume, the
// media areas, Postgres with a main and a log database on the primary (their migrations need session
// state, which the transaction pooler does not keep), the API key from the group, login left to
// oauth2-proxy in front of the internal route, and an in-cluster canary on /ping. Not an app file
// (the leading underscore keeps it out of discovery).
import type { AppContext } from '../../lib/app/define.js';
import type { HomelabAppProps } from '../../lib/app/props.js';

export interface ArrOptions {
  readonly name: string;
  /** Env prefix and image: sonarr, radarr or prowlarr. */
  readonly kind: 'sonarr' | 'radarr' | 'prowlarr';
  readonly versionKey: string;
  readonly port: number;
  readonly homepage: { readonly name: string; readonly icon: string };
  readonly configSize: string;
  readonly memoryLimit: string;
  /** Media areas it reads and writes (prowlarr only talks to indexers). */
  readonly media: boolean;
  /** `AUTH__METHOD=External`: the app trusts oauth2-proxy in front of it. */
  readonly externalAuth: boolean;
}

export function arrApp(c: AppContext, o: ArrOptions): HomelabAppProps {
  const env = o.kind.toUpperCase();
  const pg = c.services.postgres;
  return {
    name: o.name,
    database: { names: ['main', 'log'] },
    container: {
      image: { repository: `ghcr.io/home-operations/${o.kind}`, versionKey: o.versionKey },
      ports: [{ name: 'http', port: o.port }],
      securityContext: { runAsUser: 568, runAsGroup: 568, readOnlyRootFilesystem: true },
      fsGroup: 568,
      env: {
        [`${env}__POSTGRES__HOST`]: pg.primaryHost,
        [`${env}__POSTGRES__PORT`]: String(pg.port),
        [`${env}__POSTGRES__USER`]: pg.username,
        [`${env}__POSTGRES__PASSWORD`]: pg.password,
        [`${env}__POSTGRES__MAINDB`]: `${o.name}-main`,
        [`${env}__POSTGRES__LOGDB`]: `${o.name}-log`,
        [`${env}__AUTH__APIKEY`]: { secret: `${o.name}-api-key`, key: 'api-key' },
        ...(o.externalAuth ? { [`${env}__AUTH__METHOD`]: 'External' } : {}),
      },
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: o.memoryLimit } },
      // The first start migrates both databases, which takes minutes: the startup probe allows 155 s.
      probes: { check: { path: '/ping', port: 'http' }, startup: { initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 } },
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: o.configSize, mountPath: '/config' },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' }, mountPath: '/tmp' },
      ...(o.media
        ? [
            { name: 'library', claim: 'media-library', mountPath: '/media/library' },
            { name: 'qbittorrent-downloads', claim: 'qbittorrent-downloads', mountPath: '/downloads/qbittorrent' },
            { name: 'sabnzbd-downloads', claim: 'sabnzbd-downloads', mountPath: '/downloads/sabnzbd' },
          ]
        : []),
    ],
    routes: [{ gateway: 'internal', port: o.port, homepage: { name: o.homepage.name, group: 'Media', icon: o.homepage.icon } }],
    auth: 'oauth2-proxy',
    canary: { port: 'http', path: '/ping' },
  };
}
