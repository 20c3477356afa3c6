/**
 * What one deployed component exports to Prometheus, from its documentation: kept beside the component's
 * release in the platform catalog, so a rule or panel querying a metric nothing on the cluster produces is a
 * synth error instead of an alert that can never fire (the reference's Flux panels queried such a metric).
 */
export interface MetricSource {
  /** Component name, as reports show it (e.g. `cilium`, `kube-state-metrics`). */
  readonly component: string;
  /** Metric names. A trailing `*` makes an entry a prefix (for families named by configuration). */
  readonly metrics: readonly string[];
  /**
   * Closed label sets: for these metrics exactly these labels exist (besides the scrape target's labels).
   * A matcher on any other label can never match. Declare only what the component's docs guarantee.
   */
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  /** Scrape interval of this component's targets, when it differs from the cluster default. */
  readonly scrapeIntervalSeconds?: number;
}

/** Labels Prometheus attaches to every scraped series from its target (service/pod discovery). */
export const TARGET_LABELS: readonly string[] = ['job', 'instance', 'namespace', 'pod', 'container', 'service', 'endpoint', 'node', 'prometheus_source'];

/** The three series a Prometheus histogram `name` exports. */
export function histogram(...names: readonly string[]): string[] {
  return names.flatMap((n) => [`${n}_bucket`, `${n}_sum`, `${n}_count`]);
}

/** The metric sources deployed on one cluster, indexed for lookups. */
export class MetricCatalog {
  private readonly exact = new Map<string, MetricSource>();
  private readonly prefixes: Array<[string, MetricSource]> = [];
  private readonly sourceList: MetricSource[] = [];

  constructor(sources: readonly MetricSource[] = []) {
    for (const s of sources) this.add(s);
  }

  add(source: MetricSource): void {
    this.sourceList.push(source);
    for (const m of source.metrics) {
      if (m.endsWith('*')) this.prefixes.push([m.slice(0, -1), source]);
      else if (!this.exact.has(m)) this.exact.set(m, source);
    }
  }

  get sources(): readonly MetricSource[] {
    return this.sourceList;
  }

  /** The component that produces `metric`, if any deployed one does. */
  lookup(metric: string): MetricSource | undefined {
    return this.exact.get(metric) ?? this.prefixes.find(([p]) => metric.startsWith(p))?.[1];
  }

  /** The closed label set of `metric`, when its source declares one. */
  labelsOf(metric: string): readonly string[] | undefined {
    return this.lookup(metric)?.labels?.[metric];
  }
}
