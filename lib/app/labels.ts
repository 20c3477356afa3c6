import type { Profile } from './props.js';

/** Namespace label selecting the Cilium profile policy (Cilium reads labels, never annotations). */
export const PROFILE_LABEL = 'network-policy.homelab/profile';

export function profileLabels(profile: Profile): Record<string, string> {
  return { [PROFILE_LABEL]: profile };
}

/** `access.network-policy.homelab/<x>` for the shared-resource grants (postgres, dragonfly, garage-s3, kube-api). */
export function accessLabel(resource: string): string {
  return `access.network-policy.homelab/${resource}`;
}
