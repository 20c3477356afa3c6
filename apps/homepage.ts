// Homepage: the dashboard. Reads Ingresses/HTTPRoutes and nodes from the Kubernetes API (kube-api access,
// with a read-only ClusterRole from the chart), so it is declared with typed app-template values.
// Its configuration is a ConfigMap at /app/config: every file Homepage looks for is there (a missing one it
// would copy from its skeleton into the read-only mount, and fail), and services come from the routes'
// homepage annotations (kubernetes mode cluster, gateway on). Logs go to an emptyDir inside it.
import { stringify } from 'yaml';
import { defineApp } from '../lib/app/define.js';
import type { HomelabAppProps } from '../lib/app/props.js';

/** The files Homepage reads from /app/config (empty ones included: Homepage requires them to exist). */
function config(cluster: string, repositoryUrl: string): Record<string, string> {
  const yaml = (v: unknown) => stringify(v);
  return {
    'settings.yaml': yaml({
      title: 'Homelab',
      theme: 'dark',
      color: 'slate',
      headerStyle: 'clean',
      statusStyle: 'dot',
      hideVersion: true,
      layout: {
        Media: { icon: 'mdi-multimedia', style: 'row', columns: 4 },
        Apps: { icon: 'mdi-apps', style: 'row', columns: 3 },
        Platform: { icon: 'mdi-server', style: 'row', columns: 4 },
      },
    }),
    'kubernetes.yaml': yaml({ mode: 'cluster', gateway: true }),
    'widgets.yaml': yaml([
      { search: { provider: 'google', focus: true, target: '_blank' } },
      { kubernetes: { cluster: { show: true, cpu: true, memory: true, showLabel: true, label: cluster }, nodes: { show: false } } },
    ]),
    'bookmarks.yaml': yaml([
      {
        Infrastructure: [
          { GitHub: [{ href: repositoryUrl, icon: 'github.svg' }] },
          { 'AWS Console': [{ href: 'https://console.aws.amazon.com', icon: 'aws.svg' }] },
          { Cloudflare: [{ href: 'https://dash.cloudflare.com', icon: 'cloudflare.svg' }] },
          { 'Healthchecks.io': [{ href: 'https://healthchecks.io', icon: 'healthchecks.svg' }] },
        ],
      },
    ]),
    // Services are discovered from the routes; no Docker or Proxmox.
    'services.yaml': '[]\n',
    'docker.yaml': '{}\n',
    'proxmox.yaml': '{}\n',
    'custom.css': '',
    'custom.js': '',
  };
}

export default defineApp({
  name: 'homepage',
  clusters: ['live'],
  props: (c): HomelabAppProps => ({
    name: 'homepage',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    kubeApi: true,
    volumes: [
      { name: 'config', configMap: { data: config(c.cluster, c.repository.gitUrl) }, mountPath: '/app/config', readOnly: true },
      { name: 'logs', emptyDir: {}, mountPath: '/app/config/logs' },
    ],
    chart: {
      values: {
        serviceAccount: { homepage: {} },
        rbac: {
          roles: {
            homepage: {
              type: 'ClusterRole',
              rules: [
                { apiGroups: [''], resources: ['namespaces', 'pods', 'nodes'], verbs: ['get', 'list'] },
                { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes', 'gateways'], verbs: ['get', 'list'] },
                { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list'] },
              ],
            },
          },
          bindings: { homepage: { type: 'ClusterRoleBinding', roleRef: { identifier: 'homepage' }, subjects: [{ identifier: 'homepage' }] } },
        },
        defaultPodOptions: { securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } } },
        controllers: {
          homepage: {
            serviceAccount: { identifier: 'homepage' },
            containers: {
              app: {
                image: { repository: 'ghcr.io/gethomepage/homepage', tag: c.version('homepage_version') },
                env: [{ name: 'HOMEPAGE_ALLOWED_HOSTS', value: `homepage.${c.domains.internal}` }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            },
          },
        },
        service: { app: { controller: 'homepage', forceRename: 'homepage', ports: { http: { port: 3000 } } } },
      },
    },
    routes: [{ gateway: 'internal', port: 3000 }],
  }),
});
