// The `ai` namespace: local inference (ollama) and its UIs share it, and through it the GPU node.
import { defineGroup } from '../../lib/app/define.js';

export default defineGroup({
  name: 'ai',
  clusters: ['live'],
  props: () => ({
    profile: 'internal-egress',
    podSecurity: 'baseline',
  }),
});
