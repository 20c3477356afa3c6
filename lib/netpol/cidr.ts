import { SynthError } from '../core/errors.js';

/**
 * A CIDR with a name. Policies never spell IP literals: they take one of these, declared once in the
 * composition from the networking model (platform.md §7.4).
 */
export class NamedCidr {
  static of(name: string, cidr: string): NamedCidr {
    return new NamedCidr(name, cidr);
  }
  /** A single host (`/32`). */
  static host(name: string, ip: string): NamedCidr {
    return new NamedCidr(name, `${ip}/32`);
  }

  readonly network: number;
  readonly prefix: number;

  private constructor(
    readonly name: string,
    readonly cidr: string,
  ) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const prefix = m ? Number(m[5]) : -1;
    if (!m || octets.some((o) => o > 255) || prefix > 32) throw new SynthError(`NamedCidr ${name}`, `"${cidr}" is not an IPv4 CIDR`, 'cidr');
    this.prefix = prefix;
    this.network = ipToInt(octets.join('.'));
    if ((this.network & mask(prefix)) >>> 0 !== this.network) {
      throw new SynthError(`NamedCidr ${name}`, `"${cidr}" has host bits set`, 'cidr');
    }
  }

  contains(ip: string): boolean {
    return cidrContains(this.cidr, ip);
  }
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) + Number(o)) >>> 0, 0);
}

/** Whether an IPv4 CIDR contains an address. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [net, p] = cidr.split('/');
  const prefix = Number(p);
  return ((ipToInt(ip) & mask(prefix)) >>> 0) === ((ipToInt(net!) & mask(prefix)) >>> 0);
}
