// IT-Tools: static developer utilities (internal, no egress beyond DNS). Its nginx needs to start as
// root and bind :80, which the baseline level permits with the default capability set.
import { defineApp } from '../lib/app/define.js';

export default defineApp({
  name: 'it-tools',
  clusters: ['live'],
  props: () => ({
    name: 'it-tools',
    profile: 'internal',
    podSecurity: 'baseline',
    container: {
      image: { repository: 'ghcr.io/corentinth/it-tools', versionKey: 'it_tools_version' },
      ports: [{ name: 'http', port: 80 }],
      securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'], reason: 'nginx starts as root, binds :80 and switches to its own user' } },
      resources: { requests: { cpu: '5m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      probes: { check: { path: '/', port: 80 }, liveness: { initialDelaySeconds: 5 }, readiness: { initialDelaySeconds: 5 } },
    },
    routes: [{ gateway: 'internal', port: 80 }],
  }),
});
