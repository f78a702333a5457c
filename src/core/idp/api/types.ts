// The contract between an identity provider's management API client and its callers (the CLI's
// import and drift, later the editor): how a token is obtained, how a failure is told.
import type { Redactor } from '../../http/redact';
import type { Logger } from '../../http/log';
import type { RateLimitPolicy } from '../../http/rateLimit';
import type { TransportOptions } from '../../http/transport';

/** The CLI/JSON contract (DESIGN.md: "Diagnoses as for the SCIM client"). */
export type IdpApiDiagnosis =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'timeout'
  | 'dns'
  | 'tls'
  | 'connection-refused'
  | 'server-error'
  | 'redirect'
  | 'insecure-url'
  /** The API answered something that is not what it documents (HTML, a cut page, an unexpected shape). */
  | 'bad-response';

export interface IdpApiFailure {
  diagnosis: IdpApiDiagnosis | 'cancelled';
  /** In the identity provider's words: what is wrong and what to do. Token-free by construction. */
  message: string;
  status?: number;
  /** The vendor's error code (E0000011, Authorization_RequestDenied). */
  code?: string;
  /** The permission the call needs, when the failure is one of permission. */
  permission?: string;
}

export class IdpApiError extends Error {
  constructor(readonly failure: IdpApiFailure) {
    super(failure.message);
    this.name = 'IdpApiError';
  }
}

/** An IdpApiError, also one made by another bundle's copy of the class (dist/azure-identity.js). */
export function isIdpApiError(e: unknown): e is IdpApiError {
  if (e instanceof IdpApiError) return true;
  const f = e !== null && typeof e === 'object' ? (e as { name?: unknown; failure?: unknown }).failure : undefined;
  return (e as { name?: unknown } | null)?.name === 'IdpApiError' && f !== null && typeof f === 'object' && typeof (f as IdpApiFailure).message === 'string';
}

/**
 * Where a management client's token comes from. One per identity provider and credential source:
 * the CLI's OKTA_API_TOKEN / GRAPH_TOKEN / @azure/identity chain, the editor's keychain entry
 * (`idp.tokenRef`) or VS Code's Microsoft sign-in. A provider asks once per client and again after
 * a 401 when `refresh` is offered.
 */
export interface TokenProvider {
  /** Where the token comes from, for messages: "OKTA_API_TOKEN", "the Azure CLI login". */
  readonly source: string;
  /** The token. Throws IdpApiError (diagnosis unauthorized) when none can be had, with what to do. */
  token(opts: { signal?: AbortSignal }): Promise<string>;
}

/** A token given as a string (an environment variable, a keychain entry). */
export function staticToken(value: string, source: string): TokenProvider {
  return { source, token: () => Promise.resolve(value) };
}

/** What every management client takes besides its location and token. */
export interface ManagementClientOptions {
  tokens: TokenProvider;
  /** Per HTTP exchange; default 10,000 ms (DESIGN's --timeout-ms). */
  timeoutMs?: number;
  /** How long one request may wait on rate limits (default: two of Okta's minute windows). */
  rateLimit?: Partial<RateLimitPolicy>;
  /** The product's version for the User-Agent. */
  version?: string;
  logger?: Logger;
  /** Redacts every message and log line; the client adds its token to it. */
  redactor?: Redactor;
  /** Proxy, CA, dispatcher (tests). */
  transport?: TransportOptions;
}
