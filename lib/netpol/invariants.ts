import type { KubeObject } from '../core/manifest.js';
import { ACCESS_LABEL_PREFIX, CILIUM_NS_LABEL_PREFIX, ENFORCEMENT_DISABLED, ENFORCEMENT_LABEL, POD_NAMESPACE_LABEL, PROFILE_LABEL } from './labels.js';
import { PROFILES, PROFILE_TABLE, isProfile, type Profile } from './profiles.js';
import type { Port } from './ports.js';
import { assertPriorityClassName } from './priority-class.js';

/** A platform namespace's world egress beyond tcp/443, with its reason. */
export interface WorldEgressException {
  readonly namespace: string;
  readonly port: Port;
  readonly reason: string;
}

export interface InvariantOptions {
  readonly worldEgressExceptions: readonly WorldEgressException[];
  /** The named CIDRs of the networking model: the only CIDRs a policy may contain. */
  readonly namedCidrs: ReadonlyArray<{ readonly name: string; readonly cidr: string }>;
}

type Obj = { readonly object: KubeObject; readonly source: string };
type Sel = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Rule = Record<string, unknown> & { toPorts?: { ports?: { port: string; protocol?: string; endPort?: number }[] }[] };

const CNP = 'CiliumNetworkPolicy';
const CCNP = 'CiliumClusterwideNetworkPolicy';
const isCilium = (o: KubeObject) => o.apiVersion === 'cilium.io/v2' && (o.kind === CNP || o.kind === CCNP);
const spec = (o: KubeObject) => (o.spec ?? {}) as { endpointSelector?: Sel; ingress?: Rule[]; egress?: Rule[]; ingressDeny?: unknown[]; egressDeny?: unknown[] };
const strip = (k: string) => k.replace(/^(k8s|any):/, '');
const ident = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** `tcp/443` notation of a rendered port entry (`tcp/any` without a port). */
function portKeys(rule: Rule): string[] | 'any' {
  if (!rule.toPorts?.length) return 'any';
  const out: string[] = [];
  for (const tp of rule.toPorts) {
    for (const p of tp.ports ?? []) {
      const protos = !p.protocol || p.protocol === 'ANY' ? ['tcp', 'udp', 'sctp'] : [p.protocol.toLowerCase()];
      for (const proto of protos) out.push(`${proto}/${p.port}${p.endPort ? `-${p.endPort}` : ''}`);
    }
  }
  return out;
}

/** The access label an endpoint selector selects on (`In ["true"]`), if any. */
function accessLabelOf(sel: Sel | undefined): string | undefined {
  for (const e of sel?.matchExpressions ?? []) {
    const key = strip(e.key);
    if (key.startsWith(`${CILIUM_NS_LABEL_PREFIX}${ACCESS_LABEL_PREFIX}`) && e.operator === 'In') return key.slice(CILIUM_NS_LABEL_PREFIX.length);
  }
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) {
    const key = strip(k);
    if (key.startsWith(`${CILIUM_NS_LABEL_PREFIX}${ACCESS_LABEL_PREFIX}`) && v === 'true') return key.slice(CILIUM_NS_LABEL_PREFIX.length);
  }
  return undefined;
}

function profileOf(sel: Sel | undefined): string | undefined {
  return sel?.matchLabels?.[`${CILIUM_NS_LABEL_PREFIX}${PROFILE_LABEL}`];
}

function podNamespaceOf(sel: Sel): string | undefined {
  return sel.matchLabels?.[POD_NAMESPACE_LABEL] ?? sel.matchLabels?.[`k8s:${POD_NAMESPACE_LABEL}`];
}

function isEmptySelector(sel: Sel): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/**
 * The invariants of platform.md §7 (with SPEC §3.4's corrections) checked over synthesized objects, so
 * they also catch objects other constructs emit. Returns one message per violation, naming the object,
 * the construct that made it and the field.
 */
