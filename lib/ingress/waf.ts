import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { WasmPluginSpecFailStrategy, WasmPluginSpecImagePullPolicy, WasmPluginSpecPhase, type WasmPluginSpec } from '../generated/crds/extensions.istio.io.js';
import { crsRuleFile } from './crs-rules.js';
import type { HomelabGateway } from './gateway.js';

/** Ids of our own rules: above the CRS-reserved 900000–999999 range. */
export const LOCAL_RULE_IDS = { min: 9_000_000, max: 9_099_999 } as const;

/**
 * A narrow, reasoned hole in the WAF: for requests to `host` whose URI starts with `pathPrefix`, either
 * skip request-body inspection or remove one rule.
 */
export interface WafExclusion {
  /** Id of the exclusion rule itself (9000000–9099999), stable so audit logs stay readable. */
  readonly id: number;
  /** A hostname routed through this gateway (the exclusion applies to no other host). */
  readonly host: string;
  readonly pathPrefix: string;
  /** `requestBody`: no body inspection; `{ rule }`: that rule does not run. */
  readonly skip: 'requestBody' | { readonly rule: number };
  /** Why the hole is needed (rendered as a comment above the rule). */
  readonly reason: string;
}

export interface CorazaWafProps {
  readonly name: string;
  /** The gateway whose pods load the module. */
  readonly gateway: HomelabGateway;
  /** `oci://…@sha256:…` of coraza-proxy-wasm (pinned by digest). */
  readonly moduleUrl: string;
  /** Paranoia level at which rules block (CRS `blocking_paranoia_level`). */
  readonly blockingParanoiaLevel: 1 | 2 | 3 | 4;
  /** Level up to which rules still run and score without blocking (≥ the blocking level). */
  readonly detectionParanoiaLevel: 1 | 2 | 3 | 4;
  readonly inboundAnomalyThreshold: number;
  readonly allowedMethods: readonly string[];
  /** Bytes of request body (with files) Coraza buffers; larger requests are rejected. */
  readonly requestBodyLimit: number;
  /** Bytes of request body without files. */
  readonly requestBodyNoFilesLimit: number;
  readonly exclusions?: readonly WafExclusion[];
  /** The file declaring these settings, named in errors. */
  readonly source: string;
}

/**
 * The Coraza WAF on a gateway (reference: platform-extras.md §1d): an Istio WasmPlugin running the OWASP CRS
 * in the AUTHN phase, failing closed (a broken module denies traffic rather than letting it through
 * uninspected). Exclusions are typed: each names a real CRS rule, a host the gateway routes, and its
 * reason; they are placed before the CRS include, where CRS requires runtime (`ctl:`) exclusions to be.
 */
export class CorazaWaf extends Construct {
  readonly exclusions: readonly WafExclusion[];
  private readonly props: CorazaWafProps;

