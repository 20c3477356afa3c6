// Homepage: the dashboard. Reads Ingresses/HTTPRoutes and nodes from the Kubernetes API (kube-api access,
// with a read-only ClusterRole from the chart), so it is declared with typed app-template values.
import { defineApp } from '../lib/app/define.js';
import type { HomelabAppProps } from '../lib/app/props.js';

export default defineApp({
  name: 'homepage',
  clusters: ['live'],
  props: (c): HomelabAppProps => ({
    name: 'homepage',
    profile: 'internal-egress',
    podSecurity: 'baseline',
    kubeApi: true,
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
