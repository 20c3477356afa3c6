// Jellyfin: the media server, public at watch.<external domain>, transcoding on the GPU (reference:
// apps.md §3 "jellyfin"). Users log in through Authelia (the SSO plugin, configured in Jellyfin's UI, uses
// the registered client) or LDAP against LLDAP. Out of the mesh like the reference (istio #60074/#60767).
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'jellyfin',
  group: 'media',
  clusters: ['live'],
  props: () => ({
    name: 'jellyfin',
    dependsOnPlatform: ['nvidia-device-plugin'],
    container: {
      image: { repository: 'jellyfin/jellyfin', versionKey: 'jellyfin_version' },
      ports: [{ name: 'http', port: 8096 }],
      gpu: true,
      securityContext: { runAsUser: 568, runAsGroup: 568 },
      fsGroup: 568,
      controller: { podLabels: { 'istio.io/dataplane-mode': 'none' } },
      resources: { requests: { cpu: '4', memory: '512Mi' }, limits: { memory: '16Gi' } },
      probes: { check: { path: '/health', port: 'http' }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 60 } },
    },
    volumes: [
      { name: 'config', storageClass: 'fast', size: '20Gi', mountPath: '/config' },
      { name: 'cache', storageClass: 'fast', size: '20Gi', mountPath: '/cache', backup: false },
      { name: 'transcodes', storageClass: 'fast-ephemeral', size: '200Gi', mountPath: '/transcodes', backup: false },
      { name: 'library', claim: 'media-library', mountPath: '/media/library' },
    ],
    routes: [{ gateway: 'external', subdomain: 'watch', port: 8096, homepage: { name: 'Jellyfin', group: 'Media', icon: 'jellyfin.svg' } }],
    canary: { path: '/health', responseCodes: [200] },
    // Streams are long requests: only a minute-long response is slow (the reference's threshold).
    slo: { latencyMs: 60000 },
    sso: {
      oidc: {
        clientName: 'Jellyfin',
        redirectUris: ['/sso/OID/redirect/authelia'],
        scopes: ['openid', 'profile', 'groups'],
        policy: { groups: ['jellyfin_users', 'jellyfin_admins'] },
        tokenEndpointAuthMethod: 'client_secret_post',
        unsignedUserinfo: true,
      },
    },
    egress: { apps: [{ app: 'lldap', port: 3890, protocol: 'TCP' }] },
  }),
});
