import { SynthError } from '../core/errors.js';
import { callerLocation } from '../core/stack.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One port (or inclusive range) on one protocol. Ports are always explicit: see {@link AnyPortAllowance}. */
export class Port {
  static tcp(port: number): Port {
    return new Port('TCP', port);
  }
  static udp(port: number): Port {
    return new Port('UDP', port);
  }
  /** Inclusive range, e.g. `Port.tcpRange(9500, 9504)`. */
  static tcpRange(from: number, to: number): Port {
    return new Port('TCP', from, to);
  }
  /** The same port on TCP and UDP (e.g. DNS). */
  static tcpAndUdp(port: number): [Port, Port] {
    return [Port.udp(port), Port.tcp(port)];
  }

  private constructor(
    readonly protocol: Protocol,
    readonly port: number,
    readonly endPort?: number,
  ) {
    const ok = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
    if (!ok(port) || (endPort !== undefined && (!ok(endPort) || endPort <= port))) {
      throw new SynthError(callerLocation('lib/netpol/ports.ts'), `invalid port ${port}${endPort !== undefined ? `-${endPort}` : ''} (1-65535, range end above start)`, 'port');
    }
  }

  /** `tcp/443` or `tcp/9500-9504`: the notation of the connectivity report. */
  toString(): string {
    return `${this.protocol.toLowerCase()}/${this.port}${this.endPort !== undefined ? `-${this.endPort}` : ''}`;
  }

  get last(): number {
    return this.endPort ?? this.port;
  }
}

/**
 * Permission for one rule to leave its ports open (every port and protocol). Only an {@link AnyPortAllowlist}
 * makes these, and each carries the reason reviewers read in the connectivity report.
 */
export class AnyPortAllowance {
  /** @internal */
  constructor(
    readonly id: string,
    readonly reason: string,
    private readonly uses: string[],
  ) {}

  /** @internal records which rule used the allowance (for the report). */
  use(where: string): void {
    this.uses.push(where);
  }

  get usedBy(): readonly string[] {
    return [...this.uses].sort();
  }
}

/** The one list of reasons a rule may allow every port (platform.md §7.5, SPEC §3.4). */
export class AnyPortAllowlist<K extends string = string> {
  private readonly entries = new Map<string, AnyPortAllowance>();

  constructor(
    /** Where the list is declared (named in errors). */
    readonly where: string,
    reasons: Readonly<Record<K, string>>,
  ) {
    for (const [id, reason] of Object.entries<string>(reasons)) {
      if (reason.trim().length < 10) throw new SynthError(where, `any-port allowlist entry "${id}" needs a real reason`, id);
      this.entries.set(id, new AnyPortAllowance(id, reason, []));
    }
  }

  entry(id: K): AnyPortAllowance {
    const e = this.entries.get(id);
    if (!e) throw new SynthError(this.where, `no any-port allowlist entry "${id}" (known: ${[...this.entries.keys()].join(', ')})`, id);
    return e;
  }

  /** Every entry, sorted by id. */
  all(): readonly AnyPortAllowance[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
