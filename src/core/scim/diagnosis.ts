
// What went wrong, as a stable kind, plus the sentence a person can act on. Generic SCIM wording;
// what a particular target calls things (its token, its base URLs) comes in as data (`TargetHints`,
// see src/core/targets/hints.ts), so a server that is not the target's never hears of it.
import type { TargetHints } from '../targets/types';
import { GENERIC_HINTS } from '../targets/hints';
import { ERROR_SCHEMA } from './schemas';

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
  | 'insecure-url'
  /** The server answered with a SCIM Error (RFC 7644 §3.12) other than 401/403/404/429/5xx, e.g. 400 invalidFilter. */
  | 'scim-error';

/**
 * Internal extra kind: the caller aborted through its AbortSignal (the user pressed Cancel).
 * Never produced by the CLI; the editor shows nothing for it.
 */
export type FailureKind = Diagnosis | 'cancelled';

export const DIAGNOSES: readonly Diagnosis[] = [
  'unauthorized', 'forbidden', 'not-found', 'not-scim', 'timeout', 'dns', 'connection-refused',
  'tls', 'rate-limited', 'server-error', 'redirect', 'insecure-url', 'scim-error',
];

export interface ScimFailure {
  diagnosis: FailureKind;
  status?: number;
  /** What is wrong and the next step, for a person. Token-free by construction. */
  message: string;
  /** Technical detail: an error code, a Location, the start of an unexpected body. Token-free. */
  detail?: string;
  /** rate-limited: how long the server asked to wait (from Retry-After or a variant). */
  retryAfterMs?: number;
  /** scim-error: the server's scimType (RFC 7644 §3.12), when it sent one. */
  scimType?: string;
}


/** The detail and scimType of a SCIM Error body (RFC 7644 §3.12), or undefined when it is not one. */
export function scimErrorOf(body: unknown): { detail?: string; scimType?: string } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as { schemas?: unknown; detail?: unknown; scimType?: unknown; status?: unknown };
  const declared = Array.isArray(b.schemas) && b.schemas.includes(ERROR_SCHEMA);
  const shaped = typeof b.scimType === 'string' || (typeof b.detail === 'string' && (typeof b.status === 'string' || typeof b.status === 'number'));
  if (!declared && !shaped) return undefined;
  return {
    ...(typeof b.detail === 'string' && b.detail.trim() ? { detail: b.detail.trim() } : {}),
    ...(typeof b.scimType === 'string' && b.scimType.trim() ? { scimType: b.scimType.trim() } : {}),
  };
}

/**
 * The kind of an HTTP answer that is not a success (status >= 300), given its parsed JSON body (if
 * any): the same mapping for the client and the endpoint check's raw transport.
 */
export function diagnosisOfStatus(status: number, json: unknown): Diagnosis {
  if (status >= 300 && status < 400) return 'redirect';
  if (status === 401) return 'unauthorized';
  if (status === 403 || status === 407) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return scimErrorOf(json) ? 'scim-error' : 'not-scim';
}

/** RFC 7644 §3.12 scimType → what to change. */
const SCIM_TYPE_FIX: Record<string, string> = {
  invalidFilter: 'Use a simpler filter, e.g. userName eq "..."; many servers support only eq, and only on some attributes.',
  tooMany: 'The filter matches more results than the server returns: narrow it.',
  uniqueness: 'A resource with this value already exists (userName must be unique).',
  mutability: 'The request changes an attribute the server does not let you change.',
  invalidSyntax: 'The server could not parse the request: check its body and query.',
  invalidPath: 'The server does not accept this attribute path.',
  noTarget: 'The attribute path matched nothing on the resource.',
  invalidValue: 'A required value is missing, or a value has the wrong type for the server\'s schema.',
  invalidVers: 'The version (ETag) sent does not match the resource\'s.',
  sensitive: 'The server refuses this data in a URL (a filter, say): it expects POST /.search instead.',
};

/** What to do about a SCIM Error with this scimType. */
export function scimErrorFix(scimType: string | undefined): string {
  return (scimType !== undefined ? SCIM_TYPE_FIX[scimType] : undefined) ?? 'Check the request against the server\'s SCIM documentation.';
}


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
  /** The target's wording; default GENERIC_HINTS. */
  hints?: TargetHints;
  /** scim-error: the server's detail and scimType. */
  serverDetail?: string;
  scimType?: string;
  /** rate-limited: what waiting already happened ("still rate-limited after waiting 60 s …"). */
  rateLimit?: string;
}

