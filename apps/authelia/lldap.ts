// LLDAP: the user directory Authelia authenticates against (LDAP on 3890 inside the namespace; admin UI on
// 17170 through the internal gateway). Its state lives in Postgres; its seeds come from the global stack's
// generated `lldap-secrets` in SSM.
import { defineApp } from '../../lib/app/define.js';

/** The directory's base DN (Authelia's LDAP settings name it too). */
export const LLDAP_BASE_DN = 'dc=homelab,dc=local';
const SECRET_KEYS = ['LLDAP_KEY_SEED', 'LLDAP_JWT_SECRET', 'LLDAP_LDAP_USER_PASS'];

export default defineApp({
  name: 'lldap',
  group: 'authelia',
  clusters: ['live'],
  props: (c) => ({
    name: 'lldap',
    database: {},
    secrets: { ssm: [{ name: 'lldap-secrets', data: SECRET_KEYS.map((k) => ({ secretKey: k, key: 'lldap-secrets', property: k })) }] },
    container: {
      image: { repository: 'ghcr.io/lldap/lldap', versionKey: 'lldap_version' },
      // The image's entrypoint wants root to chown /data; run the server directly as an unprivileged user.
      command: ['/app/lldap', 'run'],
      replicas: 2,
      ports: [
        { name: 'ldap', port: 3890 },
        { name: 'http', port: 17170 },
      ],
      securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
      fsGroup: 1000,
      env: {
        TZ: 'UTC',
        LLDAP_LDAP_BASE_DN: LLDAP_BASE_DN,
        LLDAP_HTTP_URL: `https://lldap.${c.domains.internal}`,
        LLDAP_DB_USER: c.services.postgres.username,
        LLDAP_DB_PASSWORD: c.services.postgres.password,
        LLDAP_DATABASE_URL: `postgres://$(LLDAP_DB_USER):$(LLDAP_DB_PASSWORD)@${c.services.postgres.host}:${c.services.postgres.port}/lldap`,
      },
      envFrom: ['lldap-secrets'],
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
      probes: { check: { path: '/health', port: 'http' }, liveness: { initialDelaySeconds: 10 }, readiness: { initialDelaySeconds: 5 } },
    },
    volumes: [{ name: 'data', emptyDir: {}, mountPath: '/data' }],
    routes: [{ gateway: 'internal', port: 17170, homepage: { name: 'LLDAP', group: 'Apps', icon: 'lldap.svg' } }],
    canary: { path: '/health', responseCodes: [200] },
  }),
});
