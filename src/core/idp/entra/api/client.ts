// A read-only client of Microsoft Graph for Entra ID apps: `Authorization: Bearer <token>` sent only to
// the Graph root's origin, `@odata.nextLink` followed whole, throttling (429 + Retry-After, fractional
// seconds allowed) under the product's one rate-limit policy, JSON batching of reads (up to 20 GETs per
// POST /$batch, each answer correlated by id, a 429 inside a batch retried), and every failure in
// Graph's words with the missing permission named from ./calls.ts. Facts and sources:
// /work/team/research/idp-apis.md §2 (concepts/paging.md@00e146a, json-batching.md@028b8e3,
// throttling.md, errors.md of microsoftgraph/microsoft-graph-docs-contrib).
import { retryHintOf } from '../../../http/rateLimit';
import { ManagementHttp } from '../../api/http';
import type { ApiAnswer, CallInfo } from '../../api/http';
import { IdpApiError } from '../../api/types';
import type { IdpApiFailure, ManagementClientOptions } from '../../api/types';
import type { ReadProgress } from '../../live';
import { GRAPH_CALLS, GRAPH_URL } from './calls';
import type { GraphOp } from './calls';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface GraphClientOptions extends ManagementClientOptions {
  /** The Graph root (default https://graph.microsoft.com; a national cloud's, or http://127.0.0.1:port for tests). */
  graphUrl?: string;
  /** The tenant, for messages. */
  tenantId?: string;
}

/** Graph's error body: `{error: {code, message, innerError}}` (errors.md). */
function graphError(json: unknown): { code?: string; message?: string } {
  const e = isObject(json) && isObject(json.error) ? json.error : undefined;
  return { ...(typeof e?.code === 'string' ? { code: e.code } : {}), ...(typeof e?.message === 'string' ? { message: e.message } : {}) };
}

/** At most 20 requests in one batch (json-batching.md). */
export const BATCH_LIMIT = 20;

export class GraphClient {
  readonly http: ManagementHttp;
  readonly graphUrl: string;
  readonly tenantId?: string;
  /** The service principal the client reads, when known: a 404 then names it. */
  servicePrincipalId?: string;

  constructor(opts: GraphClientOptions) {
    this.graphUrl = new URL(opts.graphUrl ?? GRAPH_URL).origin;
    if (opts.tenantId) this.tenantId = opts.tenantId;
    this.http = new ManagementHttp({
      ...opts,
      origin: this.graphUrl,
      label: 'Microsoft Graph',
      authorization: (t) => `Bearer ${t}`,
      accept: 'application/json',
      // Graph throttles per app and tenant (identity resource units), not per path: one bucket.
      bucketOf: () => 'graph',
      diagnose: (a, c) => this.diagnose(a.status, a.json, c),
    });
  }

