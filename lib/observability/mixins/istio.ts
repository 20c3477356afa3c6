// Istio control plane (istiod), ambient data plane (ztunnel) and the mesh CA bridge (istio-csr).
import { histogram } from '../catalog.js';
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/istio.ts';

export const istiodMonitoring: ComponentMonitoring = {
  component: 'istio',
  sources: [{
    component: 'istiod',
    metrics: [
      'pilot_xds_pushes', 'pilot_xds_push_context_errors', 'pilot_xds_cds_reject', 'pilot_xds_eds_reject', 'pilot_xds_lds_reject', 'pilot_xds_rds_reject',
      ...histogram('pilot_proxy_convergence_time'), 'pilot_total_xds_internal_errors', 'pilot_conflict_inbound_listener', 'pilot_conflict_outbound_listener_http_over_current_tcp',
      'pilot_conflict_outbound_listener_tcp_over_current_tcp', 'pilot_sds_certificate_errors_total', 'pilot_xds', 'pilot_services', 'istio_build',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'istio', file: FILE });
    group('istiod')
      .alert({
        alert: 'IstiodDown', severity: 'critical', for: '5m', expr: 'absent(up{job="istiod"} == 1)',
        summary: 'No istiod instance is up',
        description: 'Without istiod no proxy gets new configuration or certificates; existing traffic keeps flowing until certificates expire.',
      })
      .alert({
        alert: 'IstiodXdsPushErrorsHigh', severity: 'warning', for: '5m',
        expr: 'sum(rate(pilot_xds_pushes{type="cds"}[5m])) > 0 and sum(rate(pilot_xds_push_context_errors[5m])) / sum(rate(pilot_xds_pushes{type="cds"}[5m])) > 0.05',
        summary: 'More than 5% of istiod configuration pushes fail',
        description: 'Proxies receive incomplete configuration. The istiod log names the resource that breaks the push context.',
      })
      .alert({
        alert: 'IstiodXdsRejects', severity: 'warning', for: '5m',
        expr: 'sum(rate(pilot_xds_cds_reject[5m])) + sum(rate(pilot_xds_eds_reject[5m])) + sum(rate(pilot_xds_lds_reject[5m])) + sum(rate(pilot_xds_rds_reject[5m])) > 0',
        summary: 'Proxies reject configuration from istiod',
        description: 'Envoy refuses what istiod sends (often an EnvoyFilter or WasmPlugin that no longer fits). The rejecting proxies keep their old config.',
      })
      .alert({
        alert: 'IstiodSlowConvergence', severity: 'warning', for: '10m', expr: 'histogram_quantile(0.99, sum by (le) (rate(pilot_proxy_convergence_time_bucket[5m]))) > 30',
        summary: 'Istio configuration takes {{ $value | humanizeDuration }} to reach proxies (p99)',
        description: 'Changes (new routes, endpoints) take effect late. istiod is CPU-starved or pushes are very large.',
      })
      .alert({
        alert: 'IstiodInternalErrors', severity: 'warning', for: '5m', expr: 'sum(rate(pilot_total_xds_internal_errors[5m])) > 0',
        summary: 'istiod reports internal xDS errors', description: 'istiod fails to build configuration; its log has the stack.',
      })
      .alert({
        alert: 'IstiodListenerConflicts', severity: 'warning', for: '5m',
        expr: 'max(pilot_conflict_inbound_listener) > 0 or max(pilot_conflict_outbound_listener_http_over_current_tcp) > 0 or max(pilot_conflict_outbound_listener_tcp_over_current_tcp) > 0',
        summary: 'Istio has conflicting listeners', description: 'Two services claim the same port with different protocols; one of them gets no traffic.',
      })
      .alert({
        alert: 'IstiodSDSCertificateErrors', severity: 'critical', for: '5m', expr: 'sum(rate(pilot_sds_certificate_errors_total[5m])) > 0',
        summary: 'istiod fails to serve certificates', description: 'Gateways cannot load their TLS certificates: HTTPS for the affected hosts breaks.',
      })
      .alert({
        alert: 'IstiodHighClientCount', severity: 'warning', for: '10m', expr: 'sum(pilot_xds) > 500',
        summary: '{{ $value }} proxies are connected to istiod', description: 'Far more than this homelab runs: a proxy reconnect loop or a leak.',
      });
    group('ztunnel')
      .alert({
        alert: 'ZtunnelDown', severity: 'critical', for: '5m', expr: 'kube_daemonset_status_number_unavailable{namespace="istio-system", daemonset="ztunnel"} > 0',
        summary: '{{ $value }} ztunnel pods are unavailable',
        description: 'Ambient pods on those nodes have no mesh data plane: their traffic stops.',
      })
      .alert({
        alert: 'ZtunnelNotFullyDeployed', severity: 'warning', for: '10m',
        expr: 'kube_daemonset_status_desired_number_scheduled{namespace="istio-system", daemonset="ztunnel"} - kube_daemonset_status_number_ready{namespace="istio-system", daemonset="ztunnel"} > 0',
        summary: 'ztunnel runs on fewer nodes than it should', description: 'A node has no ready ztunnel; check its pod and the node\'s taints.',
      })
      .alert({
        alert: 'IstioCniNodeUnavailable', severity: 'critical', for: '5m', expr: 'kube_daemonset_status_number_unavailable{namespace="istio-system", daemonset="istio-cni-node"} > 0',
        summary: '{{ $value }} istio-cni node agents are unavailable',
        description: 'New ambient pods on those nodes are not redirected into ztunnel (or fail to start): they run outside the mesh. Check the istio-cni-node pod on the node.',
      });
    group('external-gateway').alert({
      alert: 'ExternalGatewayRateLimiting', severity: 'warning', for: '5m',
      expr: 'sum by (pod) (increase(envoy_http_local_rate_limiter_http_local_rate_limit_rate_limited{namespace="istio-gateway"}[5m])) > 0',
      summary: 'The external gateway throttles clients ({{ $value | humanize }} requests in 5m)',
      description: 'A client exceeded the per-address budget of the external gateway. Usually a scanner; if it is a real user or an app, raise the budget in the gateway security config.',
    });
  },
};

