import { Construct, type IConstruct } from 'constructs';
import { HelmRepository as HelmRepositoryL1, HelmRepositorySpecType } from '../generated/crds/source.toolkit.fluxcd.io.js';
import { SynthError } from '../core/errors.js';
import { rootSingleton } from '../core/root-singleton.js';
import { Unit } from '../k8s/unit.js';
import { FLUX_NAMESPACE, RELEASE_INTERVAL } from './defaults.js';

export interface HelmRepositoryProps {
  /** Object name in flux-system. */
  readonly name: string;
  /** `https://…` chart repository or `oci://…` registry prefix (the chart name is appended by Helm). */
  readonly url: string;
}

/**
 * A Flux HelmRepository in flux-system. The `oci` type follows from the URL scheme, so an OCI registry can
 * never be declared as an HTTP index by mistake (reference invariant 13).
 */
export class HelmRepository extends Construct {
  readonly name: string;
  readonly url: string;
  readonly isOci: boolean;

  constructor(scope: Construct, id: string, props: HelmRepositoryProps) {
    super(scope, id);
    if (!/^(https:\/\/|oci:\/\/)[^\s]+$/.test(props.url)) {
      throw new SynthError(this.node.path, `chart repository URL must start with https:// or oci:// (got "${props.url}")`, 'spec.url');
    }
    this.name = props.name;
    this.url = props.url;
    this.isOci = props.url.startsWith('oci://');
    new HelmRepositoryL1(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: { interval: RELEASE_INTERVAL, url: props.url, ...(this.isOci ? { type: HelmRepositorySpecType.OCI } : {}) },
    });
  }
}

/** The Flux unit (folder) holding a cluster's chart repositories. */
export const HELM_REPOSITORIES_PATH = 'platform/helm-repositories';

/**
 * The cluster's chart repositories, one HelmRepository per URL shared by every release that installs from
 * it: an HTTP repository's index is downloaded and held by source-controller once per object, and 37 apps
 * install app-template from one OCI registry. Named after the URL (`oci://ghcr.io/bjw-s-labs/helm` ->
 * `ghcr-io-bjw-s-labs-helm`), so adding a release never renames one.
 */
export class HelmRepositories extends Unit {
  static ofCluster(scope: IConstruct): HelmRepositories {
    return rootSingleton(scope, 'helm-repositories', (root, id) => new HelmRepositories(root, id));
  }

  private readonly byUrl = new Map<string, HelmRepository>();
  private readonly byName = new Map<string, string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id, { path: HELM_REPOSITORIES_PATH });
  }

  /** The shared repository of `url` (created on first use); `where` names the release asking, for errors. */
  for(url: string, where: string): HelmRepository {
    const known = this.byUrl.get(url);
    if (known) return known;
    const name = repositoryName(url);
    const other = this.byName.get(name);
    if (other !== undefined) throw new SynthError(where, `chart repository "${url}" gets the name "${name}" already taken by "${other}"`, 'spec.url');
    let repository: HelmRepository;
    try {
      repository = new HelmRepository(this, name, { name, url });
    } catch (e) {
      if (e instanceof SynthError) throw new SynthError(where, e.reason, e.field);
      throw e;
    }
    this.byUrl.set(url, repository);
    this.byName.set(name, url);
    return repository;
  }
}

/** A DNS-label name for a chart repository URL: host and path, scheme dropped, non-alphanumerics as dashes. */
export function repositoryName(url: string): string {
  const name = url
    .replace(/^[a-z]+:\/\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, '');
}
