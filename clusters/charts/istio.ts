import type { HelmValues } from '../../lib/flux/helm-release.js';
import { MESH_CA } from '../../lib/ingress/issuers.js';

/** Where istiod and ztunnel ask for workload certificates: istio-csr's Service (443 → 6443). */
export const ISTIO_CSR_ADDRESS = 'cert-manager-istio-csr.cert-manager.svc:443';
/** Where istio-csr reads the mesh root it hands out as the trust anchor (tls.crt of the mesh CA Secret). */
const ROOT_CA_DIR = '/var/run/secrets/istio-csr';

/**
 * istio-csr (reference: platform-extras.md §4c): signs the mesh's workload certificates with the shared mesh
 * root through the `istio-mesh-ca` ClusterIssuer, serves istiod's own certificate, trusts ztunnel to ask on
 * behalf of its node's workloads, and accepts renewals authenticated by the current certificate (so a frozen
 * service-account token does not stop renewals). Out of ambient itself: ztunnel, istio-cni and istio-csr would
 * otherwise wait on each other at cold start.
 */
export function istioCsrValues(): HelmValues {
  return {
    replicaCount: 2,
    app: {
      certmanager: { issuer: { name: MESH_CA.issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' }, preserveCertificateRequests: false },
      istio: { namespace: 'istio-system' },
      server: {
        authenticators: { enableClientCert: true },
        caTrustedNodeAccounts: 'istio-system/ztunnel',
        maxCertificateDuration: '24h',
        serving: { address: '0.0.0.0', port: 6443 },
      },
      tls: {
        certificateDuration: '24h',
        istiodCertificateEnable: true,
        istiodCertificateDuration: '168h',
        istiodCertificateRenewBefore: '72h',
        rootCAFile: `${ROOT_CA_DIR}/ca.pem`,
      },
      metrics: { service: { servicemonitor: { enabled: true } } },
    },
    volumes: [{ name: 'root-ca', secret: { secretName: MESH_CA.secret, items: [{ key: 'tls.crt', path: 'ca.pem' }] } }],
    volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_DIR, readOnly: true }],
    podLabels: { 'istio.io/dataplane-mode': 'none' },
    priorityClassName: 'platform',
  };
}

/**
 * istiod, ambient profile, with its CA server off: workload certificates come from istio-csr (the mesh root in
 * SSM), so every cluster shares one trust root and istiod holds no signing key. `extensionProviders`: the
 * ext-authz providers CUSTOM AuthorizationPolicies name (oauth2-proxy, lib/identity).
 */
export function istiodValues(extensionProviders: readonly Record<string, unknown>[]): HelmValues {
  return {
    profile: 'ambient',
    pilot: { env: { ENABLE_CA_SERVER: 'false' } },
    global: { caAddress: ISTIO_CSR_ADDRESS },
    // Envoy access logs as JSON on stdout: Alloy ships the gateways' to Loki (geo lookup, rejected-traffic dashboards).
    meshConfig: { accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', extensionProviders: [...extensionProviders] },
  };
}

/** ztunnel asks istio-csr, not istiod, for the certificates of its node's workloads. */
export function ztunnelValues(): HelmValues {
  return { profile: 'ambient', caAddress: ISTIO_CSR_ADDRESS };
}
