import { Construct } from 'constructs';
import { FLUX_NAMESPACE } from '../flux/defaults.js';
import { HelmRelease } from '../flux/helm-release.js';
import { SynthError } from '../core/errors.js';
import { HelmRepositories, type HelmRepository } from '../flux/helm-repository.js';
import { configureFluxUnit } from '../flux/unit-options.js';
import { unitOf } from '../data-services/consumer.js';
import type { Versions } from '../versions/versions.js';
import type { PodSecurityLevel } from '../k8s/namespace.js';
import { effectiveSecurityContext, podSecurityViolations } from './pod-security.js';
import type { ResolvedAppProps } from './props.js';
import { checkChartValues } from './values-schema.js';
import { mergeValues, type Values } from './values.js';

/** The default chart: bjw-s app-template. */
export const APP_TEMPLATE = { name: 'app-template', repository: 'oci://ghcr.io/bjw-s-labs/helm', versionKey: 'app_template_version' } as const;

export interface AppWorkloadProps {
  readonly props: ResolvedAppProps;
  /** The namespace's PodSecurity level (the group's for a grouped app). */
  readonly podSecurity: PodSecurityLevel;
  readonly namespace: string;
  /** The chart values the other parts built (default: the chart's own). */
  readonly values?: Values;
  readonly versions: Versions;
  /** app-template `persistence` entries of the app's volumes (merged under the chart's own). */
  readonly persistence: Values;
  readonly fail: (field: string, message: string) => never;
}

/**
 * The app's workload: a Flux HelmRelease (rendered in-cluster, from the cluster's shared HelmRepository of
 * its chart repository) of app-template —
 * values built from a plain `container`, or typed app-template values — or of any other chart. Container
 * security contexts are checked against the namespace's PodSecurity level first. The app's Flux unit is
 * healthy when the release is, so units depending on the app wait for it.
 */
export class AppWorkload extends Construct {
  readonly release: HelmRelease;

  constructor(scope: Construct, id: string, wp: AppWorkloadProps) {
    super(scope, id);
    const { props, fail } = wp;
    const c = props.container;
    if (c) {
      const containers = [
        { at: 'container', sc: c.securityContext },
        ...c.sidecars.map((s, i) => ({ at: `container.sidecars.${i}`, sc: s.securityContext })),
        ...c.initContainers.map((s, i) => ({ at: `container.initContainers.${i}`, sc: s.securityContext })),
      ];
      for (const { at, sc } of containers) {
        const v = podSecurityViolations(wp.podSecurity, effectiveSecurityContext(sc));
        if (v.length) fail(`${at}.securityContext.${v[0]!.field}`, `${v.map((x) => x.message).join('; ')} (namespace "${wp.namespace}")`);
      }
    }
    if (props.chart) checkChartSecurity(props, wp.podSecurity, wp.namespace, fail);

    const chart = props.chart ?? { ...APP_TEMPLATE, values: {} };
    let values: Values = wp.values ?? chart.values;
    if (chart.name === APP_TEMPLATE.name && Object.keys(wp.persistence).length) values = mergeValues({ persistence: wp.persistence }, values);
    if (chart.name === APP_TEMPLATE.name) {
      const issues = checkChartValues('app-template', values);
      const prefix = props.chart ? 'chart.values' : 'values';
      if (issues.length) fail(`${prefix}.${issues[0]!.path}`, `app-template values schema: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    }
    const repositories = HelmRepositories.ofCluster(this);
    let repository: HelmRepository;
    try {
      repository = repositories.for(chart.repository, this.node.path);
    } catch (e) {
      if (e instanceof SynthError) fail('chart.repository', e.reason);
      throw e;
    }
    unitOf(this).dependOn(repositories);
    this.release = new HelmRelease(this, 'HelmRelease', {
      name: props.name,
      targetNamespace: wp.namespace,
      chart: chart.name,
      version: wp.versions.get(chart.versionKey),
      repository,
      values,
    });
    configureFluxUnit(unitOf(this), { healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: props.name, namespace: FLUX_NAMESPACE }] });
  }
}

/** Checks app-template container security contexts against the namespace's PodSecurity level. */
function checkChartSecurity(props: ResolvedAppProps, level: PodSecurityLevel, namespace: string, fail: (field: string, message: string) => never): void {
  if (props.chart?.name !== APP_TEMPLATE.name || level === 'privileged') return;
  const values = props.chart.values as { defaultPodOptions?: { securityContext?: Values }; controllers?: Record<string, { containers?: Record<string, { securityContext?: Values }>; pod?: { securityContext?: Values } }> };
  const podSc = values.defaultPodOptions?.securityContext ?? {};
  for (const [cn, ctrl] of Object.entries(values.controllers ?? {})) {
    for (const [name, c] of Object.entries(ctrl.containers ?? {})) {
      const effective = { ...podSc, ...ctrl.pod?.securityContext, ...c.securityContext } as never;
      const v = podSecurityViolations(level, effective);
      if (v.length) fail(`chart.values.controllers.${cn}.containers.${name}.securityContext.${v[0]!.field}`, `${v.map((x) => x.message).join('; ')} (namespace "${namespace}")`);
    }
  }
}
