import { isIPv4, isIPv6 } from 'node:net';
import type { Format } from 'ajv';

/**
 * The `format`s the API server validates in CRD schemas, with its semantics (apiextensions
 * JSONSchemaProps.format: "unknown formats are ignored"; cidr as Go's net.ParseCIDR, ipv4/ipv6 as
 * net.ParseIP). The CRDs at our pins use int32, int64, date-time, cidr, byte, ipv4, ipv6 and
 * idn-hostname; the last is not among the API server's formats, so it is accepted as the server does.
 */
export function kubernetesFormats(full: Record<string, Format>): Record<string, Format> {
  return {
    'date-time': full['date-time']!,
    byte: full.byte!,
    int32: full.int32!,
    int64: full.int64!,
    ipv4: (s: string) => isIPv4(s),
    ipv6: (s: string) => isIPv6(s),
    cidr: (s: string) => isCidr(s),
    hostname: full.hostname!,
    uuid: full.uuid!,
    'idn-hostname': true,
  };
}

/** Go's net.ParseCIDR: an IPv4 or IPv6 address and a prefix length that fits it (host bits allowed). */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash === -1) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}
