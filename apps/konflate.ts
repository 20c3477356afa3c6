// konflate: reviews pull requests of this repository as rendered Flux diffs (reference: apps.md §3 konflate).
// It reads the repository with a GitHub token (SSM `<cluster>/konflate/github-token`, seeded by the app's owner;
// the reference kept it one level up, outside the app's own prefix) and renders from the Kubernetes output folder, the
// root the OCI-synced clusters' Kustomization paths resolve against. Internal route; it fetches the forge,
// charts and images over HTTPS (internal-egress). Chart values are the upstream chart's (no schema shipped
// to these machines); the route, canary and scrape are ours.
import { defineApp } from '../lib/app/define.js';

const NAME = 'konflate';
const SECRET = 'konflate-secret';
const PORT = 8080;

export default defineApp({
  name: NAME,
  clusters: ['live'],
  props: (c) => {
    const github = /^https:\/\/github\.com\/([^/]+\/[^/]+)$/.exec(c.repository.gitUrl);
    if (!github) throw new Error(`konflate reviews a GitHub repository; the homelab's is ${c.repository.gitUrl}`);
    return {
      name: NAME,
      profile: 'internal-egress',
      podSecurity: 'baseline',
      secrets: { ssm: [{ name: SECRET, data: [{ secretKey: 'KONFLATE_TOKEN', key: 'konflate/github-token' }] }] },
      chart: {
        name: 'konflate',
        repository: 'oci://ghcr.io/home-operations/charts',
        versionKey: 'konflate_version',
        values: {
          config: { repo: `github://${github[1]}`, clusterPath: c.repository.kubernetesRoot },
          secret: { existingSecret: SECRET },
          service: { port: PORT },
          // Caches, the git mirror and rendered diffs survive restarts (rebuildable, so not backed up).
          persistence: { enabled: true, storageClass: 'fast', size: '5Gi' },
          monitoring: { serviceMonitor: { enabled: true } },
          deploymentAnnotations: { 'reloader.stakater.com/auto': 'true' },
          resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '1Gi' } },
        },
      },
      // The chart's ServiceMonitor needs the Prometheus operator's CRDs.
      dependsOnPlatform: ['kube-prometheus-stack-crds'],
      routes: [{ gateway: 'internal', service: NAME, port: PORT, homepage: { name: 'konflate', group: 'Platform', icon: 'flux-cd.svg' } }],
      canary: { path: '/readyz', responseCodes: [200] },
    };
  },
});
