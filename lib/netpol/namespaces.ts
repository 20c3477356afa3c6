import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';
import { callerLocation } from '../core/stack.js';
import { Namespace, type Dataplane, type PodSecurityLevel } from '../k8s/namespace.js';
import type { Access, AccessGrantee } from './access.js';
import { ACCESS_LABEL_VALUE, ENFORCEMENT_DISABLED, ENFORCEMENT_LABEL, PROFILE_LABEL } from './labels.js';
import { PROFILES, isProfile, type Profile } from './profiles.js';
import type { Peer } from './peers.js';
import type { NamespacePolicy } from './policy.js';
import type { Port } from './ports.js';
import type { NetworkPolicySystem } from './system.js';

interface CommonNamespaceProps {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly dataplane: Dataplane;
  /** The escape hatch: `disabled` adds allow-all for the namespace (alerts fire while it is set). */
  readonly enforcement?: 'disabled';
  /** Access grants (shared resources, kube-api). */
  readonly access?: readonly Access[];
  /** The cluster's policy system (creates the namespace's same-namespace policy and validates it). */
  readonly network: NetworkPolicySystem;
}

export interface AppNamespaceProps extends CommonNamespaceProps {
  /** Exactly one profile (platform.md §7.1). */
  readonly profile: Profile;
}

/** How a platform namespace gets its policy. */
export type PlatformNetwork =
  /** A hand-crafted `<ns>-default` CNP, filled through `.policy`. */
  | { readonly policy: 'hand-crafted' }
  /** Opt into an application profile instead (the reference's velero/external-dns), with the reason. */
  | { readonly profile: Profile; readonly reason: string };

export interface PlatformNamespaceProps extends CommonNamespaceProps {
  readonly networkPolicy: PlatformNetwork;
  /** Created outside this repository (flux-system: by the Terraform Flux bootstrap): no Namespace object. */
  readonly external?: boolean;
}

/** What the policy system needs to know about any namespace. */
export abstract class HomelabNamespace extends Construct implements AccessGrantee {
  readonly name: string;
  readonly profile: Profile | undefined;
  readonly dataplane: Dataplane;
  readonly resource: Namespace | undefined;
  protected readonly system: NetworkPolicySystem;

  protected constructor(scope: Construct, id: string, props: CommonNamespaceProps, profile: Profile | undefined, emit: boolean, extraAnnotations: Record<string, string>) {
    super(scope, id);
    this.name = props.name;
    this.profile = profile;
    this.dataplane = props.dataplane;
    this.system = props.network;
    const labels: Record<string, string> = {};
    const annotations: Record<string, string> = { ...extraAnnotations };
    if (profile !== undefined) labels[PROFILE_LABEL] = annotations[PROFILE_LABEL] = profile;
    if (props.enforcement !== undefined) labels[ENFORCEMENT_LABEL] = annotations[ENFORCEMENT_LABEL] = props.enforcement;
    this.resource = emit
      ? new Namespace(this, 'Namespace', { name: props.name, podSecurity: props.podSecurity, dataplane: props.dataplane, labels, ...(Object.keys(annotations).length ? { annotations } : {}) })
      : undefined;
    if (props.enforcement !== undefined && (props.enforcement as string) !== ENFORCEMENT_DISABLED) {
      this.node.addValidation({ validate: () => [`namespace ${props.name}: enforcement must be "${ENFORCEMENT_DISABLED}" or absent, got "${props.enforcement as string}" (field enforcement)`] });
    }
    this.system.register(this);
    for (const a of props.access ?? []) this.addAccessLabel(a);
  }

  addAccessLabel(access: Access): void {
    if (!this.resource) throw new SynthError(this.node.path, `namespace ${this.name} is created outside this repository; it cannot carry access labels`, 'access');
    this.resource.addLabel(access.label, ACCESS_LABEL_VALUE);
  }
}

/**
 * An application namespace: exactly one profile, access grants by label, and (through the builder)
 * extra egress and cross-app traffic. Its own extra rules live in the CNP `<ns>-app`.
 */
export class AppNamespace extends HomelabNamespace {
  private extra?: NamespacePolicy;

  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id, props, props.profile, true, {});
    if (!isProfile(props.profile)) {
      this.node.addValidation({
        validate: () => [`app namespace ${props.name} needs exactly one profile (one of ${PROFILES.join(', ')}), got ${JSON.stringify(props.profile)} (field profile)`],
      });
    }
  }

  private get extraPolicy(): NamespacePolicy {
    this.extra ??= this.system.namespacePolicy(this.name, `${this.name}-app`, `Extra rules of app namespace ${this.name}`);
    return this.extra;
  }

  /** Extra egress (an FQDN, a world port inside the profile's set, a platform service). */
  allowEgress(peer: Peer, port: Port, ...more: Port[]): this {
    this.extraPolicy.allowTo(peer, port, ...more);
    return this;
  }

  /** Extra ingress (e.g. from world on a game port). */
  allowIngress(peer: Peer, port: Port, ...more: Port[]): this {
    this.extraPolicy.allowFrom(peer, port, ...more);
    return this;
  }

  /** Cross-app traffic: this app may reach `other` on the ports. Writes both halves (our egress, its ingress). */
  allowTo(other: AppNamespace, port: Port, ...more: Port[]): this {
    this.extraPolicy.allowTo(this.system.peerOf(other), port, ...more);
    other.extraPolicy.allowFrom(this.system.peerOf(this), port, ...more);
    return this;
  }
}

/** A platform namespace: a hand-crafted policy (or, exceptionally, a profile with a reason). */
export class PlatformNamespace extends HomelabNamespace {
  private readonly handCrafted?: NamespacePolicy;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    const net = props.networkPolicy;
    if ('profile' in net && net.reason.trim().length < 10) {
      throw new SynthError(callerLocation('lib/netpol/namespaces.ts'), `platform namespace "${props.name}" uses profile ${net.profile} instead of a hand-crafted policy; that choice needs a real reason (got "${net.reason}")`, 'networkPolicy.reason');
    }
    const profile = 'profile' in net ? net.profile : undefined;
    const annotations: Record<string, string> = 'profile' in net ? { 'network-policy.homelab/profile-reason': net.reason } : {};
    super(scope, id, props, profile, !props.external, annotations);
    if ('policy' in net) this.handCrafted = this.system.namespacePolicy(this.name, `${this.name}-default`, `Hand-crafted policy of platform namespace ${this.name}`);
  }

  /** The hand-crafted `<ns>-default` policy. */
  get policy(): NamespacePolicy {
    if (!this.handCrafted) throw new SynthError(this.node.path, `platform namespace ${this.name} uses profile ${this.profile}; it has no hand-crafted policy`, 'networkPolicy');
    return this.handCrafted;
  }
}
