// Ollama: local LLM inference in namespace `ai` (internal route; pulls models over HTTPS). Other apps
// reach its API by declaring egress to it (paperless-ai features), which opens its ingress here.
import { defineApp } from '../../lib/app/define.js';

export default defineApp({
  name: 'ollama',
  group: 'ai',
  clusters: ['live'],
  props: () => ({
    name: 'ollama',
    volumes: [{ name: 'models', storageClass: 'slow', size: '100Gi', mountPath: '/models' }],
    container: {
      image: { repository: 'ollama/ollama', versionKey: 'ollama_version' },
      ports: [{ name: 'http', port: 11434 }],
      securityContext: { runAsNonRoot: false, runAsUser: 0 },
      env: { OLLAMA_HOST: '0.0.0.0:11434', OLLAMA_MODELS: '/models', OLLAMA_KEEP_ALIVE: '24h' },
      resources: { requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '16Gi' } },
      probes: { check: { path: '/', port: 11434 }, startup: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 } },
    },
    routes: [{ gateway: 'internal', port: 11434 }],
    canary: false,
  }),
});
