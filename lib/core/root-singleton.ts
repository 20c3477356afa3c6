import { Construct, type IConstruct } from 'constructs';

/**
 * The one construct of a kind per construct tree (one tree per cluster): found at the tree's root under `id`,
 * created there on first use. Registries (apps, data services, the identity provider) use it so any construct
 * of the cluster reaches the same instance without it being passed around.
 */
export function rootSingleton<T extends Construct>(scope: IConstruct, id: string, create: (root: Construct, id: string) => T): T {
  const root = scope.node.root as Construct;
  return (root.node.tryFindChild(id) as T | undefined) ?? create(root, id);
}
