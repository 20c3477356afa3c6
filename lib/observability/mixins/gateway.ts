// Gateway data plane: the external/internal Istio gateways (Envoy) and what they see of every routed app.
// Generic over apps: each alert yields one instance per (gateway, destination workload).
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/gateway.ts';
/** Istio's ambient gateways report requests from the source side only. */
export const GATEWAY_REQUESTS = 'istio_requests_total{reporter="source", source_workload=~"(external|internal)-istio.*"}';
const byPair = 'sum by (source_workload, destination_workload)';

export const gatewayMonitoring: ComponentMonitoring = {
  component: 'gateway',
  sources: [{
    component: 'istio gateways (Envoy)',
    metrics: [
      'istio_requests_total', ...histogram('istio_request_duration_milliseconds'), 'istio_request_bytes_sum', 'istio_response_bytes_sum', 'istio_tcp_connections_opened_total',
      'envoy_server_state', 'envoy_server_memory_allocated', 'envoy_server_memory_heap_size', 'envoy_cluster_manager_cds_update_rejected', 'envoy_listener_manager_lds_update_rejected',
      'envoy_cluster_upstream_cx_connect_fail', 'envoy_http_local_rate_limiter_http_local_rate_limit_rate_limited', 'istio_agent_wasm_remote_fetch_count', 'envoy_server_live',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'gateway', file: FILE });
    const req = (extra = '') => `${byPair} (rate(${GATEWAY_REQUESTS.replace('}', `${extra}}`)}[5m]))`;
    group('gateway-requests')
      .alert({
        alert: 'GatewayZeroResponseCode', severity: 'critical', for: '5m',
        expr: `${req(', response_code="0"')} > 0.05 and ${req(', response_code="0"')} / ${req()} > 0.1`,
        summary: '{{ $labels.source_workload }} answers {{ $labels.destination_workload }} requests with no response at all',
        description: 'The gateway\'s HBONE connection pool to the app is wedged (istio#60074): requests die without a status code. Restart the gateway deployment.',
      })
      .alert({
        alert: 'GatewayUpstreamConnectionFailures', severity: 'warning', for: '10m',
        expr: `${req(', response_flags=~"UC|UF|UO|URX"')} / ${req()} > 0.2`,
        summary: 'More than 20% of {{ $labels.destination_workload }} requests through {{ $labels.source_workload }} fail to connect',
        description: 'The gateway cannot open or keep connections to the app (reset, overflow, retries exhausted). Client disconnects (DC) do not count.',
      })
      .alert({
        alert: 'GatewayNoHealthyUpstream', severity: 'critical', for: '5m', expr: `${req(', response_flags="UH"')} > 0`,
        summary: '{{ $labels.destination_workload }} has no healthy endpoint behind {{ $labels.source_workload }}',
        description: 'Every request gets a 503: no pod of the app is ready. Check the app\'s pods and readiness probe.',
      })
      .alert({
        alert: 'GatewayServerErrorRateHigh', severity: 'warning', for: '10m',
        expr: `${req(', response_code=~"5.."')} > 0.05 and ${req(', response_code=~"5.."')} / ${req()} > 0.1`,
        summary: 'More than 10% of {{ $labels.destination_workload }} responses are 5xx',
        description: 'The app itself returns server errors; its log says why. The SLO burn-rate alerts fire if this eats the error budget.',
      })
      .alert({
        alert: 'GatewayNoRoute', severity: 'warning', for: '15m',
        expr: `sum by (source_workload) (rate(${GATEWAY_REQUESTS.replace('}', ', response_flags="NR"}')}[5m])) > 0.1`,
        summary: '{{ $labels.source_workload }} receives requests for hosts it has no route for',
        description: 'A client uses a host that has no HTTPRoute (removed app, DNS left behind) — or a scanner. The gateway access log names the host.',
      });
    group('gateway-envoy')
      .alert({
        alert: 'GatewayEnvoyNotLive', severity: 'critical', for: '5m', expr: 'envoy_server_state{namespace="istio-gateway"} != 0',
        summary: 'Gateway pod {{ $labels.pod }} is not serving (Envoy state {{ $value }})', description: 'Envoy is draining or initialising: it takes no traffic. Restart it if it stays.',
      })
      .alert({
        alert: 'GatewayEnvoyMemoryHigh', severity: 'warning', for: '15m',
        expr: 'envoy_server_memory_allocated{namespace="istio-gateway"} / envoy_server_memory_heap_size{namespace="istio-gateway"} > 0.9',
        summary: 'Gateway pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its heap', description: 'The gateway nears its memory limit; connection storms or large buffers.',
      })
      .alert({
        alert: 'GatewayReplicasDegraded', severity: 'warning', for: '5m',
        expr: 'kube_deployment_status_replicas_available{namespace="istio-gateway", deployment=~"(external|internal)-istio"} < kube_deployment_spec_replicas{namespace="istio-gateway", deployment=~"(external|internal)-istio"}',
        summary: 'Gateway {{ $labels.deployment }} runs with fewer replicas than desired', description: 'The gateway has less headroom; one more failure takes it down.',
      })
      .alert({
        alert: 'GatewayNoReplicasAvailable', severity: 'critical', for: '2m',
        expr: 'kube_deployment_status_replicas_available{namespace="istio-gateway", deployment=~"(external|internal)-istio"} == 0',
        summary: 'Gateway {{ $labels.deployment }} has no available replica', description: 'Every route on this gateway is down.',
      })
      .alert({
        alert: 'GatewayConfigRejected', severity: 'critical', for: '5m',
        expr: 'sum by (pod) (increase(envoy_cluster_manager_cds_update_rejected{namespace="istio-gateway"}[5m])) + sum by (pod) (increase(envoy_listener_manager_lds_update_rejected{namespace="istio-gateway"}[5m])) > 0',
        summary: 'Gateway pod {{ $labels.pod }} rejects configuration', description: 'New routes and security settings do not reach it. Usually an EnvoyFilter that does not apply to this Envoy version.',
      })
      .alert({
        alert: 'GatewayXdsConnectionFailing', severity: 'warning', for: '10m',
        expr: 'sum by (pod) (increase(envoy_cluster_upstream_cx_connect_fail{namespace="istio-gateway", cluster_name="xds-grpc"}[10m])) > 0',
        summary: 'Gateway pod {{ $labels.pod }} cannot connect to istiod', description: 'It serves its last configuration; changes do not arrive.',
      })
      .alert({
        alert: 'GatewayWafReloadFailure', severity: 'warning', for: '5m',
        expr: 'sum by (pod) (increase(istio_agent_wasm_remote_fetch_count{namespace="istio-gateway", result!="success"}[15m])) > 0',
        summary: 'Gateway pod {{ $labels.pod }} cannot load the WAF module', description: 'The Coraza WasmPlugin failed to fetch; the gateway may run without the WAF. Check the plugin URL and its checksum.',
      });
    group('coraza-waf')
      .alert({
        alert: 'CorazaWAFDegraded', severity: 'warning', for: '5m', expr: 'absent(istio_requests_total{reporter="source", source_workload="external-istio"})',
        summary: 'The external gateway reports no requests at all', description: 'Either nothing reaches it or its telemetry (and with it the WAF plugin chain) is broken.',
      })
      .alert({
        alert: 'CorazaWAFHighBlockRate', severity: 'warning', for: '10m',
        expr: 'sum(rate(istio_requests_total{reporter="source", source_workload="external-istio", response_code="403"}[5m])) / sum(rate(istio_requests_total{reporter="source", source_workload="external-istio"}[5m])) > 0.1',
        summary: 'The WAF blocks {{ $value | humanizePercentage }} of external requests', description: 'An attack, or a rule that blocks real users after an app change. The gateway access log has the rule id.',
      });
  },
};
