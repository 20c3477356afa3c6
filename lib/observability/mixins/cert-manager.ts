// cert-manager: certificate lifetimes, renewals and ACME issuance (metrics: cert-manager controller).
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/cert-manager.ts';

export const certManagerMonitoring: ComponentMonitoring = {
  component: 'cert-manager',
  sources: [{
    component: 'cert-manager',
    metrics: [
      'certmanager_certificate_expiration_timestamp_seconds', 'certmanager_certificate_renewal_timestamp_seconds', 'certmanager_certificate_ready_status',
      'certmanager_certificate_not_after_timestamp_seconds', 'certmanager_http_acme_client_request_count', 'certmanager_controller_sync_call_count', 'certmanager_clock_time_seconds_gauge',
    ],
  }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'cert-manager', file: FILE });
    // istiod's serving certificate lives for 7 days by design (istio-csr); the istio rules watch it.
    const expiry = 'certmanager_certificate_expiration_timestamp_seconds{name!~"istiod.*"} - time()';
    group('cert-manager.rules')
      .alert({
        alert: 'CertificateExpiringSoon14d', severity: 'warning', expr: `${expiry} < 14 * 86400`,
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 14 days',
        description: 'cert-manager renews at two thirds of the lifetime, so a certificate this close to expiry has failed to renew. Check its CertificateRequest and the issuer.',
      })
      .alert({
        alert: 'CertificateExpiringSoon24h', severity: 'critical', for: '1h', expr: `${expiry} < 86400`,
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 24 hours',
        description: 'TLS for the hosts of this certificate breaks within a day. Renew it by hand (cmctl renew) while you fix the issuer.',
      })
      .alert({
        alert: 'CertificateRenewalFailure', severity: 'critical', for: '1h',
        expr: 'certmanager_certificate_renewal_timestamp_seconds < time() and on (name, namespace) certmanager_certificate_ready_status{condition="False"} == 1',
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is past its renewal time and not Ready',
        description: 'The renewal has been attempted and failed for an hour. `kubectl describe certificate` and its latest CertificateRequest name the cause.',
      })
      .alert({
        alert: 'CertificateIssuanceFailure', severity: 'warning', for: '15m',
        expr: 'sum by (host, status) (rate(certmanager_http_acme_client_request_count{status=~"4..|5.."}[5m])) > 0',
        summary: 'ACME requests to {{ $labels.host }} fail with {{ $labels.status }}',
        description: 'The ACME server rejects cert-manager\'s requests (rate limit, DNS-01 validation, account). New certificates and renewals through this issuer stall.',
      });
  },
};
