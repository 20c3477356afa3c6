import { Construct, type IConstruct } from 'constructs';
import { rootSingleton } from '../core/root-singleton.js';
import { SynthError, throwIfAny, within } from '../core/errors.js';
import { IdentityProvider } from '../identity/oidc.js';
import type { HomelabApp } from './app.js';
import type { HomelabAppGroup } from './group.js';

const ID = 'AppRegistry';

/**
 * The apps and app groups of one cluster, by name. They register on construction (a duplicate name, a
 * namespace claimed twice, a host or LoadBalancer address claimed twice is a synth error naming both
 * declarations); `connect()` then resolves what refers to other apps (cross-app traffic opens the target's
 * ingress, dependsOn becomes a unit dependency, OIDC clients reach the provider), so declaration order never
 * matters and nothing outside the app's own file lists it.
 */
export class AppRegistry extends Construct {
  static of(scope: IConstruct): AppRegistry {
    return rootSingleton(scope, ID, (root, id) => new AppRegistry(root, id));
  }

  private readonly apps = new Map<string, HomelabApp>();
  /** The apps by namespace, in registration order: looking them up by scanning every app, per app, was quadratic. */
  private readonly byNamespace = new Map<string, HomelabApp[]>();
  private readonly groupMap = new Map<string, HomelabAppGroup>();
  private readonly claims = new Map<string, { what: string; where: string }>();
  private connected = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({
      validate: () => (this.apps.size && !this.connected ? ['AppRegistry.connect() was never called, so cross-app egress and dependsOn are unresolved'] : []),
    });
  }

  register(app: HomelabApp): void {
    const same = this.apps.get(app.appName);
    if (same) throw new SynthError(app.where, `duplicate app name "${app.appName}" (also declared by ${same.where})`, 'name');
    if (!app.group) {
      const sameNs = this.byNamespace.get(app.namespace)?.[0] ?? this.groupMap.get(app.namespace);
      if (sameNs) throw new SynthError(app.where, `namespace "${app.namespace}" is already used by ${describe(sameNs)}`, 'name');
    }
    this.apps.set(app.appName, app);
    (this.byNamespace.get(app.namespace) ?? this.byNamespace.set(app.namespace, []).get(app.namespace)!).push(app);
  }

  registerGroup(group: HomelabAppGroup): void {
    const same = this.groupMap.get(group.groupName) ?? this.byNamespace.get(group.namespace)?.find((a) => !a.group);
    if (same) throw new SynthError(group.where, `namespace "${group.namespace}" is already used by ${describe(same)}`, 'name');
    this.groupMap.set(group.groupName, group);
  }

  /**
   * Claims a cluster-wide unique value (a route host, a LoadBalancer address) for `where`; a second claim
   * is a synth error naming both files.
   */
  claim(kind: string, value: string, where: string, field: string): void {
    const key = `${kind}\0${value}`;
    const prior = this.claims.get(key);
    if (prior && prior.where !== where) throw new SynthError(where, `${kind} ${value} is already claimed by ${prior.where}`, field);
    this.claims.set(key, { what: kind, where });
  }

  get(name: string): HomelabApp | undefined {
    return this.apps.get(name);
  }

  group(name: string): HomelabAppGroup | undefined {
    return this.groupMap.get(name);
  }

  /** All apps, sorted by name. */
  get all(): readonly HomelabApp[] {
    return [...this.apps.values()].sort((a, b) => (a.appName < b.appName ? -1 : 1));
  }

  /** The apps of one namespace (a group's members, or one app), sorted by name. */
  appsIn(namespace: string): readonly HomelabApp[] {
    return [...(this.byNamespace.get(namespace) ?? [])].sort((a, b) => (a.appName < b.appName ? -1 : 1));
  }

  /** All groups, sorted by name. */
  get groups(): readonly HomelabAppGroup[] {
    return [...this.groupMap.values()].sort((a, b) => (a.groupName < b.groupName ? -1 : 1));
  }

  /** Resolves cross-app references of every registered app; all errors are reported together. */
  connect(): void {
    if (this.connected) throw new Error(`${this.node.path}: connect() was already called`);
    this.connected = true;
    const errors: Error[] = [];
    const identity = IdentityProvider.of(this);
    errors.push(...identity.orphanErrors());
    for (const app of this.all) {
      try {
        within(app.where, () => app.connect(this), (m) => `app "${app.appName}": ${m}`);
      } catch (e) {
        errors.push(e as Error);
      }
    }
    throwIfAny(errors);
    identity.createClientSecrets();
  }
}

function describe(x: HomelabApp | HomelabAppGroup): string {
  return 'appName' in x ? `app "${x.appName}" (${x.where})` : `group "${x.groupName}" (${x.where})`;
}
