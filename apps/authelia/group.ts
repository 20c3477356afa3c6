// The `authelia` namespace: the identity stack. Authelia is the OIDC provider and the portal every SSO app
// redirects to (external route for users outside the house); LLDAP is its user directory.
import { defineGroup } from '../../lib/app/define.js';

export default defineGroup({
  name: 'authelia',
  clusters: ['live'],
  props: () => ({
    profile: 'standard',
    podSecurity: 'restricted',
  }),
});
