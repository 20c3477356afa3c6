import type { PodSecurityLevel } from '../k8s/namespace.js';
import type { SecurityContext } from './props.js';

/** Capabilities the baseline PodSecurity level allows a container to add (Kubernetes Pod Security Standards). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The container security context that satisfies `restricted` (the default for plain containers). */
export const RESTRICTED_DEFAULTS: SecurityContext = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface Violation {
  readonly field: string;
  readonly message: string;
}

/**
 * The Pod Security Standards checks for one container's effective security context at `level`
 * (admission would reject the pod for any of these). Field names are relative to the security context.
 */
export function podSecurityViolations(level: PodSecurityLevel, sc: SecurityContext): Violation[] {
  const out: Violation[] = [];
  if (level === 'privileged') return out;
  const drop = (sc.capabilities?.drop ?? []).map((c) => c.toUpperCase());
  const add = (sc.capabilities?.add ?? []).map((c) => c.toUpperCase());
  if (sc.privileged) out.push({ field: 'privileged', message: `privileged containers are not allowed at PodSecurity level "${level}"` });
  if (sc.seccompProfile?.type === 'Unconfined') out.push({ field: 'seccompProfile.type', message: `seccomp profile "Unconfined" is not allowed at PodSecurity level "${level}"` });
  const notBaseline = add.filter((c) => !BASELINE_CAPABILITIES.has(c));
  if (notBaseline.length) out.push({ field: 'capabilities.add', message: `capabilities ${notBaseline.join(', ')} are not allowed at PodSecurity level "${level}"` });
  if (level === 'baseline') return out;
  if (sc.allowPrivilegeEscalation !== false) out.push({ field: 'allowPrivilegeEscalation', message: 'must be false at PodSecurity level "restricted"' });
  if (sc.runAsNonRoot !== true) out.push({ field: 'runAsNonRoot', message: 'must be true at PodSecurity level "restricted"' });
  if (sc.runAsUser === 0) out.push({ field: 'runAsUser', message: 'must not be 0 (root) at PodSecurity level "restricted"' });
  if (!drop.includes('ALL')) out.push({ field: 'capabilities.drop', message: 'must include "ALL" at PodSecurity level "restricted"' });
  const extra = add.filter((c) => c !== 'NET_BIND_SERVICE');
  if (extra.length) out.push({ field: 'capabilities.add', message: `only NET_BIND_SERVICE may be added at PodSecurity level "restricted" (got ${extra.join(', ')})` });
  if (sc.seccompProfile?.type !== 'RuntimeDefault' && sc.seccompProfile?.type !== 'Localhost') {
    out.push({ field: 'seccompProfile.type', message: 'must be RuntimeDefault or Localhost at PodSecurity level "restricted"' });
  }
  return out;
}

/** The user's security context over the restricted defaults (user fields win). */
export function effectiveSecurityContext(sc: SecurityContext | undefined): SecurityContext {
  return { ...RESTRICTED_DEFAULTS, ...sc };
}
