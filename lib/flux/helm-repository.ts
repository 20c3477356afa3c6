import { Construct } from 'constructs';
import { HelmRepository as HelmRepositoryL1, HelmRepositorySpecType } from '../generated/crds/source.toolkit.fluxcd.io.js';
import { SynthError } from '../core/errors.js';
import { FLUX_NAMESPACE, RELEASE_INTERVAL } from './defaults.js';

export interface HelmRepositoryProps {
  /** Object name (one repository per release, named after it). */
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
