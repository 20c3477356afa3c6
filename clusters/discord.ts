/** SSM parameter with the Discord webhook URL (an operator input) that Flux and Alertmanager both post to. */
export const DISCORD_WEBHOOK_SSM_KEY = '/homelab/kubernetes/shared/flux-discord-webhook';
