import { KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Construct } from 'constructs';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';
export type Dataplane = 'ambient' | 'standard';

/**
 * The PodSecurity admission labels per level (reference: platform.md §1): restricted everywhere; baseline
 * enforced but audited/warned as restricted; privileged enforced (latest) but audited/warned as baseline.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const p = 'pod-security.kubernetes.io';
  switch (level) {
    case 'restricted':
      return { [`${p}/enforce`]: 'restricted', [`${p}/audit`]: 'restricted', [`${p}/warn`]: 'restricted' };
    case 'baseline':
      return { [`${p}/enforce`]: 'baseline', [`${p}/audit`]: 'restricted', [`${p}/warn`]: 'restricted' };
    case 'privileged':
      return { [`${p}/enforce`]: 'privileged', [`${p}/enforce-version`]: 'latest', [`${p}/audit`]: 'baseline', [`${p}/warn`]: 'baseline' };
  }
}

export interface NamespaceProps {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  /** Istio dataplane; only `ambient` enrols the namespace in the mesh. */
  readonly dataplane: Dataplane;
  /** Extra labels (Cilium selects on namespace labels, never annotations). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes Namespace with its PodSecurity level and Istio dataplane mode as labels. */
export class Namespace extends Construct {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly dataplane: Dataplane;
  private readonly labelMap: Record<string, string>;
  private readonly resource: KubeNamespace;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.podSecurity = props.podSecurity;
    this.dataplane = props.dataplane;
    this.labelMap = {
      ...props.labels,
      'istio.io/dataplane-mode': props.dataplane,
      ...podSecurityLabels(props.podSecurity),
    };
    this.resource = new KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { ...this.labelMap }, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) },
    });
  }

  /** The namespace's labels (what Cilium and the reachability evaluator select on). */
  get labels(): Readonly<Record<string, string>> {
    return { ...this.labelMap };
  }

  /** Adds a label after construction (e.g. an access grant); an existing different value is an error. */
  addLabel(key: string, value: string): void {
    const current = this.labelMap[key];
    if (current !== undefined && current !== value) {
      throw new Error(`${this.node.path}: label ${key} is already "${current}", cannot set "${value}"`);
    }
    this.labelMap[key] = value;
    this.resource.metadata.addLabel(key, value);
  }

  addAnnotation(key: string, value: string): void {
    this.resource.metadata.addAnnotation(key, value);
  }
}
