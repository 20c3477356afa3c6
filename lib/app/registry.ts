import { Construct, type IConstruct } from 'constructs';
import { SynthError, throwIfAny, within } from '../core/errors.js';
import type { HomelabApp } from './app.js';

const ID = 'AppRegistry';

/**
 * The apps of one cluster, by name. Apps register on construction (a duplicate name or namespace is a
 * synth error naming both declarations); `connect()` then resolves what refers to other apps (cross-app
 * egress opens the target's ingress, dependsOn becomes a unit dependency), so declaration order never
 * matters and nothing outside the app's own file lists it.
 */
export class AppRegistry extends Construct {
  static of(scope: IConstruct): AppRegistry {
    const root = scope.node.root;
    return (root.node.tryFindChild(ID) as AppRegistry | undefined) ?? new AppRegistry(root as Construct, ID);
  }

  private readonly apps = new Map<string, HomelabApp>();
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
    const sameNs = [...this.apps.values()].find((a) => a.namespace === app.namespace);
    if (sameNs) throw new SynthError(app.where, `namespace "${app.namespace}" is already used by app "${sameNs.appName}" (${sameNs.where})`, 'namespace');
    this.apps.set(app.appName, app);
  }

  get(name: string): HomelabApp | undefined {
    return this.apps.get(name);
  }

  /** All apps, sorted by name. */
  get all(): readonly HomelabApp[] {
    return [...this.apps.values()].sort((a, b) => (a.appName < b.appName ? -1 : 1));
  }

  /** Resolves cross-app references of every registered app; all errors are reported together. */
  connect(): void {
    if (this.connected) throw new Error(`${this.node.path}: connect() was already called`);
    this.connected = true;
    const errors: Error[] = [];
    for (const app of this.all) {
      try {
        within(app.where, () => app.connect(this), (m) => `app "${app.appName}": ${m}`);
      } catch (e) {
        errors.push(e as Error);
      }
    }
    throwIfAny(errors);
  }
}