export function checkNetworkPolicyInvariants(objects: readonly Obj[], opts: InvariantOptions): string[] {
  const errors: string[] = [];
  const err = (o: Obj, field: string, msg: string) => errors.push(`${ident(o.object)} [${o.source}] (${field}): ${msg}`);
  const namespaces = objects.filter((o) => o.object.apiVersion === 'v1' && o.object.kind === 'Namespace');
  const policies = objects.filter((o) => isCilium(o.object));
  const nsLabels = new Map(namespaces.map((o) => [o.object.metadata.name, ((o.object.metadata as { labels?: Record<string, string> }).labels ?? {})]));

  // No deny rules; no empty peer selector in a cluster-wide policy.
  for (const o of policies) {
    const s = spec(o.object);
    if (s.ingressDeny?.length || s.egressDeny?.length) err(o, s.ingressDeny?.length ? 'spec.ingressDeny' : 'spec.egressDeny', 'deny rules are not part of the model (allow-only policies)');
    if (o.object.kind !== CCNP) continue;
    for (const dir of ['ingress', 'egress'] as const) {
      (s[dir] ?? []).forEach((r, i) => {
        const key = dir === 'ingress' ? 'fromEndpoints' : 'toEndpoints';
        ((r[key] as Sel[] | undefined) ?? []).forEach((sel, j) => {
          if (isEmptySelector(sel)) err(o, `spec.${dir}[${i}].${key}[${j}]`, 'empty {} endpoint selector in a cluster-wide policy selects every pod in the cluster; use a namespaced policy for same-namespace traffic');
        });
      });
    }
  }

  // Namespace labels: enforcement, profile, exactly one of profile / hand-crafted policy.
  const defaults = new Set(policies.filter((o) => o.object.kind === CNP && o.object.metadata.name === `${o.object.metadata.namespace}-default`).map((o) => o.object.metadata.namespace));
  for (const o of namespaces) {
    const name = o.object.metadata.name;
    const labels = nsLabels.get(name)!;
    const enforcement = labels[ENFORCEMENT_LABEL];
    if (enforcement !== undefined && enforcement !== ENFORCEMENT_DISABLED) {
      err(o, `metadata.labels["${ENFORCEMENT_LABEL}"]`, `enforcement must be "${ENFORCEMENT_DISABLED}" or absent, got "${enforcement}"`);
    }
    const profile = labels[PROFILE_LABEL];
    if (profile !== undefined && !isProfile(profile)) err(o, `metadata.labels["${PROFILE_LABEL}"]`, `unknown profile "${profile}" (one of ${PROFILES.join(', ')})`);
    if (profile === undefined && !defaults.has(name)) err(o, `metadata.labels["${PROFILE_LABEL}"]`, `namespace has neither a profile label nor a hand-crafted CiliumNetworkPolicy ${name}-default: its pods would have no connectivity`);
    if (profile !== undefined && defaults.has(name)) err(o, `metadata.labels["${PROFILE_LABEL}"]`, `namespace has both profile "${profile}" and a hand-crafted CiliumNetworkPolicy ${name}-default; choose one`);
  }

  // Access grants: both halves on the same port.
  const egressHalves = new Map<string, { provider: string; ports: string[]; o: Obj }[]>();
  const ingressHalves = new Map<string, { provider: string; ports: string[] | 'any'; o: Obj }[]>();
  for (const o of policies) {
    const s = spec(o.object);
    if (o.object.kind === CCNP) {
      const label = accessLabelOf(s.endpointSelector);
      if (label) {
        for (const r of s.egress ?? []) {
          for (const sel of (r.toEndpoints as Sel[] | undefined) ?? []) {
            const provider = podNamespaceOf(sel);
            const ports = portKeys(r);
            if (provider && ports !== 'any') (egressHalves.get(label) ?? egressHalves.set(label, []).get(label)!).push({ provider, ports, o });
          }
        }
      }
    } else {
      (s.ingress ?? []).forEach((r) => {
        for (const sel of (r.fromEndpoints as Sel[] | undefined) ?? []) {
          const label = accessLabelOf(sel);
          if (label) (ingressHalves.get(label) ?? ingressHalves.set(label, []).get(label)!).push({ provider: o.object.metadata.namespace!, ports: portKeys(r), o });
        }
      });
    }
  }
  for (const [label, halves] of egressHalves) {
    for (const e of halves) {
      const match = (ingressHalves.get(label) ?? []).filter((i) => i.provider === e.provider);
      const missing = e.ports.filter((p) => !match.some((m) => m.ports === 'any' || m.ports.includes(p)));
      if (missing.length) err(e.o, 'spec.egress', `access ${label} has no ingress half: no CiliumNetworkPolicy in ${e.provider} allows namespaces labelled ${label} on ${missing.join(', ')}`);
    }
  }
  for (const [label, halves] of ingressHalves) {
    for (const i of halves) {
      if (!(egressHalves.get(label) ?? []).some((e) => e.provider === i.provider)) err(i.o, 'spec.ingress', `access ${label} has no egress half: no CiliumClusterwideNetworkPolicy selecting ${label} reaches ${i.provider}`);
    }
  }
  for (const o of namespaces) {
    for (const [k, v] of Object.entries(nsLabels.get(o.object.metadata.name)!)) {
      if (!k.startsWith(ACCESS_LABEL_PREFIX)) continue;
      if (v !== 'true') err(o, `metadata.labels["${k}"]`, `access labels take the value "true", got "${v}"`);
      const egressOnly = policies.some((p) => p.object.kind === CCNP && accessLabelOf(spec(p.object).endpointSelector) === k);
      if (!egressOnly) err(o, `metadata.labels["${k}"]`, `access label ${k} grants nothing: no cluster-wide policy selects it`);
    }
  }

  // World egress: inside the profile's set, or tcp/443 (+ reasoned exceptions) for platform namespaces.
  const profileSet = (p: Profile) => new Set<string>(PROFILE_TABLE[p].worldEgress.map((port) => port.toString()));
  for (const o of policies) {
    const s = spec(o.object);
    let allowed: Set<string> | undefined;
    let what: string;
    if (o.object.kind === CCNP) {
      const p = profileOf(s.endpointSelector) as Profile | undefined;
      allowed = isProfile(p) ? profileSet(p) : undefined;
      what = p ? `profile ${p}` : 'a cluster-wide policy that is not a profile';
    } else {
      const ns = o.object.metadata.namespace!;
      const p = nsLabels.get(ns)?.[PROFILE_LABEL] as Profile | undefined;
      if (isProfile(p)) {
        allowed = new Set([...profileSet(p), ...opts.worldEgressExceptions.filter((x) => x.namespace === ns).map((x) => x.port.toString())]);
        what = `profile ${p} of namespace ${ns}`;
      } else {
        allowed = new Set(['tcp/443', ...opts.worldEgressExceptions.filter((x) => x.namespace === ns).map((x) => x.port.toString())]);
        what = `platform namespace ${ns} (tcp/443 plus its declared exceptions)`;
      }
    }
    (s.egress ?? []).forEach((r, i) => {
      if (!((r.toEntities as string[] | undefined) ?? []).includes('world')) return;
      const ports = portKeys(r);
      const outside = ports === 'any' ? ['any port'] : ports.filter((p) => !allowed?.has(p));
      if (outside.length) err(o, `spec.egress[${i}].toPorts`, `world egress ${outside.join(', ')} is outside the set allowed for ${what}: ${[...(allowed ?? [])].join(', ') || 'none'}`);
    });
  }

  // No raw IP literals: every CIDR is a named one; entity `all` only in the escape hatch.
  const named = new Set(opts.namedCidrs.map((c) => c.cidr));
  for (const o of policies) {
    const s = spec(o.object);
    const escapeHatch = (s.endpointSelector?.matchExpressions ?? []).some((e) => strip(e.key) === `${CILIUM_NS_LABEL_PREFIX}${ENFORCEMENT_LABEL}`);
    for (const dir of ['ingress', 'egress'] as const) {
      const f = dir === 'ingress' ? 'from' : 'to';
      (s[dir] ?? []).forEach((r, i) => {
        const cidrs = [...((r[`${f}CIDR`] as string[] | undefined) ?? []), ...((r[`${f}CIDRSet`] as { cidr: string }[] | undefined) ?? []).map((c) => c.cidr)];
        for (const c of cidrs) if (!named.has(c)) err(o, `spec.${dir}[${i}].${f}CIDR`, `raw CIDR ${c}: use a NamedCidr from the networking model (known: ${opts.namedCidrs.map((n) => `${n.name}=${n.cidr}`).join(', ')})`);
        if (!escapeHatch && ((r[`${f}Entities`] as string[] | undefined) ?? []).includes('all')) err(o, `spec.${dir}[${i}].${f}Entities`, 'entity "all" is reserved for the escape hatch (escape-hatch-allow-all)');
      });
    }
  }

  // Custom PriorityClasses never take the system- prefix.
  for (const o of objects) {
    if (o.object.kind !== 'PriorityClass') continue;
    try {
      assertPriorityClassName(o.object.metadata.name);
    } catch (e) {
      err(o, 'metadata.name', (e as Error).message);
    }
  }
  return errors;
}
