// Open WebUI: the chat front end of the local models (reference: apps.md §3 open-webui). It lives in `ai`
// beside ollama and talks to it in-cluster; its state is in the shared Postgres (through the pooler),
// sessions and websocket fan-out in Dragonfly, and login through Authelia (members of `ai`). The upstream
// chart is kept, so the OIDC client's issuer and replicated secret are handed to the chart's own `sso.oidc`
// values. The chart ships no values schema: every key below was checked against its documented values
// (docs/platform-charts.md), and a setting the chart has a key for is set through that key, not as raw env.
// Websockets: the chart's own Redis wiring cannot take a password from a Secret through $(VAR) (its env
// comes before extraEnvVars), so the chart enables websockets without a manager and the Dragonfly manager
// is set in extraEnvVars after the password it expands (with websocket.enabled false the chart would turn
// websocket support off outright, and the Redis settings below would be dead).
import { defineApp } from '../../lib/app/define.js';
import { CLIENT_SECRET_KEY, clientSecretName, issuerUrl } from '../../lib/identity/oidc.js';

const NAME = 'open-webui';

export default defineApp({
  name: NAME,
  group: 'ai',
  clusters: ['live'],
  props: (c) => {
    const pg = c.services.postgres;
    const df = c.services.dragonfly;
    const secretEnv = (name: string, ref: { secret: string; key: string }) => ({ name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
    const redis = (db: number) => `redis://:$(DRAGONFLY_PASS)@${df.host}:${df.port}/${db}`;
    const host = `ai.${c.domains.internal}`;
    return {
      name: NAME,
      database: {},
      cache: true,
      dependsOn: ['ollama'],
      chart: {
        name: 'open-webui',
        repository: 'https://helm.openwebui.com',
        versionKey: 'open_webui_version',
        values: {
          replicaCount: 1,
          // ollama runs beside it (apps/ai/ollama.ts); no bundled ollama, pipelines, redis or ingress.
          ollama: { enabled: false },
          ollamaUrls: [c.app('ollama').url(11434)],
          pipelines: { enabled: false },
          websocket: { enabled: true, manager: '', redis: { enabled: false } },
          // Only local models: no OpenAI endpoint (the chart's default points at api.openai.com).
          enableOpenaiApi: false,
          ingress: { enabled: false },
          databaseUrl: '',
          persistence: { enabled: true, size: '5Gi', storageClass: 'fast' },
          podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          podAnnotations: { 'reloader.stakater.com/auto': 'true' },
          resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '4Gi' } },
          // Env in order: later values read earlier ones through $(VAR).
          extraEnvVars: [
            secretEnv('DB_PASSWORD', pg.password),
            { name: 'DATABASE_URL', value: `postgresql://${NAME}:$(DB_PASSWORD)@${pg.host}:${pg.port}/${NAME}` },
            { name: 'WEBSOCKET_MANAGER', value: 'redis' },
            secretEnv('DRAGONFLY_PASS', df.password),
            { name: 'REDIS_URL', value: redis(0) },
            { name: 'WEBSOCKET_REDIS_URL', value: redis(1) },
            { name: 'WEBUI_URL', value: `https://${host}` },
            { name: 'ENABLE_SIGNUP', value: 'true' },
            { name: 'DEFAULT_USER_ROLE', value: 'user' },
          ],
          sso: {
            enabled: true,
            enableSignup: true,
            mergeAccountsByEmail: true,
            oidc: {
              enabled: true,
              clientId: NAME,
              clientExistingSecret: clientSecretName(NAME),
              clientExistingSecretKey: CLIENT_SECRET_KEY,
              providerUrl: `${issuerUrl(c.domains, 'internal')}/.well-known/openid-configuration`,
              providerName: 'Homelab',
              scopes: 'openid email profile groups',
            },
          },
          startupProbe: { httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 5, failureThreshold: 20 },
          livenessProbe: { httpGet: { path: '/health/db', port: 'http' }, periodSeconds: 30 },
          readinessProbe: { httpGet: { path: '/health/db', port: 'http' }, periodSeconds: 10 },
        },
      },
      routes: [{ gateway: 'internal', subdomain: 'ai', service: NAME, port: 80, homepage: { name: 'Open WebUI', group: 'Apps', icon: 'open-webui.svg' } }],
      sso: {
        oidc: {
          clientName: 'Open WebUI',
          redirectUris: ['/oauth/oidc/callback'],
          scopes: ['openid', 'profile', 'groups', 'email'],
          policy: { groups: ['ai'] },
          pkce: false,
          // The chart gets the internal issuer above: discovery and token calls stay on the internal gateway.
          issuer: 'internal',
        },
      },
      canary: { path: '/', responseCodes: [200, 302] },
    };
  },
});
