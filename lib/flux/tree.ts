import { ApiObject, type App } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { objectId, type KubeObject } from '../core/manifest.js';
import { Report } from '../k8s/report.js';
import { Unit } from '../k8s/unit.js';
import { crdProvider, type CrdProviderTable } from './crd-providers.js';
import { GROUP_INTERVAL, PREEXISTING_NAMESPACES, UNIT_INTERVAL } from './defaults.js';
import { dependenciesJson, dependenciesMermaid, findCycle, type GraphUnit } from './graph.js';
import { FluxKustomization } from './kustomization.js';
import { hasSpecReferences, refKey, referencesOf } from './references.js';
import type { ClusterSync } from './sync.js';
import { fluxUnitOptions } from './unit-options.js';

/** The three top-level groups; every unit lives under one of them. */
export const FLUX_GROUPS = ['platform', 'config', 'apps'] as const;
export type FluxGroup = (typeof FLUX_GROUPS)[number];

export interface FluxTreeProps {
  readonly sync: ClusterSync;
  /** Which unit makes each custom kind usable (see CrdProviderTable). */
  readonly crdProviders: CrdProviderTable;
}

/** The resolved Flux side of one unit. */
export interface FluxUnit extends GraphUnit {
  readonly unit: Unit;
  /** Folder (unit path) whose kustomization lists this unit's Flux Kustomization. */
  readonly parentPath: string;
}

function unitOf(c: IConstruct): Unit | undefined {
  for (let s: IConstruct | undefined = c.node.scope; s; s = s.node.scope) if (Unit.isUnit(s)) return s;
  return undefined;
}

/**
 * The Flux entry point of one cluster: the root folder the bootstrap Kustomization syncs, the top-level
 * groups `platform`, `config` and `apps`, and the pass (`finalize`) that turns every other Unit of the App
 * into a Flux Kustomization named after its folder, with `dependsOn` = the unit's explicit dependencies
 * ∪ the units providing the custom kinds it uses ∪ the units declaring the objects it references
 * (namespace, secret store, issuer...). Unknown targets and cycles are synth errors naming the units.
 * It also writes the per-cluster dependency graph reports.
 */
export class FluxTree extends Construct {
  readonly root: Unit;
  readonly groups: Readonly<Record<FluxGroup, Unit>>;
  private readonly sync: ClusterSync;
  private readonly crdProviders: CrdProviderTable;
  private resolved?: readonly FluxUnit[];
  private readonly app: App;
  private readonly gates = new Set<Unit>();

  constructor(app: App, id: string, props: FluxTreeProps) {
    super(app, id);
    this.app = app;
    this.sync = props.sync;
    this.crdProviders = props.crdProviders;
    this.root = new Unit(app, 'root', { path: '' });
    const platform = new Unit(app, 'platform', { path: 'platform' });
    const config = new Unit(app, 'config', { path: 'config' });
    const apps = new Unit(app, 'apps', { path: 'apps' });
    config.dependOn(platform);
    apps.dependOn(config);
    this.groups = { platform, config, apps };
    this.node.addValidation({
      validate: () => {
        if (!this.resolved) return ['the Flux wiring never ran: call finalize() at the end of the cluster composition'];
        const wired = new Set(this.resolved.map((u) => u.unit));
        return this.allUnits()
          .filter((u) => !wired.has(u))
          .map((u) => `unit ${u.node.path} (path "${u.path}") was added after the Flux wiring ran, so no Flux Kustomization applies it`);
      },
    });
  }

  /**
   * Makes `unit` a gate: at finalize it depends on every other unit of the cluster (groups aside), so its
   * Kustomization only becomes ready once every unit has applied the same source revision and is healthy.
   * A unit that depends on a gate creates a cycle (a synth error).
   */
  gate(unit: Unit): void {
    this.gates.add(unit);
  }

  /** The units of the cluster after `finalize` (name, path, dependsOn). */
  get units(): readonly FluxUnit[] {
    if (!this.resolved) throw new SynthError(this.node.path, 'finalize() has not run yet');
    return this.resolved;
  }

  private allUnits(): Unit[] {
    return this.app.node.findAll().filter(Unit.isUnit).filter((u) => u !== this.root);
  }

  /**
   * Resolves names and dependencies of every unit and emits one Flux Kustomization per unit into its
   * group's folder (groups into the root). Call once, after every unit has been added.
   */
  finalize(): readonly FluxUnit[] {
    if (this.resolved) throw new SynthError(this.node.path, 'finalize() already ran');
    const errors: SynthError[] = [];
    const units = this.allUnits();
    const nameOf = new Map<Unit, string>();
    const byName = new Map<string, Unit>();

    for (const u of units) {
      const top = u.path.split('/')[0] ?? '';
      if (!(FLUX_GROUPS as readonly string[]).includes(top)) {
        errors.push(new SynthError(u.node.path, `unit path "${u.path}" must start with one of ${FLUX_GROUPS.map((g) => `${g}/`).join(', ')}`, 'path'));
        continue;
      }
      const name = u.path.slice(u.path.lastIndexOf('/') + 1);
      const other = byName.get(name);
      if (other) {
        errors.push(new SynthError(u.node.path, `Flux Kustomization name "${name}" (from path "${u.path}") is also used by unit ${other.node.path} (path "${other.path}")`, 'path'));
        continue;
      }
      byName.set(name, u);
      nameOf.set(u, name);
    }
    throwIfAny(errors);

    // Every object of the App with the unit it belongs to, and who declares what.
    const objects: Array<{ unit: Unit; source: string; obj: KubeObject }> = [];
    const declaredBy = new Map<string, Unit>();
    for (const o of this.app.node.findAll().filter(ApiObject.isApiObject)) {
      const unit = unitOf(o);
      if (!unit) continue; // the renderer reports objects outside units
      // Rendering an object is the costly part of a synth: only kinds whose spec holds references are.
      const obj = hasSpecReferences(o.apiVersion, o.kind)
        ? (o.toJson() as KubeObject)
        : { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } };
      objects.push({ unit, source: o.node.path, obj });
      declaredBy.set(refKey(obj.kind, obj.metadata.name, obj.metadata.namespace), unit);
    }

