import { SynthError } from '../core/errors.js';
import { accessLabel } from './labels.js';
import { Peer } from './peers.js';
import type { ClusterPolicy } from './policy.js';
import type { Port } from './ports.js';

/** Something a namespace can be granted by carrying an access label (`access.network-policy.homelab/<name>`). */
export interface Access {
  /** Short name, e.g. `postgres`. */
  readonly name: string;
  /** The namespace label key that grants it. */
  readonly label: string;
}

/** A namespace that can receive access labels. */
export interface AccessGrantee {
  readonly name: string;
  addAccessLabel(access: Access): void;
}

/** Access that is egress-only (the kube-apiserver): granted by label, no provider side. */
export class EgressOnlyAccess implements Access {
  readonly label: string;
  constructor(readonly name: string) {
    this.label = accessLabel(name);
  }
  grant(ns: AccessGrantee): void {
    ns.addAccessLabel(this);
  }
}

/** The provider side of a shared resource: a namespace with a hand-crafted policy. */
export interface ProviderNamespace {
  readonly name: string;
  readonly policy: { allowFrom(peer: Peer, port: Port, ...more: Port[]): unknown };
}

export interface SharedResourceProps {
  /** Short name; the access label is `access.network-policy.homelab/<name>`. */
  readonly name: string;
  /** The namespace serving it (its hand-crafted policy receives the ingress half). */
  readonly provider: ProviderNamespace;
  readonly port: Port;
  /** The cluster-wide policy that receives the egress half (made by the policy system). */
  readonly egressPolicy: ClusterPolicy;
}

/**
 * A shared platform resource (Postgres, Dragonfly, Garage S3), declared once: the declaration writes both
 * halves — consumers' egress (a cluster-wide policy selecting the access label) and the provider's
 * ingress (a rule in the provider namespace's policy) — so neither can be forgotten. `grant(ns)` labels a
 * consumer namespace.
 */
export class SharedResource implements Access {
  readonly name: string;
  readonly label: string;
  readonly provider: string;
  readonly port: Port;

  constructor(props: SharedResourceProps) {
    if (!/^[a-z0-9-]+$/.test(props.name)) throw new SynthError(`SharedResource ${props.name}`, 'name must be lowercase letters, digits and dashes', 'name');
    this.name = props.name;
    this.label = accessLabel(props.name);
    this.provider = props.provider.name;
    this.port = props.port;
    props.egressPolicy.allowTo(Peer.namespace(props.provider.name), props.port);
    props.provider.policy.allowFrom(Peer.accessLabel(this.label), props.port);
  }

  /** Lets a namespace's pods reach the resource (labels the namespace; the policies already exist). */
  grant(ns: AccessGrantee): void {
    ns.addAccessLabel(this);
  }
}