  constructor(scope: Construct, id: string, props: CorazaWafProps) {
    super(scope, id);
    this.props = props;
    this.exclusions = props.exclusions ?? [];
    const fail = (field: string, message: string) => new SynthError(props.source, message, field);
    const errors: SynthError[] = [];
    if (!/^oci:\/\/[^@]+@sha256:[0-9a-f]{64}$/.test(props.moduleUrl)) errors.push(fail('moduleUrl', `module "${props.moduleUrl}" must be an oci:// reference pinned by sha256 digest`));
    if (props.detectionParanoiaLevel < props.blockingParanoiaLevel) {
      errors.push(fail('detectionParanoiaLevel', `detection level ${props.detectionParanoiaLevel} is below the blocking level ${props.blockingParanoiaLevel}`));
    }
    const ids = new Set<number>();
    this.exclusions.forEach((e, i) => {
      if (!Number.isInteger(e.id) || e.id < LOCAL_RULE_IDS.min || e.id > LOCAL_RULE_IDS.max) {
        errors.push(fail(`exclusions[${i}].id`, `exclusion id ${e.id} must be in ${LOCAL_RULE_IDS.min}–${LOCAL_RULE_IDS.max} (ids below belong to CRS)`));
      }
      if (ids.has(e.id)) errors.push(fail(`exclusions[${i}].id`, `exclusion id ${e.id} is used twice`));
      ids.add(e.id);
      if (typeof e.skip === 'object' && !crsRuleFile(e.skip.rule)) {
        errors.push(fail(`exclusions[${i}].skip.rule`, `rule ${e.skip.rule} is not a rule of the OWASP CRS or the recommended configuration the WAF loads`));
      }
      if (!e.pathPrefix.startsWith('/') || /["\s]/.test(e.pathPrefix)) errors.push(fail(`exclusions[${i}].pathPrefix`, `path prefix "${e.pathPrefix}" must start with "/" and contain no quotes or spaces`));
      if (e.reason.trim().length < 10) errors.push(fail(`exclusions[${i}].reason`, 'an exclusion needs a reason reviewers can read'));
    });
    throwIfAny(errors);

    const spec: WasmPluginSpec = {
      selector: { matchLabels: { ...props.gateway.podSelector } },
      url: props.moduleUrl,
      imagePullPolicy: WasmPluginSpecImagePullPolicy.IF_NOT_PRESENT,
      phase: WasmPluginSpecPhase.AUTHN,
      failStrategy: WasmPluginSpecFailStrategy.FAIL_UNDERSCORE_CLOSE,
      pluginConfig: { directives_map: { default: this.directives() }, default_directives: 'default' },
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'extensions.istio.io/v1alpha1',
      kind: 'WasmPlugin',
      metadata: { name: props.name, namespace: props.gateway.namespace },
      spec,
    });
  }

  /**
   * Checks that every exclusion's host is one the gateway routes (`routedHosts`: the hostnames of the
   * HTTPRoutes attached to it). Called once the cluster's routes are all declared.
   */
  checkHosts(routedHosts: ReadonlySet<string>): void {
    throwIfAny(
      this.exclusions.flatMap((e, i) =>
        routedHosts.has(e.host)
          ? []
          : [new SynthError(this.props.source, `WAF exclusion ${e.id} names host "${e.host}", which no route on gateway "${this.props.gateway.gatewayName}" serves (known: ${[...routedHosts].sort().join(', ') || 'none'})`, `exclusions[${i}].host`)],
      ),
    );
  }

  /** The SecLang directives, in load order. */
  directives(): string[] {
    const p = this.props;
    const setup = (id: number, variable: string) => `SecAction "id:${id},phase:1,pass,t:none,nolog,setvar:'tx.${variable}'"`;
    const exclusionRules = this.exclusions.flatMap((e) => {
      const action = e.skip === 'requestBody' ? 'ctl:requestBodyAccess=Off' : `ctl:ruleRemoveById=${e.skip.rule}`;
      const hostPattern = `^${e.host.replace(/\./g, '\\.')}(:[0-9]+)?$`;
      return [
        `# ${e.reason.replace(/\s+/g, ' ').trim()}`,
        `SecRule REQUEST_HEADERS:Host "@rx ${hostPattern}" "id:${e.id},phase:1,pass,t:none,t:lowercase,nolog,chain"`,
        `SecRule REQUEST_URI "@beginsWith ${e.pathPrefix}" "t:none,${action}"`,
      ];
    });
    return [
      'Include @recommended-conf',
      'Include @crs-setup-conf',
      setup(900000, `blocking_paranoia_level=${p.blockingParanoiaLevel}`),
      setup(900001, `allowed_methods=${p.allowedMethods.join(' ')}`),
      setup(900002, `inbound_anomaly_score_threshold=${p.inboundAnomalyThreshold}`),
      setup(900003, `detection_paranoia_level=${p.detectionParanoiaLevel}`),
      ...exclusionRules,
      'Include @owasp_crs/*.conf',
      'SecRuleEngine On',
      `SecRequestBodyLimit ${p.requestBodyLimit}`,
      `SecRequestBodyNoFilesLimit ${p.requestBodyNoFilesLimit}`,
      'SecResponseBodyAccess Off',
    ];
  }
}