export const istioCsrMonitoring: ComponentMonitoring = {
  component: 'istio-csr',
  sources: [{ component: 'istio-csr', metrics: ['grpc_server_handled_total', 'grpc_server_started_total'] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'istio-csr', file: FILE, runbook: 'istio.md' });
    const unauthenticated = 'sum(rate(grpc_server_handled_total{namespace="cert-manager", grpc_service="istio.v1.auth.IstioCertificateService", grpc_code="Unauthenticated"}[5m]))';
    const steps = 'Its `istio-ca` service account token is frozen or expired (kubernetes#138689): restart the istio-csr pod, then ztunnel and the gateway pods so they fetch fresh certificates.';
    group('istio-csr')
      .alert({
        alert: 'IstioCSRDown', severity: 'critical', for: '5m', expr: 'absent(up{job="cert-manager-istio-csr-metrics"} == 1)',
        summary: 'istio-csr is not up', description: 'Mesh workload certificates are not issued or renewed; they expire within a day.',
      })
      .alert({
        alert: 'IstioCSRCertificateRequestFailures', severity: 'critical', for: '5m', expr: 'certmanager_certificate_ready_status{name=~"istio.*", condition="False"} == 1',
        summary: 'Mesh certificate {{ $labels.namespace }}/{{ $labels.name }} is not Ready',
        description: 'The mesh CA chain is broken: istiod cannot serve, workloads cannot renew. Check the istio-mesh-ca issuer and its SSM-sourced key.',
      })
      .alert({
        alert: 'IstioCSRCertificateExpiringSoon', severity: 'warning', for: '30m', expr: 'certmanager_certificate_expiration_timestamp_seconds{name=~"istiod.*"} - time() < 48 * 3600',
        summary: 'istiod certificate expires within 48 hours', description: 'It lives 7 days and renews at 72 hours; being this close means renewal failed.',
      })
      .alert({
        alert: 'IstioCsrAuthFailure', severity: 'warning', for: '3m', expr: `${unauthenticated} > 0`,
        summary: 'istio-csr rejects certificate requests as unauthenticated', description: `Workloads cannot renew mesh certificates. ${steps}`,
      })
      .alert({
        alert: 'IstioCsrAuthFailureCritical', severity: 'critical', for: '5m', expr: `${unauthenticated} > 0.05`,
        summary: 'istio-csr rejects many certificate requests as unauthenticated', description: `Mesh certificates will start to expire. ${steps}`,
      });
  },
};
