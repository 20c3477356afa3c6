import { Construct, type IConstruct } from 'constructs';
import { rootSingleton } from '../core/root-singleton.js';
import { SynthError } from '../core/errors.js';
import { GeneratedSecret } from '../data-services/secrets.js';
import type { GatewayName } from '../netpol/profiles.js';

/** The issuer's host label under each gateway's domain: `auth.<internal domain>`, `auth.<external domain>`. */
export const ISSUER_SUBDOMAIN = 'auth';
/** Key of the generated client secret (in the provider's namespace and in each client's replica). */
export const CLIENT_SECRET_KEY = 'client-secret';

/** The Secret holding an OIDC client's secret, in the provider's namespace and (replicated) the app's. */
export function clientSecretName(clientId: string): string {
  return `${clientId}-oidc-client-secret`;
}

/** `https://auth.<domain>`. */
export function issuerUrl(domains: Readonly<Record<GatewayName, string>>, gateway: GatewayName): string {
  return `https://${ISSUER_SUBDOMAIN}.${domains[gateway]}`;
}

/** Who may log in through a client: a level, or membership of one of the directory's groups (two factors). */
export type OidcPolicy = 'one_factor' | 'two_factor' | { readonly groups: readonly string[] };

/** One client as an app declares it (`sso.oidc`), resolved: absolute redirect URIs, its namespace. */
export interface OidcClient {
  readonly clientId: string;
  readonly clientName: string;
  readonly namespace: string;
  /** The app file (named in errors). */
  readonly where: string;
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
  readonly policy: OidcPolicy;
  readonly pkce: boolean;
  readonly tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  readonly unsignedUserinfo: boolean;
  readonly claims?: readonly string[];
}

/** The provider (Authelia): its namespace and the unit its objects go to. */
export interface ProviderBinding {
  readonly name: string;
  readonly namespace: string;
  readonly where: string;
  /** Where the client secrets are generated (the provider's folder). */
  readonly scope: Construct;
}

const ID = 'IdentityProvider';

/**
 * The cluster's OIDC identity provider and its clients, the way the data services hold their consumers:
 * an app's `sso.oidc` registers a client (the replica of its secret lands in the app's folder at once); the
 * provider app, built last, turns the registrations into its configuration (`clients`, policies, the mounted
 * secrets) and generates each client secret once in its own namespace with replication allowed to the app.
 */
export class IdentityProvider extends Construct {
  static of(scope: IConstruct): IdentityProvider {
    return rootSingleton(scope, ID, (root, id) => new IdentityProvider(root, id));
  }

  private readonly registered = new Map<string, OidcClient>();
  private readonly scopes = new Map<string, Construct>();
  private providerBinding?: ProviderBinding;
  private secretsCreated = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Declares the provider app (one per cluster). */
  registerProvider(binding: ProviderBinding): void {
    if (this.providerBinding) throw new SynthError(binding.where, `app "${binding.name}" is a second identity provider (also ${this.providerBinding.where})`, 'identityProvider');
    this.providerBinding = binding;
  }

  get provider(): ProviderBinding | undefined {
    return this.providerBinding;
  }

  /**
   * Registers a client; its secret and the app's replica are written once every app is declared
   * (`createClientSecrets`). A client id registered twice is an error naming both apps.
   */
  registerClient(client: OidcClient, scope: Construct): { readonly secret: string; readonly key: string } {
    const other = this.registered.get(client.clientId);
    if (other) throw new SynthError(client.where, `OIDC client "${client.clientId}" is already registered by ${other.where}`, 'sso.oidc');
    this.registered.set(client.clientId, client);
    this.scopes.set(client.clientId, scope);
    return { secret: clientSecretName(client.clientId), key: CLIENT_SECRET_KEY };
  }

  /** Registered clients, sorted by id. */
  get clients(): readonly OidcClient[] {
    return [...this.registered.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  }

  /**
   * Both halves of every client secret, once all clients are registered: generated in the provider's
   * folder (replication allowed to the app's namespace) and the app's replica in the app's folder.
   */
  createClientSecrets(): void {
    const p = this.providerBinding;
    if (!p || this.secretsCreated) return;
    this.secretsCreated = true;
    for (const c of this.clients) {
      const name = clientSecretName(c.clientId);
      const s = new GeneratedSecret(p.scope, `OidcClientSecret-${c.clientId}`, { name, namespace: p.namespace, keys: [CLIENT_SECRET_KEY], length: 64, encoding: 'hex' });
      if (c.namespace !== p.namespace) s.replicateInto(this.scopes.get(c.clientId)!, 'OidcClientSecret', c.namespace, name);
    }
  }

  /** Clients registered without a provider on the cluster (an error per client). */
  orphanErrors(): SynthError[] {
    if (this.providerBinding) return [];
    return this.clients.map((c) => new SynthError(c.where, `app declares an OIDC client "${c.clientId}", but the cluster has no identity provider (an app with identityProvider: true)`, 'sso.oidc'));
  }
}
