// What the Tdarr server and its GPU nodes share: both images start as root, chown their folders and drop to
// PUID/PGID 568, so they keep exactly the capabilities that needs. Not an app file (leading underscore).
import type { HomelabAppProps } from '../../lib/app/props.js';

export const TDARR_SECURITY: NonNullable<HomelabAppProps['container']>['securityContext'] = {
  runAsNonRoot: false,
  runAsUser: 0,
  runAsGroup: 0,
  capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'], reason: 'the entrypoint chowns its folders and drops to PUID/PGID 568' },
};

/** The user the processes drop to, and the time zone of their logs. */
export const TDARR_ENV = { TZ: 'UTC', PUID: '568', PGID: '568' } as const;
