// What went wrong, as a stable kind, plus the sentence a person can act on.
import { regionTableHint } from './endpoint';

/** The CLI/JSON contract (DESIGN.md). */
export type Diagnosis =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'not-scim'
  | 'timeout'
  | 'dns'
  | 'connection-refused'
  | 'tls'
  | 'rate-limited'
  | 'server-error'
  | 'redirect'
  | 'insecure-url';

/**
 * Internal extra kind: the caller aborted through its AbortSignal (the user pressed Cancel).
 * Never produced by the CLI; the editor shows nothing for it.
 */
export type FailureKind = Diagnosis | 'cancelled';

export const DIAGNOSES: readonly Diagnosis[] = [
  'unauthorized', 'forbidden', 'not-found', 'not-scim', 'timeout', 'dns', 'connection-refused',
  'tls', 'rate-limited', 'server-error', 'redirect', 'insecure-url',
];

export interface ScimFailure {
  diagnosis: FailureKind;
  status?: number;
  /** What is wrong and the next step, for a person. Token-free by construction. */
  message: string;
  /** Technical detail: an error code, a Location, the start of an unexpected body. Token-free. */
  detail?: string;
  /** rate-limited: how long the server asked to wait (from Retry-After). */
  retryAfterMs?: number;
}

const CHECK_BASE_URL = `Check the Base URL against the region table (${regionTableHint()}) or your customer-hosted URL ending in /api/v1/scim`;
const CHECK_NETWORK = 'make sure it is not blocked by a firewall, VPN or proxy (http.proxy / HTTPS_PROXY)';
const TLS_HINT =
  'This is often a corporate proxy intercepting TLS: add its root certificate through NODE_EXTRA_CA_CERTS (or the editor\'s trusted certificates); ' +
  'only as a last resort, and only for a trusted network, set http.proxyStrictSSL to false';

export interface MessageContext {
  host: string;
  status?: number;
  location?: string;
  waitSeconds?: number;
  timeoutMs?: number;
  code?: string;
  what?: string;
}

/** The sentence shown to a person for each kind of failure. */
export function diagnosisMessage(kind: FailureKind, ctx: MessageContext): string {
  switch (kind) {
    case 'unauthorized':
      return `${ctx.host} rejected the API token (HTTP 401): the token is wrong, expired or revoked. Re-enter the token (Global Settings API Token) and check that it belongs to this tenant.`;
    case 'forbidden':
      return ctx.status === 407
        ? `The proxy between you and ${ctx.host} requires authentication (HTTP 407). Check the proxy settings (http.proxy, HTTPS_PROXY).`
        : `${ctx.host} accepted the token but refused access (HTTP 403): the token lacks SCIM permissions, or an IP allow-list blocks this network. Check the token's permissions or create a new one.`;
    case 'not-found':
      return `${ctx.host} has no SCIM Users endpoint at this URL (HTTP 404). ${CHECK_BASE_URL}; do not add /Users at the end.`;
    case 'not-scim':
      return `${ctx.host} answered${ctx.status !== undefined ? ` HTTP ${ctx.status}` : ''} with ${ctx.what ?? 'something that is not a SCIM ListResponse'}. ${CHECK_BASE_URL}; a login page or proxy page means the URL points at the site, not the SCIM API.`;
    case 'timeout':
      return `${ctx.host} did not answer within ${ctx.timeoutMs ?? '?'} ms. Check the Base URL and ${CHECK_NETWORK}; the tenant may also be slow or down (try again, or raise --timeout-ms).`;
    case 'dns':
      return `The host name ${ctx.host} could not be resolved (DNS). Check the Base URL for typos (${regionTableHint()}); if the tenant is only reachable inside a VPN, connect to it first.`;
    case 'connection-refused':
      return `The connection to ${ctx.host} was refused or dropped${ctx.code ? ` (${ctx.code})` : ''}. Check the Base URL (host and port) and ${CHECK_NETWORK}.`;
    case 'tls':
      return `The TLS certificate of ${ctx.host} could not be verified${ctx.code ? ` (${ctx.code})` : ''}. ${TLS_HINT}. Otherwise check that the Base URL's host matches its certificate.`;
    case 'rate-limited':
      return ctx.waitSeconds !== undefined
        ? `${ctx.host} is rate limiting requests (HTTP 429) and asks to wait ${ctx.waitSeconds} s. Wait, then try again; repeated failures can make the identity provider quarantine the app.`
        : `${ctx.host} is rate limiting requests (HTTP 429). Wait a minute, then try again.`;
    case 'server-error':
      return `${ctx.host} had a server error (HTTP ${ctx.status ?? '5xx'}). The tenant, or a CDN/load balancer in front of it, is failing: try again later; if it persists, check the Base URL and contact the tenant's support.`;
    case 'redirect':
      return `${ctx.host} redirected the request to ${ctx.location ?? '(no Location)'}; the token is only sent to the origin it was entered for, so the redirect was not followed. Use the final URL as the Base URL if you trust it (${regionTableHint()}).`;
    case 'insecure-url':
      return `Refusing to send the API token over plain http to ${ctx.host}: the Base URL must start with https:// (plain http is allowed only to localhost).`;
    case 'cancelled':
      return 'The request was cancelled.';
  }
}
