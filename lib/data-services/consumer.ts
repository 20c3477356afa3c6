import type { Construct, IConstruct } from 'constructs';
import { Unit } from '../k8s/unit.js';
import type { AccessGrantee } from '../netpol/access.js';

/** A key of a Secret in the consumer's namespace (what an env var reads). */
export interface SecretKeyRef {
  readonly secret: string;
  readonly key: string;
}

/**
 * Who a data service grants access to (an app, or a platform service such as CNPG's backups): the grant
 * writes both halves in one call (aws-cdk `grant*()` shape) — the network half labels `namespace` with the
 * service's access label, the credentials half lands in `scope` — and makes the consumer's unit depend on
 * the service's.
 */
export interface DataConsumer {
  /** Names the per-consumer objects (login role, S3 key). */
  readonly name: string;
  /** The namespace the consumer's pods run in. */
  readonly namespace: AccessGrantee;
  /** Where the consumer's half (replica Secret, GarageKey) is declared; inside a Unit. */
  readonly scope: Construct;
}

/** The Unit (Flux folder) a construct belongs to. */
export function unitOf(scope: IConstruct): Unit {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) if (Unit.isUnit(s)) return s;
  throw new Error(`${scope.node.path}: not inside a Unit`);
}

/** Makes the consumer's unit wait for the service's (no-op inside one unit). */
export function dependOnService(consumer: DataConsumer, service: IConstruct): void {
  const mine = unitOf(consumer.scope);
  const theirs = unitOf(service);
  if (mine !== theirs) mine.dependOn(theirs);
}
