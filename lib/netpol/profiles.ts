import { Port } from './ports.js';

/** The two Gateways of a cluster (istio-gateway): `internal` (internal domain) and `external` (public domain). */
export const GATEWAYS = ['internal', 'external'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** What one application profile admits: gateway ingress and world egress (platform.md §2b). */
export interface ProfileSpec {
  /** Gateways whose pods may reach the namespace (any port: the gateway proxies to whatever the route targets). */
  readonly gateways: readonly GatewayName[];
  /** World egress ports (internal-egress keeps tcp/80 for plain-HTTP fetches). */
  readonly worldEgress: readonly Port[];
}

/**
 * The application profiles, the one table every consumer reads: the profile policies (system.ts), the
 * world-egress invariant, app validation (a route's gateway must be admitted by the profile) and the docs.
 * Key order is the order the profile policies are emitted in.
 */
export const PROFILE_TABLE = {
  isolated: { gateways: [], worldEgress: [] },
  internal: { gateways: ['internal'], worldEgress: [] },
  'internal-egress': { gateways: ['internal'], worldEgress: [Port.tcp(80), Port.tcp(443)] },
  standard: { gateways: ['external', 'internal'], worldEgress: [Port.tcp(443)] },
} as const satisfies Record<string, ProfileSpec>;

export type Profile = keyof typeof PROFILE_TABLE;
/** The profile names, in table order. */
export const PROFILES = Object.keys(PROFILE_TABLE) as [Profile, ...Profile[]];

export function isProfile(x: unknown): x is Profile {
  return typeof x === 'string' && Object.hasOwn(PROFILE_TABLE, x);
}

/** The spec of a profile. */
export function profileSpec(profile: Profile): ProfileSpec {
  return PROFILE_TABLE[profile];
}

/** Whether `profile` admits ingress from gateway `gateway`. */
export function profileAdmits(profile: Profile, gateway: GatewayName): boolean {
  return (profileSpec(profile).gateways as readonly GatewayName[]).includes(gateway);
}

/** The profiles admitting `gateway` (for error messages). */
export function profilesAdmitting(gateway: GatewayName): Profile[] {
  return PROFILES.filter((p) => profileAdmits(p, gateway));
}
