import { Construct } from 'constructs';

export interface ReportProps {
  /** File name under dist/reports/<cluster>/ (e.g. `connectivity.md`). */
  readonly fileName: string;
  /** Produces the content at synth time, after every construct has been added. */
  readonly render: () => string;
}

/**
 * A generated, human-readable report about a cluster (connectivity matrix, dependency graph) written next
 * to the output so reviewers see its changes in diffs. Not a Kubernetes object: Flux never applies it.
 */
export class Report extends Construct {
  static isReport(x: unknown): x is Report {
    return x instanceof Report;
  }

  readonly fileName: string;
  private readonly produce: () => string;

  constructor(scope: Construct, id: string, props: ReportProps) {
    super(scope, id);
    this.fileName = props.fileName;
    this.produce = props.render;
  }

  render(): string {
    const text = this.produce();
    return text.endsWith('\n') ? text : `${text}\n`;
  }
}
