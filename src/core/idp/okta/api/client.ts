// A read-only client of the Okta Management API: `Authorization: SSWS <token>` sent only to the org's
// origin, `Accept: application/json`, paging by `Link: <…>; rel="next"` (followed whole, never parsed),
// Okta's rate limits (a spent bucket waited out until X-Rate-Limit-Reset; a 429 retried after it), and
// every failure in Okta's words. It only ever sends GET. Okta's own facts and their sources:
// /work/team/research/idp-apis.md §1 (core = okta-developer-docs core-okta-api/index.md@468de9c;
// error codes = okta-developer-docs data/error-codes.json, release 2026.08.1).
import { ManagementHttp, nextLink } from '../../api/http';
import type { ApiAnswer, CallInfo } from '../../api/http';
import { IdpApiError } from '../../api/types';
import type { IdpApiFailure, ManagementClientOptions } from '../../api/types';
import type { ReadProgress } from '../../live';
import { OKTA_CALLS, oktaBucketOf } from './calls';
import type { OktaOp } from './calls';

type Json = Record<string, unknown>;

export interface OktaClientOptions extends ManagementClientOptions {
  /** The org URL (`https://acme.okta.com`, a custom domain, or http://127.0.0.1:port for tests). */
  orgUrl: string;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Okta's error object: `{errorCode, errorSummary, errorCauses}` (core "Errors"). */
function oktaError(json: unknown): { code?: string; summary?: string } {
  if (!isObject(json)) return {};
  return {
    ...(typeof json.errorCode === 'string' ? { code: json.errorCode } : {}),
    ...(typeof json.errorSummary === 'string' ? { summary: json.errorSummary } : {}),
  };
}

export class OktaClient {
  readonly http: ManagementHttp;
  readonly orgUrl: string;
  /** The app the client reads, when known: a 404 then names it. */
  appId?: string;

  constructor(opts: OktaClientOptions) {
    this.orgUrl = new URL(opts.orgUrl).origin;
    this.http = new ManagementHttp({
      ...opts,
      origin: this.orgUrl,
      label: 'Okta',
      authorization: (t) => `SSWS ${t}`,
      accept: 'application/json',
      bucketOf: oktaBucketOf,
      diagnose: (a, c) => this.diagnose(a, c),
    });
  }

  set onProgress(f: ((p: ReadProgress) => void) | undefined) {
    this.http.onProgress = f;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** A non-success answer in Okta's words. */
  diagnose(a: ApiAnswer, call: CallInfo): IdpApiFailure {
    const { code, summary } = oktaError(a.json);
    const said = `${a.status}${code ? ` ${code}` : ''}${summary ? ` "${summary}"` : ''}`;
    const need = (OKTA_CALLS as Record<string, { permission: string; purpose: string } | undefined>)[call.op];
    if (a.status === 401) {
      return {
        diagnosis: 'unauthorized', status: 401, ...(code ? { code } : {}),
        message: `Okta rejected the API token (${said}): it was revoked or has expired, or it belongs to another org than ${this.orgUrl}. Create an API token in that org (Admin Console → Security → API → Tokens) and use it.`,
      };
    }
    if (a.status === 403 && code === 'E0000005') {
      return { diagnosis: 'unauthorized', status: 403, code, message: `Okta saw no API token on the request (${said}): give an API token of ${this.orgUrl} (Authorization: SSWS …).` };
    }
    if (a.status === 403) {
      return {
        diagnosis: 'forbidden', status: 403, ...(code ? { code } : {}), ...(need ? { permission: need.permission } : {}),
        message: need
          ? `Okta refused to ${need.purpose} (${said}): that needs ${need.permission}, which the admin who created the API token does not have. Use a token of an admin whose role can read it (e.g. a Read-Only Administrator).`
          : `Okta refused ${call.what} (${said}): the API token's admin may not read it.`,
      };
    }
    if (a.status === 404) {
      const appMissing = /\(AppInstance\)/.test(summary ?? '') || call.op === 'getApplication';
      return {
        diagnosis: 'not-found', status: 404, ...(code ? { code } : {}),
        message: appMissing && this.appId
          ? `Okta has no app with id ${this.appId} in ${this.orgUrl} (${said}). Check the app id (idp.appId or --app-id): it is in the app's Admin Console address, …/admin/app/<name>/instance/<app id>/.`
          : `Okta found no ${call.what} (${said}).`,
      };
    }
    if (a.status >= 500) {
      return { diagnosis: 'server-error', status: a.status, ...(code ? { code } : {}), message: `Okta had a server error while reading ${call.what} (${said}): try again later (status.okta.com).` };
    }
    return { diagnosis: 'bad-response', status: a.status, ...(code ? { code } : {}), message: `Okta refused the request for ${call.what} (${said}).` };
  }

  private call(op: OktaOp, what: string, allow?: number[]): CallInfo {
    return { op, what, ...(allow ? { allow } : {}) };
  }

  async get(path: string, op: OktaOp, what: string, signal?: AbortSignal, allow?: number[]): Promise<ApiAnswer> {
    return this.http.get(path, this.call(op, what, allow), signal);
  }

  /** Every item of a list, page by page (`Link: rel="next"` followed as given). `onPage` sees each page's items. */
  async list<T = Json>(path: string, op: OktaOp, what: string, opts: { signal?: AbortSignal; onPage?(items: T[], page: number): void } = {}): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = path;
    let page = 0;
    while (url !== undefined) {
      page++;
      const a = await this.http.get(url, this.call(op, page > 1 ? `${what} (page ${page})` : what), opts.signal);
      if (!Array.isArray(a.json)) {
        throw new IdpApiError({ diagnosis: 'bad-response', status: a.status, message: `Okta answered ${what} with something that is not a list (page ${page}): nothing was read.` });
      }
      const items = a.json as T[];
      out.push(...items);
      opts.onPage?.(items, page);
      url = nextLink(a.headerLines);
    }
    return out;
  }

  getApp(appId: string, signal?: AbortSignal): Promise<ApiAnswer> {
    return this.get(`/api/v1/apps/${encodeURIComponent(appId)}`, 'getApplication', 'the app', signal);
  }

  /** The org's apps whose name or label starts with `q` (the picker). */
  listApps(opts: { q?: string; limit?: number; signal?: AbortSignal } = {}): Promise<Json[]> {
    const qs = new URLSearchParams({ limit: String(opts.limit ?? 200), ...(opts.q ? { q: opts.q } : {}) });
    return this.list<Json>(`/api/v1/apps?${qs.toString()}`, 'listApplications', "the org's apps", opts.signal ? { signal: opts.signal } : {});
  }
}
