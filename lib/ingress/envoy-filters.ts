import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { HomelabGateway } from './gateway.js';

const API_VERSION = 'networking.istio.io/v1alpha3';

export interface LocalRateLimitProps {
  readonly name: string;
  readonly gateway: HomelabGateway;
  /** Requests one client address may make per `window` (per gateway pod: buckets are in memory). */
  readonly requestsPerWindow: number;
  /** Token refill interval, e.g. `60s`. */
  readonly window: string;
}

/**
 * Per-client-IP rate limiting on a gateway (reference: platform-extras.md §1e): Envoy's local rate-limit
 * HTTP filter, inserted before the router, with one descriptor keyed on the remote address (a value-less
 * entry, one bucket per address), and a virtual-host rate-limit action that produces that descriptor.
 * Buckets live in each pod's memory: the effective limit is per replica. It relies on the gateway Service's
 * `externalTrafficPolicy: Local`, without which every client shares the node's address.
 */
export class LocalRateLimit extends Construct {
  constructor(scope: Construct, id: string, props: LocalRateLimitProps) {
    super(scope, id);
    const bucket = { max_tokens: props.requestsPerWindow, tokens_per_fill: props.requestsPerWindow, fill_interval: props.window };
    const percent100 = { default_value: { numerator: 100, denominator: 'HUNDRED' }, runtime_key: '' };
    new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'EnvoyFilter',
      metadata: { name: props.name, namespace: props.gateway.namespace },
      spec: {
        workloadSelector: { labels: { ...props.gateway.podSelector } },
        configPatches: [
          {
            applyTo: 'HTTP_FILTER',
            match: {
              context: 'GATEWAY',
              listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } },
            },
            patch: {
              operation: 'INSERT_BEFORE',
              value: {
                name: 'envoy.filters.http.local_ratelimit',
                typed_config: {
                  '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
                  type_url: 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                  value: {
                    stat_prefix: `${props.gateway.gatewayName}_gateway_per_ip`,
                    filter_enabled: percent100,
                    filter_enforced: percent100,
                    enable_x_ratelimit_headers: 'DRAFT_VERSION_03',
                    descriptors: [{ entries: [{ key: 'remote_address' }], token_bucket: bucket }],
                  },
                },
              },
            },
          },
          {
            applyTo: 'VIRTUAL_HOST',
            match: { context: 'GATEWAY' },
            patch: { operation: 'MERGE', value: { rate_limits: [{ actions: [{ remote_address: {} }] }] } },
          },
        ],
      },
    });
  }
}

export interface SecurityHeadersProps {
  readonly name: string;
  readonly gateway: HomelabGateway;
  /** Response headers set on every virtual host (replacing a backend's own value). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Security response headers on every response of a gateway (reference: platform-extras.md §1f). */
export class SecurityHeaders extends Construct {
  constructor(scope: Construct, id: string, props: SecurityHeadersProps) {
    super(scope, id);
    const headers = Object.entries(props.headers)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ header: { key, value }, append: false }));
    new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'EnvoyFilter',
      metadata: { name: props.name, namespace: props.gateway.namespace },
      spec: {
        workloadSelector: { labels: { ...props.gateway.podSelector } },
        configPatches: [{ applyTo: 'VIRTUAL_HOST', match: { context: 'GATEWAY' }, patch: { operation: 'MERGE', value: { response_headers_to_add: headers } } }],
      },
    });
  }
}
