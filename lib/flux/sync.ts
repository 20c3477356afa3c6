import { SynthError } from '../core/errors.js';
import { BOOTSTRAP_NAME } from './defaults.js';

/** The repository every cluster syncs (git for dev, OCI artifacts of `dist/kubernetes` elsewhere). */
export interface FluxRepository {
  /** `https://github.com/<org>/<repo>` */
  readonly gitUrl: string;
  /** `oci://…` repository the CI pushes `dist/kubernetes` to. */
  readonly ociUrl: string;
}

/** The folder of the git repository holding the Kubernetes output (the OCI artifacts' root). */
export const KUBERNETES_OUTPUT = 'dist/kubernetes';

/** How one cluster's Flux follows the repository (SPEC §3.5). */
export type FluxSourceSpec =
  | { readonly kind: 'git'; readonly branch: string }
  /** `semverFilter`: a regex over the tags inside the range (OCIRepository `spec.ref.semverFilter`). */
  | { readonly kind: 'oci'; readonly semver: string; readonly semverFilter?: string };

/** The source kind a Kustomization's `sourceRef` names. */
export type SourceKind = 'GitRepository' | 'OCIRepository';

/**
 * Everything the Terraform bootstrap (FluxInstance `spec.sync`) and the Flux Kustomizations must agree on:
 * the bootstrap source and root Kustomization are both `flux-system`; the root syncs `rootPath`; every unit
 * folder is addressed as `pathOf(unitPath)` inside that source.
 */
export class ClusterSync {
  readonly sourceKind: SourceKind;
  /** Path of the cluster root inside the source artifact, `./…` form. */
  readonly rootPath: string;

  constructor(
    readonly cluster: string,
    readonly source: FluxSourceSpec,
    readonly repository: FluxRepository,
  ) {
    this.sourceKind = source.kind === 'git' ? 'GitRepository' : 'OCIRepository';
    // The git repository holds the output under dist/kubernetes; the OCI artifact's root IS dist/kubernetes.
    this.rootPath = source.kind === 'git' ? `./${KUBERNETES_OUTPUT}/clusters/${cluster}` : `./clusters/${cluster}`;
    if (source.kind === 'git' && !/^[A-Za-z0-9._/-]+$/.test(source.branch)) {
      throw new SynthError(`cluster ${cluster}`, `invalid git branch "${source.branch}"`, 'flux.branch');
    }
    if (source.kind === 'oci' && !/^[<>=~^ 0-9A-Za-z.*,|-]+$/.test(source.semver)) {
      throw new SynthError(`cluster ${cluster}`, `invalid semver range "${source.semver}"`, 'flux.semver');
    }
    if (source.kind === 'oci' && source.semverFilter !== undefined) {
      try {
        new RegExp(source.semverFilter);
      } catch (err) {
        throw new SynthError(`cluster ${cluster}`, `invalid semverFilter "${source.semverFilter}": ${(err as Error).message}`, 'flux.semverFilter');
      }
    }
  }

  /** The `sourceRef` of every Kustomization of this cluster: the bootstrap source. */
  get sourceRef(): { kind: SourceKind; name: string } {
    return { kind: this.sourceKind, name: BOOTSTRAP_NAME };
  }

  /** Path of a unit folder inside the source (e.g. `./clusters/live/platform/cilium`). */
  pathOf(unitPath: string): string {
    return unitPath ? `${this.rootPath}/${unitPath}` : this.rootPath;
  }

  /**
   * The FluxInstance `spec.sync` (flux-operator) plus the OCIRepository ref the instance must end up with.
   * flux-operator's `sync.ref` is a tag for OCI sources, so the semver range is applied with a
   * `spec.kustomize.patches` entry on the generated OCIRepository (see `instancePatches`).
   */
  get instanceSync(): { kind: SourceKind; url: string; ref: string; path: string; interval: string } {
    return this.source.kind === 'git'
      ? { kind: 'GitRepository', url: this.repository.gitUrl, ref: `refs/heads/${this.source.branch}`, path: this.rootPath, interval: '1m' }
      : { kind: 'OCIRepository', url: this.repository.ociUrl, ref: 'latest', path: this.rootPath, interval: '1m' };
  }

  /** The OCIRepository `spec.ref` of an OCI-following cluster: its semver range and tag filter. */
  get ociRef(): { semver: string; semverFilter?: string } | undefined {
    if (this.source.kind !== 'oci') return undefined;
    return { semver: this.source.semver, ...(this.source.semverFilter ? { semverFilter: this.source.semverFilter } : {}) };
  }

  /** FluxInstance `spec.kustomize.patches` that turn the OCI tag ref into the cluster's semver range. */
  get instancePatches(): ReadonlyArray<{ target: { kind: string; name: string }; patch: string }> {
    const ref = this.ociRef;
    if (!ref) return [];
    const patch = JSON.stringify([{ op: 'replace', path: '/spec/ref', value: ref }]);
    return [{ target: { kind: 'OCIRepository', name: BOOTSTRAP_NAME }, patch }];
  }
}
