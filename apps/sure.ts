// Sure: personal finance (reference: apps.md §3 sure). A Rails app: each pod runs the web server and a
// Sidekiq worker from the same image, both on the shared Postgres (the primary directly: the transaction
// pooler breaks Rails migrations and advisory locks), Dragonfly for jobs, and a Garage bucket for uploads.
// Login through Authelia; AI categorisation through the local ollama; account sync through the three
// financial-data APIs it names, and nothing else on the internet (internal profile).
import { defineApp } from '../lib/app/define.js';

const MODEL = 'qwen2.5:7b-instruct-q8_0';
const SECRET = 'sure-secret';
const MCP = 'sure-mcp-credentials';
const SNAPTRADE = 'sure-snaptrade-credentials';

export default defineApp({
  name: 'sure',
  clusters: ['live'],
  props: (c) => {
    const pg = c.services.postgres;
    const df = c.services.dragonfly;
    const s3 = c.services.s3;
    const host = `sure.${c.domains.internal}`;
    // What the web server and the worker both read (env order matters: later values use $(EARLIER)).
    const shared = {
      SELF_HOSTED: 'true',
      RAILS_LOG_TO_STDOUT: 'true',
      DB_HOST: pg.primaryHost,
      DB_PORT: String(pg.port),
      POSTGRES_DB: 'sure',
      POSTGRES_USER: 'sure',
      POSTGRES_PASSWORD: pg.password,
      DRAGONFLY_PASSWORD: df.password,
      REDIS_URL: `redis://:$(DRAGONFLY_PASSWORD)@${df.host}:${df.port}/1`,
      SECRET_KEY_BASE: { secret: SECRET, key: 'secret-key-base' },
      ACTIVE_STORAGE_SERVICE: 'generic_s3',
      GENERIC_S3_BUCKET: 'sure',
      GENERIC_S3_REGION: s3.region,
      GENERIC_S3_ENDPOINT: s3.endpoint,
      GENERIC_S3_FORCE_PATH_STYLE: 'true',
      GENERIC_S3_ACCESS_KEY_ID: s3.accessKeyId,
      GENERIC_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      SNAPTRADE_OAUTH_CLIENT_ID: { secret: SNAPTRADE, key: 'oauth-client-id' },
      // Ollama's OpenAI-compatible API; the token is a placeholder ollama ignores (it has no auth).
      OPENAI_ACCESS_TOKEN: 'ollama-local',
      OPENAI_URI_BASE: c.app('ollama').url(11434, { path: '/v1' }),
      OPENAI_MODEL: MODEL,
      LLM_CONTEXT_WINDOW: '8192',
      LLM_MAX_RESPONSE_TOKENS: '4096',
      OPENAI_REQUEST_TIMEOUT: '300',
      LLM_JSON_MODE: 'none',
    };
    const rails = { runAsUser: 1000, runAsGroup: 1000 };
    return {
      name: 'sure',
      profile: 'internal',
      podSecurity: 'baseline',
      database: {},
      cache: true,
      bucket: {},
      secrets: {
        ssm: [{ name: SNAPTRADE, data: [{ secretKey: 'oauth-client-id', key: 'sure/snaptrade-oauth-client-id' }] }],
        generated: [
          { name: SECRET, keys: ['secret-key-base'], length: 128, encoding: 'hex' },
          { name: MCP, keys: ['mcp-api-token'], length: 32, encoding: 'base64' },
        ],
      },
      container: {
        image: { repository: 'ghcr.io/we-promise/sure', versionKey: 'sure_version' },
        replicas: 2,
        controller: { strategy: 'RollingUpdate' },
        ports: [{ name: 'http', port: 3000 }],
        securityContext: rails,
        env: {
          ...shared,
          RAILS_FORCE_SSL: 'false',
          RAILS_ASSUME_SSL: 'true',
          APP_DOMAIN: host,
          OIDC_REDIRECT_URI: `https://${host}/auth/openid_connect/callback`,
          OIDC_BUTTON_LABEL: 'Sign in with Authelia',
          OIDC_BUTTON_ICON: 'shield',
          MCP_API_TOKEN: { secret: MCP, key: 'mcp-api-token' },
          MCP_USER_EMAIL: 'ionfury@gmail.com',
        },
        resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '8Gi' } },
        probes: { check: { path: '/up', port: 'http' }, startup: { initialDelaySeconds: 15, periodSeconds: 5, failureThreshold: 30 } },
        sidecars: [
          {
            name: 'worker',
            image: { repository: 'ghcr.io/we-promise/sure', versionKey: 'sure_version' },
            command: ['bundle', 'exec', 'sidekiq'],
            env: shared,
            securityContext: rails,
            resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '4Gi' } },
          },
        ],
      },
      routes: [{ gateway: 'internal', port: 3000, homepage: { name: 'Sure', group: 'Apps', icon: 'si-moneygram' } }],
      sso: {
        oidc: {
          clientName: 'Sure',
          redirectUris: ['/auth/openid_connect/callback'],
          policy: 'two_factor',
          pkce: false,
          // The internal issuer keeps login traffic on the internal gateway (the profile has no world egress).
          issuer: 'internal',
          env: { issuer: 'OIDC_ISSUER', clientId: 'OIDC_CLIENT_ID', clientSecret: 'OIDC_CLIENT_SECRET' },
        },
      },
      canary: { path: '/up', responseCodes: [200] },
      egress: {
        fqdns: [
          { name: 'beta-bridge.simplefin.org', port: 443 },
          { name: 'api.snaptrade.com', port: 443 },
          { name: 'api.twelvedata.com', port: 443 },
        ],
      },
    };
  },
});
