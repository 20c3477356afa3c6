import { Construct } from 'constructs';
import { UnifiDnsRecord, UnifiUser } from '../generated/providers/unifi.js';

export interface StaticLease {
  readonly name: string;
  readonly mac: string;
  readonly ip: string;
}

export interface DnsARecord {
  /** Construct id and record key (`node41`, `internal-ingress-wildcard`). */
  readonly key: string;
  readonly name: string;
  readonly ip: string;
}

export interface UnifiRecordsProps {
  readonly leases: readonly StaticLease[];
  readonly records: readonly DnsARecord[];
}

/** DHCP reservations (UniFi "users" with a fixed IP) and DNS A records on the UniFi gateway. */
export class UnifiRecords extends Construct {
  constructor(scope: Construct, id: string, props: UnifiRecordsProps) {
    super(scope, id);
    for (const l of props.leases) new UnifiUser(this, `lease-${l.name}`, { name: l.name, mac: l.mac, fixed_ip: l.ip, note: 'Managed by OpenTofu (homelab inventory).' });
    for (const r of props.records) new UnifiDnsRecord(this, `dns-${r.key}`, { name: r.name, record: r.ip, type: 'A', enabled: true, ttl: 0 });
  }
}