/** A page that is not an API answer: the URL points at a site or a proxy. */
const isPageLike = (what: string | undefined): boolean => what !== undefined && /HTML|non-JSON|text\//i.test(what);

/** The sentence shown to a person for each kind of failure. */
export function diagnosisMessage(kind: FailureKind, ctx: MessageContext): string {
  const hints = ctx.hints ?? GENERIC_HINTS;
  const list = hints.baseUrlList ? ` (${hints.baseUrlList})` : '';
  switch (kind) {
    case 'unauthorized':
      return `${ctx.host} rejected the API token (HTTP 401): the token is wrong, expired or revoked. Re-enter the token${hints.tokenName ? ` (${hints.tokenName})` : ''} and check that it belongs to this tenant.`;
    case 'forbidden':
      return ctx.status === 407
        ? `The proxy between you and ${ctx.host} requires authentication (HTTP 407). Check the proxy settings (http.proxy, HTTPS_PROXY).`
        : `${ctx.host} accepted the token but refused access (HTTP 403): the token lacks SCIM permissions, or an IP allow-list blocks this network. Check the token's permissions or create a new one.`;
    case 'not-found':
      return `${ctx.host} has no SCIM Users endpoint at this URL (HTTP 404). ${hints.checkBaseUrl}; do not add /Users at the end.`;
    case 'not-scim': {
      const answered = ctx.what?.startsWith('an unexpected HTTP') ? `answered ${ctx.what}` : `answered${ctx.status !== undefined ? ` HTTP ${ctx.status}` : ''} with ${ctx.what ?? 'something that is not a SCIM ListResponse'}`;
      return `${ctx.host} ${answered}. ${hints.checkBaseUrl}${isPageLike(ctx.what) ? '; a login page or proxy page means the URL points at the site, not the SCIM API' : ''}.`;
    }
    case 'scim-error': {
      const lead = ctx.serverDetail ? `${ctx.scimType ? `${ctx.scimType}: ` : ''}${ctx.serverDetail}` : `a SCIM error${ctx.scimType ? ` (${ctx.scimType})` : ''}`;
      return `${lead.replace(/[.\s]+$/, '')} (HTTP ${ctx.status ?? '4xx'} from ${ctx.host}). ${scimErrorFix(ctx.scimType)}`;
    }
    case 'timeout':
      return `${ctx.host} did not answer within ${ctx.timeoutMs ?? '?'} ms. Check the Base URL and ${CHECK_NETWORK}; the tenant may also be slow or down (try again, or raise --timeout-ms).`;
    case 'dns':
      return `The host name ${ctx.host} could not be resolved (DNS). Check the Base URL for typos${list}; if the tenant is only reachable inside a VPN, connect to it first.`;
    case 'connection-refused':
      return `The connection to ${ctx.host} was refused or dropped${ctx.code ? ` (${ctx.code})` : ''}. Check the Base URL (host and port) and ${CHECK_NETWORK}.`;
    case 'tls':
      return `The TLS certificate of ${ctx.host} could not be verified${ctx.code ? ` (${ctx.code})` : ''}. ${TLS_HINT}. Otherwise check that the Base URL's host matches its certificate.`;
    case 'rate-limited': {
      const asked = ctx.waitSeconds !== undefined ? ` and asks to wait ${ctx.waitSeconds} s` : '';
      const waited = ctx.rateLimit ? `; ${ctx.rateLimit}` : '';
      return `${ctx.host} is rate limiting requests (HTTP 429)${asked}${waited}. Wait, then try again; repeated failures can make the identity provider quarantine the app.`;
    }
    case 'server-error':
      return `${ctx.host} had a server error (HTTP ${ctx.status ?? '5xx'}). The tenant, or a CDN/load balancer in front of it, is failing: try again later; if it persists, check the Base URL and contact the tenant's support.`;
    case 'redirect':
      return `${ctx.host} redirected the request to ${ctx.location ?? '(no Location)'}; the token is only sent to the origin it was entered for, so the redirect was not followed. Use the final URL as the Base URL if you trust it${list}.`;
    case 'insecure-url':
      return `Refusing to send the API token over plain http to ${ctx.host}: the Base URL must start with https:// (plain http is allowed only to localhost).`;
    case 'cancelled':
      return 'The request was cancelled.';
  }
}
