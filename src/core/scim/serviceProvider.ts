// What a tenant's ServiceProviderConfig says it supports (RFC 7643 §5), and whether a body is a SCIM
// ListResponse (RFC 7644 §3.4.2): read by the credential test, the pager and the endpoint check.
import { LIST_RESPONSE_SCHEMA } from './schemas';
import { isRecord } from '../shared/values';

export interface ServiceProviderSupport {
  patch: boolean;
  filter: boolean;
  /** filter.maxResults: the largest page the tenant returns. */
  maxResults?: number;
  sort: boolean;
  bulk: boolean;
  etag: boolean;
  changePassword: boolean;
  authenticationSchemes: string[];
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why `body` is not a SCIM ListResponse, or undefined when it is one. */
export function listResponseProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'a JSON body that is not an object';
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.schemas) || !b.schemas.includes(LIST_RESPONSE_SCHEMA)) return `JSON whose "schemas" lacks ${LIST_RESPONSE_SCHEMA}`;
  for (const key of ['totalResults', 'startIndex', 'itemsPerPage'] as const) {
    if (!isInt(b[key])) return `a ListResponse whose "${key}" is not an integer`;
  }
  if (b.Resources === undefined) {
    // RFC 7644 §3.4.2: Resources may be omitted when there are no results; lenient only then.
    if (b.totalResults !== 0 && b.itemsPerPage !== 0) return 'a ListResponse without a "Resources" array';
  } else if (!Array.isArray(b.Resources)) {
    return 'a ListResponse whose "Resources" is not an array';
  }
  return undefined;
}

export function readServiceProviderSupport(body: unknown): ServiceProviderSupport | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const supported = (k: string): boolean => {
    const v = b[k];
    return !!v && typeof v === 'object' && (v as { supported?: unknown }).supported === true;
  };
  const filter = b.filter as { maxResults?: unknown } | undefined;
  const schemes = Array.isArray(b.authenticationSchemes) ? b.authenticationSchemes : [];
  const out: ServiceProviderSupport = {
    patch: supported('patch'),
    filter: supported('filter'),
    sort: supported('sort'),
    bulk: supported('bulk'),
    etag: supported('etag'),
    changePassword: supported('changePassword'),
    authenticationSchemes: schemes
      .map((s: unknown) => (s && typeof s === 'object' ? ((s as { type?: unknown; name?: unknown }).type ?? (s as { name?: unknown }).name) : undefined))
      .filter((s): s is string => typeof s === 'string'),
  };
  if (filter && typeof filter === 'object' && isInt(filter.maxResults)) out.maxResults = filter.maxResults;
  return out;
}

/** Resources of a ListResponse (empty when absent or not an array). */
export function resourcesOf(v: unknown): unknown[] {
  return isRecord(v) && Array.isArray(v.Resources) ? v.Resources : [];
}