    const deps = new Map<Unit, Set<string>>(units.map((u) => [u, new Set<string>()]));
    for (const u of units) {
      for (const d of u.unitDependencies) {
        // Named iff it is a unit of this cluster (a scan of the units per dependency was quadratic in apps).
        const depName = nameOf.get(d);
        if (d === this.root || depName === undefined) {
          errors.push(new SynthError(u.node.path, `depends on unit ${d.node.path} (path "${d.path}"), which is not a Flux unit of this cluster`, 'dependOn'));
          continue;
        }
        deps.get(u)!.add(depName);
      }
    }
    for (const g of this.gates) {
      if (!deps.has(g)) {
        errors.push(new SynthError(g.node.path, 'gate unit is not a Flux unit of this cluster', 'gate'));
        continue;
      }
      for (const u of units) if (u !== g && u.path.includes('/')) deps.get(g)!.add(nameOf.get(u)!);
    }
    for (const { unit, source, obj } of objects) {
      if (unit === this.root) continue;
      const own = deps.get(unit)!;
      const provider = crdProvider(this.crdProviders, obj.apiVersion, obj.kind);
      if (!provider.found) {
        errors.push(new SynthError(source, `no unit is known to install the CRD of ${obj.apiVersion} ${obj.kind} (API group "${provider.group}" is missing from the CRD provider table)`, 'kind'));
      } else if (provider.unit !== null) {
        const target = byName.get(provider.unit);
        if (!target) errors.push(new SynthError(source, `${obj.kind} needs unit "${provider.unit}" (it installs the CRD), but this cluster has no such unit`, 'kind'));
        else if (target !== unit) own.add(provider.unit);
      }
      for (const ref of referencesOf(obj)) {
        const target = declaredBy.get(refKey(ref.kind, ref.name, ref.namespace));
        if (target === undefined) {
          if (ref.kind === 'Namespace' && PREEXISTING_NAMESPACES.has(ref.name)) continue;
          errors.push(new SynthError(source, `${objectId(obj)} references ${ref.kind} "${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}", which no unit of this cluster declares`, ref.field));
        } else if (target !== unit && target !== this.root) {
          own.add(nameOf.get(target)!);
        }
      }
    }
    throwIfAny(errors);

    const resolved: FluxUnit[] = units.map((u) => {
      const parentPath = u.path.includes('/') ? u.path.slice(0, u.path.indexOf('/')) : '';
      return { unit: u, name: nameOf.get(u)!, path: u.path, parentPath, dependsOn: [...deps.get(u)!].sort() };
    });
    const cycle = findCycle(resolved);
    if (cycle) {
      const paths = cycle.map((n) => byName.get(n)!.node.path);
      throw new SynthError(this.node.path, `dependency cycle between Flux units: ${cycle.join(' -> ')} (units ${[...new Set(paths)].join(', ')})`, 'dependsOn');
    }

    const folderUnit = new Map<string, Unit>([['', this.root], ...FLUX_GROUPS.map((g) => [g, this.groups[g]] as const)]);
    for (const r of resolved) {
      const opts = fluxUnitOptions(r.unit);
      const isGroup = r.parentPath === '';
      new FluxKustomization(folderUnit.get(r.parentPath)!, `flux-${r.name}`, {
        name: r.name,
        sync: this.sync,
        unitPath: r.path,
        interval: opts.interval ?? (isGroup ? GROUP_INTERVAL : UNIT_INTERVAL),
        prune: opts.prune ?? true,
        dependsOn: r.dependsOn,
        ...(opts.healthChecks?.length ? { healthChecks: opts.healthChecks } : {}),
        ...(opts.healthCheckExprs?.length ? { healthCheckExprs: opts.healthCheckExprs } : {}),
        ...(opts.wait !== undefined ? { wait: opts.wait } : {}),
        ...(opts.timeout ? { timeout: opts.timeout } : {}),
        ...(opts.force ? { force: true } : {}),
      });
    }
    this.resolved = resolved;
    const cluster = this.sync.cluster;
    new Report(this, 'dependencies-mmd', { fileName: 'dependencies.mmd', render: () => dependenciesMermaid(cluster, resolved) });
    new Report(this, 'dependencies-json', { fileName: 'dependencies.json', render: () => dependenciesJson(cluster, resolved) });
    return resolved;
  }
}
