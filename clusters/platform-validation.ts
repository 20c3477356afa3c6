import type { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { CanarySpec } from '../lib/generated/crds/canaries.flanksource.com.js';
import { BOOTSTRAP_NAME, FLUX_NAMESPACE } from '../lib/flux/defaults.js';
import type { HealthCheckExpr } from '../lib/flux/kustomization.js';

export const VALIDATION_CANARY = { name: 'platform-validation', namespace: 'monitoring' } as const;

/**
 * The build revision the committed output carries; `.github/scripts/stamp.sh` replaces it with the build tag
 * (`2.<n>.0-rc`) in the artifact it pushes. Only the validating cluster's canary holds it.
 */
export const UNSTAMPED_REVISION = '0.0.0-unstamped';

/** Name prefix of the check that compares the applied revision with the stamped one. */
export const REVISION_CHECK_PREFIX = 'applied-revision-';

/** canary-checker's ServiceAccount (the chart's default `serviceAccount.name`; its release sets no other). */
const CANARY_CHECKER_SA = { name: 'canary-checker-sa', namespace: 'monitoring' } as const;

export interface PlatformValidationProps {
  /**
   * Stamp the build revision into the canary and check that the cluster's Flux source applied exactly that
   * build (the cluster that gates promotion).
   * @default false
   */
  readonly stampRevision?: boolean;
}

/**
 * canary-checker's platform validation: in-cluster HTTP checks of the observability stack every minute.
 * The validation unit's Kustomization waits for it (see `canaryHealthExpr`), which is what gates promotion.
 *
 * With `stampRevision`, one more check, named after the build (`applied-revision-<tag>`), reads the
 * cluster's OCIRepository `flux-system` and passes only when the artifact Flux applied is that build. The
 * name changes with every build, so the canary's spec changes too: the validation Kustomization sees drift
 * at every new revision (its "Health check passed" event fires once per build), and `canaryHealthExpr`
 * accepts only a run whose results include that check, never a status left over from the previous build.
 */
export function addPlatformValidationCanary(scope: Construct, props: PlatformValidationProps = {}): void {
  const check = (name: string, url: string) => ({ name, url, responseCodes: [200], thresholdMillis: 5000 });
  // Plain ApiObject: the generated Canary binding adds ~290 kB to the synth bundle. The spec is still typed
  // by the binding's interface (a type-only import costs nothing at run time).
  const spec: CanarySpec = {
    schedule: '@every 1m',
    http: [
      check('prometheus-ready', 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090/-/ready'),
      check('alertmanager-ready', 'http://kube-prometheus-stack-alertmanager.monitoring.svc.cluster.local:9093/-/ready'),
      check('grafana-health', 'http://grafana.monitoring.svc.cluster.local/api/health'),
      check('loki-ready', 'http://grafana-loki-single-binary.monitoring.svc.cluster.local:3100/ready'),
    ],
    ...(props.stampRevision
      ? {
          kubernetes: [
            {
              name: `${REVISION_CHECK_PREFIX}${UNSTAMPED_REVISION}`,
              description: 'the build this canary validates is the artifact Flux applied',
              apiVersion: 'source.toolkit.fluxcd.io/v1',
              kind: 'OCIRepository',
              namespaceSelector: { name: FLUX_NAMESPACE },
              resource: { name: BOOTSTRAP_NAME },
              test: {
                expr: `size(results) == 1 && results.all(r, has(r.status.artifact) && r.status.artifact.revision.startsWith('${UNSTAMPED_REVISION}@'))`,
              },
            },
          ],
        }
      : {}),
  };
  new ApiObject(scope, 'platform-validation', {
    apiVersion: 'canaries.flanksource.com/v1',
    kind: 'Canary',
    metadata: { name: VALIDATION_CANARY.name, namespace: VALIDATION_CANARY.namespace },
    spec,
  });
  if (props.stampRevision) {
    // The revision check reads the cluster's Flux source: canary-checker may read OCIRepositories in
    // flux-system, and nothing else there.
    const name = 'canary-checker-read-flux-sources';
    new ApiObject(scope, 'read-flux-sources', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: FLUX_NAMESPACE },
      rules: [{ apiGroups: ['source.toolkit.fluxcd.io'], resources: ['ocirepositories'], verbs: ['get', 'list', 'watch'] }],
    });
    new ApiObject(scope, 'read-flux-sources-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: FLUX_NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', ...CANARY_CHECKER_SA }],
    });
  }
}

/**
 * Canaries have no Ready condition: `status.status` is Passed, Failed or Invalid. A canary with a revision
 * check is current only once the latest run's per-check results (`status.checkStatus`, keyed by the check
 * ids in `status.checks`) include that check: a result of the previous build's spec does not count.
 */
const fresh =
  `(!has(spec.kubernetes) || spec.kubernetes.filter(c, c.name.startsWith('${REVISION_CHECK_PREFIX}'))` +
  '.all(c, has(status.checks) && has(status.checkStatus) && c.name in status.checks && status.checks[c.name] in status.checkStatus))';

export const canaryHealthExpr: HealthCheckExpr = {
  apiVersion: 'canaries.flanksource.com/v1',
  kind: 'Canary',
  current: `has(status.status) && status.status == 'Passed' && ${fresh}`,
  // A failure of the previous build's checks (its revision check fails as soon as the new build lands) is
  // not this build's failure: only a failed run of the current spec fails the gate.
  failed: `has(status.status) && (status.status == 'Failed' || status.status == 'Invalid') && ${fresh}`,
};