  set onProgress(f: ((p: ReadProgress) => void) | undefined) {
    this.http.onProgress = f;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** A failed answer in Graph's words, the missing permission named from the call's table entry. */
  diagnose(status: number, json: unknown, call: CallInfo): IdpApiFailure {
    const { code, message } = graphError(json);
    const said = `${status}${code ? ` ${code}` : ''}${message ? ` "${message}"` : ''}`;
    const need = (GRAPH_CALLS as Record<string, { permission: string; purpose: string; role?: string } | undefined>)[call.op];
    const tenant = this.tenantId ? `tenant ${this.tenantId}` : 'the tenant';
    const permission = (): IdpApiFailure => ({
      diagnosis: 'forbidden', status, ...(code ? { code } : {}), ...(need ? { permission: need.permission } : {}),
      message: need
        ? `Microsoft Graph refused to ${need.purpose} (${said}): that needs the permission ${need.permission}${need.role ? `, and a signed-in user also needs ${need.role}` : ''}. Grant it (admin consent) to the app or account whose token is used, then get a new token.`
        : `Microsoft Graph refused ${call.what} (${said}): the token lacks a permission it needs.`,
    });
    if (status === 401 && code === 'UnknownError' && (call.op === 'listJobs' || call.op === 'getSchema')) {
      // The synchronization API's answer to a missing permission or directory role (microsoft-graph-docs-contrib#8800).
      return { ...permission(), message: `${permission().message} (Graph answers 401 UnknownError with an empty message when this permission or role is missing.)` };
    }
    if (status === 401) {
      return {
        diagnosis: 'unauthorized', status, ...(code ? { code } : {}),
        message: `Microsoft Graph rejected the access token (${said}): it has expired, is not a token for ${this.graphUrl}, or is malformed. Get a new one (e.g. az account get-access-token --resource-type ms-graph).`,
      };
    }
    if (status === 403) return permission();
    if (status === 404) {
      if (call.op === 'getServicePrincipal' || (code === 'Request_ResourceNotFound' && this.servicePrincipalId && call.what.includes('enterprise app'))) {
        return {
          diagnosis: 'not-found', status, ...(code ? { code } : {}),
          message: `Entra ID has no enterprise app (service principal) with object id ${this.servicePrincipalId ?? '?'} in ${tenant} (${said}). Check the id (idp.servicePrincipalId or --service-principal-id): it is the Object ID on the enterprise application's Overview page, not its Application ID; a token of another tenant reads that tenant instead.`,
        };
      }
      return { diagnosis: 'not-found', status, ...(code ? { code } : {}), message: `Microsoft Graph found no ${call.what} (${said}).` };
    }
    if (status >= 500) return { diagnosis: 'server-error', status, ...(code ? { code } : {}), message: `Microsoft Graph had a server error while reading ${call.what} (${said}): try again later.` };
    return { diagnosis: 'bad-response', status, ...(code ? { code } : {}), message: `Microsoft Graph refused the request for ${call.what} (${said}).` };
  }

  get(path: string, op: GraphOp, what: string, signal?: AbortSignal, allow?: number[]): Promise<ApiAnswer> {
    return this.http.get(path, { op, what, ...(allow ? { allow } : {}) }, signal);
  }

  /** Every item of a collection, following `@odata.nextLink` whole (paging.md: never build a skiptoken). */
  async list<T = Json>(path: string, op: GraphOp, what: string, opts: { signal?: AbortSignal; onPage?(items: T[], page: number): void } = {}): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = path;
    let page = 0;
    while (url !== undefined) {
      page++;
      const a = await this.http.get(url, { op, what: page > 1 ? `${what} (page ${page})` : what }, opts.signal);
      const body = isObject(a.json) ? a.json : undefined;
      if (!body || !Array.isArray(body.value)) {
        throw new IdpApiError({ diagnosis: 'bad-response', status: a.status, message: `Microsoft Graph answered ${what} (page ${page}) without a value list: nothing was read.` });
      }
      out.push(...(body.value as T[]));
      opts.onPage?.(body.value as T[], page);
      url = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
    }
    return out;
  }

  /**
   * GETs in batches of 20 (`POST /v1.0/$batch`), answers by request id. A sub-request answered 429 is
   * sent again after its Retry-After (bounded); any other failure fails the whole read with its diagnosis.
   */
  async batch(requests: ReadonlyArray<{ id: string; url: string }>, op: GraphOp, what: string, signal?: AbortSignal): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (let i = 0; i < requests.length; i += BATCH_LIMIT) {
      let pending = requests.slice(i, i + BATCH_LIMIT);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const a = await this.http.postRead('/v1.0/$batch', { requests: pending.map((r) => ({ id: r.id, method: 'GET', url: r.url })) }, { op, what }, signal);
        const responses = isObject(a.json) && Array.isArray(a.json.responses) ? a.json.responses : undefined;
        if (!responses) throw new IdpApiError({ diagnosis: 'bad-response', status: a.status, message: `Microsoft Graph answered a batch of ${what} without responses: nothing was read.` });
        const limited: Array<{ id: string; url: string }> = [];
        let waitMs = 0;
        for (const r of responses) {
          if (!isObject(r) || typeof r.id !== 'string') continue;
          const req = pending.find((p) => p.id === r.id);
          if (!req) continue;
          const status = typeof r.status === 'number' ? r.status : 0;
          if (status >= 200 && status < 300) { out.set(r.id, r.body); continue; }
          if (status === 429) {
            limited.push(req);
            const h = isObject(r.headers) ? (r.headers as Record<string, string>) : {};
            waitMs = Math.max(waitMs, retryHintOf(h)?.ms ?? 1000 * 2 ** attempt);
            continue;
          }
          throw new IdpApiError(this.diagnose(status, r.body, { op, what }));
        }
        const missing = pending.filter((p) => !out.has(p.id) && !limited.includes(p));
        if (missing.length) throw new IdpApiError({ diagnosis: 'bad-response', status: a.status, message: `Microsoft Graph's batch answer lacks ${missing.length} of its requests for ${what}: nothing partial was kept.` });
        if (limited.length && attempt >= 8) throw new IdpApiError({ diagnosis: 'rate-limited', status: 429, message: `Microsoft Graph kept rate limiting ${what} inside batches after ${attempt} retries: try again later.` });
        if (limited.length && !(await this.http.pause(waitMs, what, signal))) throw new IdpApiError({ diagnosis: 'cancelled', message: 'The request was cancelled.' });
        pending = limited;
      }
    }
    return out;
  }
}
