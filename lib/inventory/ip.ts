/** Small IPv4 helpers for the inventory: parse, compare, subnet membership. No dependencies. */

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** A MAC address in the canonical lower-case, colon-separated form (`ac:1f:6b:2d:bf:ee`). */
export function isMac(value: string): boolean {
  return MAC.test(value);
}

export function isCidr(value: string): boolean {
  const [ip, len, extra] = value.split('/');
  if (extra !== undefined || ip === undefined || len === undefined || !isIpv4(ip) || !/^\d{1,2}$/.test(len)) return false;
  const prefix = Number(len);
  if (prefix > 32) return false;
  // The address must be the network address (no host bits set).
  return (ipToInt(ip) & maskOf(prefix)) >>> 0 === ipToInt(ip);
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export interface Subnet {
  readonly network: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): Subnet {
  const [ip, len] = cidr.split('/');
  return { network: ipToInt(ip!), prefix: Number(len) };
}

/** The prefix length of a CIDR (`192.168.10.0/24` → 24). */
export function prefixLength(cidr: string): number {
  return parseCidr(cidr).prefix;
}

/** True when `ip` is a usable host address of `cidr` (not the network or broadcast address, for prefixes < 31). */
export function inSubnet(ip: string, cidr: string): boolean {
  const { network, prefix } = parseCidr(cidr);
  const n = ipToInt(ip);
  if ((n & maskOf(prefix)) >>> 0 !== network) return false;
  if (prefix >= 31) return true;
  const broadcast = (network | ~maskOf(prefix)) >>> 0;
  return n !== network && n !== broadcast;
}

/** Every address from `start` to `stop`, inclusive. */
export function ipRange(start: string, stop: string): string[] {
  const out: string[] = [];
  for (let n = ipToInt(start); n <= ipToInt(stop); n++) out.push(intToIp(n));
  return out;
}

/** True when two CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const prefix = Math.min(x.prefix, y.prefix);
  return (x.network & maskOf(prefix)) >>> 0 === (y.network & maskOf(prefix)) >>> 0;
}
