import { Construct } from 'constructs';
import { SynthError } from '../core/errors.js';
import { GitRepository, OciRepository } from '../generated/crds/source.toolkit.fluxcd.io.js';
import { FLUX_NAMESPACE } from './defaults.js';

export interface GitSourceProps {
  readonly name: string;
  readonly url: string;
  readonly branch: string;
  /** Secret in flux-system with the credentials (private repositories). */
  readonly secretName?: string;
  readonly interval?: string;
}

/**
 * A Flux GitRepository in flux-system following a branch. (The cluster's own source is created by the
 * FluxInstance bootstrap from `ClusterSync.instanceSync`; this is for additional sources.)
 */
export class GitRepositorySource extends Construct {
  readonly name: string;
  readonly kind = 'GitRepository' as const;

  constructor(scope: Construct, id: string, props: GitSourceProps) {
    super(scope, id);
    if (!/^(https|ssh):\/\//.test(props.url)) throw new SynthError(this.node.path, `git URL must be https:// or ssh:// (got "${props.url}")`, 'spec.url');
    this.name = props.name;
    new GitRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: {
        interval: props.interval ?? '1m',
        url: props.url,
        ref: { branch: props.branch },
        ...(props.secretName ? { secretRef: { name: props.secretName } } : {}),
      },
    });
  }
}

export interface OciSourceProps {
  readonly name: string;
  /** `oci://registry/repository` */
  readonly url: string;
  /** Semver range over the repository's tags (e.g. `>=1.0.0`; add `-0` to include pre-releases). */
  readonly semver: string;
  readonly interval?: string;
}

/** A Flux OCIRepository in flux-system following the highest tag within a semver range. */
export class OciRepositorySource extends Construct {
  readonly name: string;
  readonly kind = 'OCIRepository' as const;

  constructor(scope: Construct, id: string, props: OciSourceProps) {
    super(scope, id);
    if (!props.url.startsWith('oci://')) throw new SynthError(this.node.path, `OCI URL must start with oci:// (got "${props.url}")`, 'spec.url');
    this.name = props.name;
    new OciRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: { interval: props.interval ?? '1m', url: props.url, ref: { semver: props.semver } },
    });
  }
}
