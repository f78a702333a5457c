// What the read-only checks share: the replies they ask for once per run (Okta's Test API
// Credentials request, the first user, the ServiceProviderConfig, the page past the end) and how they
// judge a ListResponse.
import { evidenceOf, isObj, noAnswer, outcome, schemasOf } from '../helpers';
import { LIST_RESPONSE_SCHEMA } from '../../scim/schemas';
import type { Json } from '../helpers';
import { counter, runSweep } from '../sweep';
import type { Reply } from '../../scim/rawTransport';
import type { CheckContext, CheckOutcome } from '../types';
import { OKTA } from '../../idp/descriptors';
import { listResponseProblem, resourcesOf } from '../../scim/serviceProvider';
/** What Okta's Test API Credentials sends (its descriptor's connection test: a constant path). */
export const OKTA_CREDENTIALS_PATH = OKTA.connectionTest.path();
export const OKTA_RESPONSE_BUDGET_MS = 600;

export const opt = (ctx: CheckContext): { signal?: AbortSignal } => (ctx.signal ? { signal: ctx.signal } : {});
export const get = (ctx: CheckContext, path: string): Promise<Reply> => ctx.http.send('GET', path, opt(ctx));

/** The memo key of Okta's Test API Credentials reply. */
export const OKTA_LIST = 'testApiCredentials';
export const oktaList = (ctx: CheckContext): Promise<Reply> => ctx.memo(OKTA_LIST, () => get(ctx, OKTA_CREDENTIALS_PATH));
export const firstUserReply = (ctx: CheckContext): Promise<Reply> => ctx.memo('first', () => get(ctx, '/Users?startIndex=1&count=1'));
export const spcReply = (ctx: CheckContext): Promise<Reply> => ctx.memo('spc', () => get(ctx, '/ServiceProviderConfig'));

export async function firstUser(ctx: CheckContext): Promise<Json | undefined> {
  const r = await firstUserReply(ctx);
  const u = resourcesOf(r.json)[0];
  return isObj(u) ? u : undefined;
}

/** The ListResponse shape without the counters' types (those are judged once, by paging-counters). */
export function listShapeProblem(body: unknown): string | undefined {
  if (!isObj(body)) return 'a body that is not a JSON object';
  if (!schemasOf(body).includes(LIST_RESPONSE_SCHEMA)) return `JSON whose "schemas" lacks ${LIST_RESPONSE_SCHEMA}`;
  if (body.Resources !== undefined && !Array.isArray(body.Resources)) return 'a ListResponse whose "Resources" is not an array';
  return undefined;
}

/**
 * Why a reply is not a usable 200 ListResponse. `strict` also requires integer counters (Okta's
 * credential test does); other checks leave counter types to `paging-counters`.
 */
export function notList(ctx: CheckContext, reply: Reply, severity: 'fail' | 'warn', fix: string, strict = false): CheckOutcome | undefined {
  if (reply.status === undefined) return noAnswer(ctx, reply, severity);
  if (reply.status !== 200) return outcome(severity, `Expected HTTP 200, got ${reply.status}.`, evidenceOf(ctx, reply), fix);
  const problem = strict ? listResponseProblem(reply.json) : listShapeProblem(reply.json);
  if (problem) return outcome(severity, `The answer is ${problem}.`, evidenceOf(ctx, reply), fix);
  return undefined;
}

export const LIST_FIX = `Answer GET /Users with HTTP 200 and a ListResponse: {"schemas":["${LIST_RESPONSE_SCHEMA}"],"totalResults":N,"startIndex":1,"itemsPerPage":n,"Resources":[…]} with integer counters, also when there are no users (RFC 7644 §3.4.2).`;

/** On a 404 for /Users: is the SCIM base one level further down (…/scim/v2, …/scim, …/v2)? */
export async function deeperBase(ctx: CheckContext): Promise<string | undefined> {
  for (const suffix of ['/scim/v2', '/scim', '/v2']) {
    if (ctx.http.baseUrl.endsWith(suffix)) continue;
    const r = await get(ctx, `${suffix}${OKTA_CREDENTIALS_PATH}`);
    if (r.status === 200 && !listResponseProblem(r.json)) return suffix;
    if (r.status === undefined || r.status === 429) return undefined;
  }
  return undefined;
}

export function pastEnd(ctx: CheckContext): Promise<Reply> {
  return ctx.memo('pastEnd', async () => {
    const sweep = await runSweep(ctx);
    const okta = await oktaList(ctx);
    const total = sweep.totalResults ?? counter(okta.json, 'totalResults') ?? 0;
    return get(ctx, `/Users?startIndex=${total + 1}&count=${ctx.limits.pageSize}`);
  });
}

export function discoveryListProblem(ctx: CheckContext, r: Reply, fix: string): CheckOutcome | undefined {
  if (r.status === undefined) return noAnswer(ctx, r, 'warn');
  if (r.status !== 200 || !isObj(r.json)) return outcome('warn', `Expected HTTP 200 with JSON, got ${r.status}.`, evidenceOf(ctx, r), fix);
  if (!Array.isArray(r.json.Resources)) return outcome('warn', 'Not a ListResponse with a Resources array.', evidenceOf(ctx, r), fix);
  return undefined;
}

