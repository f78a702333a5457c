// Read-only checks: what Okta's Test API Credentials and spec test, Microsoft's Entra validator and
// scim2-tester look at, without changing anything in the tenant (the only non-GET requests are the
// writes to discovery endpoints, which a conforming server refuses).
import { LIST_RESPONSE_SCHEMA, listResponseProblem, readServiceProviderSupport } from '../../scim/credentials';
import { userProblems } from '../../tenant/userProblems';
import {
  ERROR_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA, SPC_SCHEMA, USER_SCHEMA,
  errorFix, evidenceOf, filterPath, idsOf, isInt, isObj, jsonFragment, noAnswer, outcome, pass, randomSuffix,
  resourcesOf, schemasOf, scimErrorProblem, skip,
} from '../helpers';
import type { Json } from '../helpers';
import { counter, runSweep } from '../sweep';
import type { Reply } from '../../scim/rawTransport';
import type { CheckContext, CheckOutcome, ConformanceCheck, Evidence } from '../types';
import { OKTA } from '../../idp/descriptors';

/** What Okta's Test API Credentials sends (its descriptor's connection test: a constant path). */
export const OKTA_CREDENTIALS_PATH = OKTA.connectionTest.path();
export const OKTA_RESPONSE_BUDGET_MS = 600;

const opt = (ctx: CheckContext): { signal?: AbortSignal } => (ctx.signal ? { signal: ctx.signal } : {});
const get = (ctx: CheckContext, path: string): Promise<Reply> => ctx.http.send('GET', path, opt(ctx));

/** The memo key of Okta's Test API Credentials reply. */
export const OKTA_LIST = 'testApiCredentials';
export const oktaList = (ctx: CheckContext): Promise<Reply> => ctx.memo(OKTA_LIST, () => get(ctx, OKTA_CREDENTIALS_PATH));
const firstUserReply = (ctx: CheckContext): Promise<Reply> => ctx.memo('first', () => get(ctx, '/Users?startIndex=1&count=1'));
const spcReply = (ctx: CheckContext): Promise<Reply> => ctx.memo('spc', () => get(ctx, '/ServiceProviderConfig'));

async function firstUser(ctx: CheckContext): Promise<Json | undefined> {
  const r = await firstUserReply(ctx);
  const u = resourcesOf(r.json)[0];
  return isObj(u) ? u : undefined;
}

/** The ListResponse shape without the counters' types (those are judged once, by paging-counters). */
function listShapeProblem(body: unknown): string | undefined {
  if (!isObj(body)) return 'a body that is not a JSON object';
  if (!schemasOf(body).includes(LIST_RESPONSE_SCHEMA)) return `JSON whose "schemas" lacks ${LIST_RESPONSE_SCHEMA}`;
  if (body.Resources !== undefined && !Array.isArray(body.Resources)) return 'a ListResponse whose "Resources" is not an array';
  return undefined;
}

/**
 * Why a reply is not a usable 200 ListResponse. `strict` also requires integer counters (Okta's
 * credential test does); other checks leave counter types to `paging-counters`.
 */
function notList(ctx: CheckContext, reply: Reply, severity: 'fail' | 'warn', fix: string, strict = false): CheckOutcome | undefined {
  if (reply.status === undefined) return noAnswer(ctx, reply, severity);
  if (reply.status !== 200) return outcome(severity, `Expected HTTP 200, got ${reply.status}.`, evidenceOf(ctx, reply), fix);
  const problem = strict ? listResponseProblem(reply.json) : listShapeProblem(reply.json);
  if (problem) return outcome(severity, `The answer is ${problem}.`, evidenceOf(ctx, reply), fix);
  return undefined;
}

const LIST_FIX = 'Answer GET /Users with HTTP 200 and a ListResponse: {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":N,"startIndex":1,"itemsPerPage":n,"Resources":[…]} with integer counters, also when there are no users (RFC 7644 §3.4.2).';

export const readChecks: ConformanceCheck[] = [
  {
    id: 'okta-credentials',
    title: 'Test API Credentials request answers a SCIM ListResponse',
    reference: 'Okta Test API Credentials; RFC 7644 §3.4.2',
    severity: 'fail',
    async run(ctx) {
      const r = await oktaList(ctx);
      if (r.status === undefined && !r.cancelled) ctx.state.unreachable = true;
      if (r.status === 401 || r.status === 403) {
        ctx.state.unreachable = true;
        return outcome('fail', `The token was rejected (HTTP ${r.status}); the remaining checks need a working token.`, evidenceOf(ctx, r), 'Check the token (SCIM_TOKEN) and its SCIM permissions.');
      }
      if (r.status === 404) {
        // Everything else would 404 too: one clear failure instead of a page of them.
        ctx.state.unreachable = true;
        const better = await deeperBase(ctx);
        return outcome('fail', `HTTP 404 for /Users: the base URL's path looks wrong${better ? ` (${ctx.http.baseUrl}${better} answers the same request with a SCIM ListResponse)` : ' (one level too short, or it ends in /Users)'}; the remaining checks need the SCIM base URL.`,
          evidenceOf(ctx, r), better ? `Use ${ctx.http.baseUrl}${better} as the base URL.` : `${ctx.hints.checkBaseUrl}.`);
      }
      const bad = notList(ctx, r, 'fail', LIST_FIX, true);
      if (bad) return bad;
      return pass(`HTTP 200 ListResponse, totalResults ${String((r.json as Json).totalResults)}.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'response-time',
    title: `Test API Credentials request answers within ${OKTA_RESPONSE_BUDGET_MS} ms`,
    reference: 'Okta SCIM spec test (response time)',
    severity: 'warn',
    async run(ctx) {
      const r = await oktaList(ctx);
      if (r.status === undefined) return noAnswer(ctx, r, 'warn');
      const ev: Evidence = { request: r.request, status: r.status, fragment: `${r.elapsedMs} ms` };
      if (r.elapsedMs <= OKTA_RESPONSE_BUDGET_MS) return pass(`Answered in ${r.elapsedMs} ms.`, ev);
      return outcome('warn', `Answered in ${r.elapsedMs} ms, over Okta's ${OKTA_RESPONSE_BUDGET_MS} ms budget.`, ev,
        'Serve the first page of /Users from an index with a bounded page size; avoid counting or loading every user per request.');
    },
  },
  {
    id: 'list-required-fields',
    title: 'Resources[0] has id, userName, name.givenName, name.familyName, active, emails[0].value',
    reference: 'Okta SCIM spec test step 1',
    severity: 'fail',
    async run(ctx) {
      const r = await firstUserReply(ctx);
      const bad = notList(ctx, r, 'fail', LIST_FIX);
      if (bad) return bad;
      const u = resourcesOf(r.json)[0];
      if (u === undefined) return skip('The tenant has no users to inspect.', { request: r.request, status: r.status });
      if (!isObj(u)) return outcome('fail', 'Resources[0] is not an object.', evidenceOf(ctx, r), 'Return each user as a JSON object.');
      const name = isObj(u.name) ? u.name : {};
      const email0 = Array.isArray(u.emails) && isObj(u.emails[0]) ? u.emails[0] : {};
      const missing: string[] = [];
      if (typeof u.id !== 'string' || !u.id) missing.push('id');
      if (typeof u.userName !== 'string' || !u.userName) missing.push('userName');
      if (typeof name.givenName !== 'string') missing.push('name.givenName');
      if (typeof name.familyName !== 'string') missing.push('name.familyName');
      if (typeof u.active !== 'boolean') missing.push(u.active === undefined ? 'active' : 'active (not a boolean)');
      if (typeof email0.value !== 'string') missing.push('emails[0].value');
      if (missing.length) {
        return outcome('fail', `Resources[0] lacks ${missing.join(', ')}.`, evidenceOf(ctx, r, jsonFragment(ctx, u)),
          'Return every user with id, userName, name.givenName, name.familyName, active (a boolean) and emails[0].value; Okta reads them on import.');
      }
      return pass('All required fields present.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'get-by-id',
    title: 'GET /Users/{id} returns that user',
    reference: 'Okta SCIM spec test step 2; RFC 7644 §3.4.1',
    severity: 'fail',
    async run(ctx) {
      const u = await firstUser(ctx);
      if (!u || typeof u.id !== 'string') return skip('No user with an id to read.');
      const r = await get(ctx, `/Users/${encodeURIComponent(u.id)}`);
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Serve GET /Users/{id} with HTTP 200 and the user resource (same id as in the list).';
      if (r.status !== 200) return outcome('fail', `Expected HTTP 200, got ${r.status}.`, evidenceOf(ctx, r), fix);
      if (!isObj(r.json) || r.json.id !== u.id) return outcome('fail', `The answer is not the user ${u.id}.`, evidenceOf(ctx, r), fix);
      if (!schemasOf(r.json).includes(USER_SCHEMA)) return outcome('warn', `The user's "schemas" lacks ${USER_SCHEMA}.`, evidenceOf(ctx, r), `Include "${USER_SCHEMA}" in the user's "schemas".`);
      return pass(`HTTP 200 with user ${u.id}.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'unknown-id-404',
    title: 'Unknown id → 404 with a SCIM Error',
    reference: 'Okta SCIM spec test step 4; RFC 7644 §3.12',
    severity: 'fail',
    async run(ctx) {
      const r = await get(ctx, `/Users/scim-check-no-such-id-${randomSuffix()}`);
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      if (r.status !== 404) return outcome('fail', `Expected HTTP 404, got ${r.status}.`, evidenceOf(ctx, r), errorFix(404));
      const p = scimErrorProblem(r, 404);
      if (p) return outcome(p.severity, `HTTP 404, but ${p.message}.`, evidenceOf(ctx, r), errorFix(404));
      return pass(r.bodyKnown ? 'HTTP 404 with a SCIM Error.' : 'HTTP 404 (body not inspected).', { request: r.request, status: r.status });
    },
  },
  {
    id: 'filter-no-match',
    title: 'A filter matching nobody → 200 with totalResults 0',
    reference: 'Okta SCIM spec test step 3; RFC 7644 §3.4.2',
    severity: 'fail',
    async run(ctx) {
      const r = await get(ctx, filterPath(`userName eq "no-such-user-${randomSuffix()}@example.invalid"`));
      const fix = 'Answer a filter that matches nobody with HTTP 200 and {"totalResults":0,"Resources":[]} (not 404): Okta asks this before every create.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      const body = r.json as Json;
      if (counter(body, 'totalResults') !== 0 || resourcesOf(body).length) return outcome('fail', `totalResults is ${JSON.stringify(body.totalResults)} with ${resourcesOf(body).length} resources.`, evidenceOf(ctx, r), fix);
      return pass('HTTP 200, totalResults 0.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'filter-case-insensitive',
    title: 'userName eq is case-insensitive',
    reference: 'Okta SCIM spec test step 9; RFC 7643 §4.1.1',
    severity: 'fail',
    async run(ctx) {
      const u = await firstUser(ctx);
      if (!u || typeof u.userName !== 'string') return skip('No user with a userName to look up.');
      const upper = u.userName.toUpperCase();
      const r = await get(ctx, filterPath(`userName eq ${JSON.stringify(upper)}`));
      const fix = 'Compare userName case-insensitively in filters (caseExact is false for userName); Okta otherwise creates duplicates or gets 409s.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      if (!idsOf(r.json).includes(String(u.id))) return outcome('fail', `Filtering by ${upper} did not find user ${String(u.id)} (${u.userName}).`, evidenceOf(ctx, r), fix);
      return pass(`Found ${String(u.id)} by its upper-cased userName.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'bad-token-401',
    title: 'A wrong token → 401 with a SCIM Error and WWW-Authenticate',
    reference: 'Okta SCIM spec test step 12; RFC 7644 §3.12; RFC 6750 §3',
    severity: 'fail',
    async run(ctx) {
      if (!ctx.http.canProbeAuth) return skip('No way to send a wrong token with this transport.');
      const r = await ctx.http.send('GET', '/Users?startIndex=1&count=1', { auth: 'bad', ...opt(ctx) });
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      if (r.status >= 200 && r.status < 300) return outcome('fail', `A wrong token was accepted (HTTP ${r.status}).`, evidenceOf(ctx, r, '(body not shown)'), 'Authenticate every request; reject unknown tokens with 401.');
      if (r.status !== 401) return outcome('fail', `Expected HTTP 401, got ${r.status}${r.status === 403 ? ' (403 means "authenticated but not allowed")' : ''}.`, evidenceOf(ctx, r), errorFix(401));
      const p = scimErrorProblem(r, 401);
      if (p) return outcome(p.severity, `HTTP 401, but ${p.message}.`, evidenceOf(ctx, r), errorFix(401));
      if (r.headersKnown && !r.headers['www-authenticate']) {
        return outcome('warn', 'HTTP 401 with a SCIM Error, but no WWW-Authenticate header.', evidenceOf(ctx, r),
          'Add a WWW-Authenticate header to 401 answers naming the Bearer scheme and a realm (RFC 7235 §3.1, RFC 6750 §3).');
      }
      if (!r.bodyKnown || !r.headersKnown) return pass('HTTP 401 (body and headers not visible without raw access).', { request: r.request, status: r.status });
      return pass('HTTP 401 with a SCIM Error and WWW-Authenticate.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-counters',
    title: 'List counters are integers and itemsPerPage is the number returned',
    reference: 'RFC 7644 §3.4.2; Okta import',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const replies = [await oktaList(ctx), ...sweep.pages.map((p) => p.reply), await pastEnd(ctx)]
        .filter((r) => r.status === 200 && isObj(r.json));
      if (!replies.length) return skip('No ListResponse to inspect.');
      for (const r of replies) {
        const body = r.json as Json;
        for (const key of ['totalResults', 'startIndex', 'itemsPerPage']) {
          if (!isInt(body[key])) {
            return outcome('fail', `"${key}" is ${JSON.stringify(body[key]) ?? 'missing'}, not an integer.`, evidenceOf(ctx, r, `"${key}":${JSON.stringify(body[key]) ?? '(missing)'}`),
              'Send totalResults, startIndex and itemsPerPage as JSON integers (not strings); Okta stops importing otherwise.');
          }
        }
      }
      for (const r of replies) {
        const body = r.json as Json;
        const n = resourcesOf(body).length;
        if (body.itemsPerPage !== n) {
          const requested = Number(/[?&]count=(\d+)/.exec(r.request)?.[1] ?? NaN);
          const echo = body.itemsPerPage === requested;
          return outcome('warn', echo
            ? `itemsPerPage echoes the requested count (${requested}) instead of the ${n} resources returned.`
            : `itemsPerPage is ${String(body.itemsPerPage)} but ${n} resources were returned.`,
          evidenceOf(ctx, r, `"itemsPerPage":${String(body.itemsPerPage)}, ${n} Resources`),
          'Set itemsPerPage to the number of resources in this page (RFC 7644 §3.4.2).');
        }
      }
      return pass(`Integer counters and itemsPerPage = returned on ${replies.length} pages.`);
    },
  },
  {
    id: 'paging-sweep',
    title: 'Paging the whole tenant: no duplicates, no gaps, stable order',
    reference: 'Okta import; RFC 7644 §3.4.2.4',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const fix = 'Page with a stable sort (e.g. by id or creation time), 1-based startIndex, and totalResults equal to the number of matching users.';
      if (sweep.broken) {
        const r = sweep.broken;
        if (r.status === undefined) return noAnswer(ctx, r, 'fail');
        return outcome('fail', `A page was not a 200 ListResponse (HTTP ${r.status}).`, evidenceOf(ctx, r), fix);
      }
      const first = sweep.pages[0]?.reply;
      if (!first) return skip('No page read.');
      if (sweep.totalResults === undefined) return outcome('fail', 'totalResults is not a number; the tenant cannot be paged.', evidenceOf(ctx, first, `"totalResults":${JSON.stringify((first.json as Json).totalResults) ?? '(missing)'}`), fix);
      const dup = sweep.duplicates[0];
      if (dup) {
        return outcome('fail', `${sweep.duplicates.length} duplicate${sweep.duplicates.length === 1 ? '' : 's'} across pages (first: id ${dup.id}).`,
          { request: dup.request, status: 200, fragment: `"id":${JSON.stringify(dup.id)} already seen on an earlier page` }, fix);
      }
      if (sweep.totalChanged) {
        return outcome('fail', `totalResults changed while paging (${String(sweep.totalChanged.from)} → ${String(sweep.totalChanged.to)}).`,
          { request: sweep.totalChanged.request, status: 200, fragment: `"totalResults":${JSON.stringify(sweep.totalChanged.to)}` }, fix);
      }
      if (!sweep.truncated && sweep.ids.length !== sweep.totalResults) {
        const last = sweep.shortAt ?? sweep.pages[sweep.pages.length - 1]?.reply ?? first;
        return outcome('fail', `Paging returned ${sweep.ids.length} users, totalResults says ${sweep.totalResults}${sweep.ids.length < sweep.totalResults ? ' (a gap: e.g. 0-based startIndex, or a wrong totalResults)' : ''}.`,
          evidenceOf(ctx, last, jsonFragment(ctx, { totalResults: (last.json as Json | undefined)?.totalResults, Resources: idsOf(last.json) })), fix);
      }
      // Stable order: the first page again.
      const again = await get(ctx, first.request.slice('GET '.length));
      if (again.status === undefined) return noAnswer(ctx, again, 'fail');
      const a = idsOf(first.json);
      const b = idsOf(again.json);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        return outcome('fail', 'The first page came back in a different order the second time.', evidenceOf(ctx, again, jsonFragment(ctx, { before: a.slice(0, 5), after: b.slice(0, 5) })), fix);
      }
      const scope = sweep.truncated ? `sampled: the first ${sweep.ids.length} of ${sweep.totalResults} users (${sweep.pages.length} pages)` : `${sweep.ids.length} users in ${sweep.pages.length} page${sweep.pages.length === 1 ? '' : 's'}`;
      return pass(`No duplicates, no gaps, stable order (${scope}).`, { request: first.request, status: first.status });
    },
  },
  {
    id: 'paging-unaligned',
    title: 'An unaligned startIndex returns the users at that 1-based position',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const n = sweep.ids.length;
      if (n < 2 || sweep.duplicates.length || sweep.broken) return skip(n < 2 ? 'Needs at least two users.' : 'The sweep itself failed; nothing to compare with.');
      const [start, count] = n >= 4 ? [3, 2] : [2, 1];
      const r = await get(ctx, `/Users?startIndex=${start}&count=${count}`);
      const fix = 'Treat startIndex as 1-based: startIndex=1 is the first user; return `count` users starting there.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      const expected = sweep.ids.slice(start - 1, start - 1 + count);
      const got = idsOf(r.json);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        return outcome('fail', `Expected users #${start}–${start + count - 1} (${expected.join(', ')}), got ${got.join(', ') || 'none'}.`, evidenceOf(ctx, r, jsonFragment(ctx, { expected, got })), fix);
      }
      return pass(`startIndex=${start}&count=${count} returned ${got.join(', ')}.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-start-index-zero',
    title: 'startIndex=0 is treated as 1',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'warn',
    async run(ctx) {
      const okta = await oktaList(ctx);
      const r = await get(ctx, '/Users?startIndex=0&count=2');
      const fix = 'Interpret a startIndex below 1 as 1 (RFC 7644 §3.4.2.4).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const expected = idsOf(okta.json);
      const got = idsOf(r.json);
      if (JSON.stringify(got) !== JSON.stringify(expected)) return outcome('warn', `startIndex=0 returned ${got.join(', ') || 'nothing'}; startIndex=1 returned ${expected.join(', ') || 'nothing'}.`, evidenceOf(ctx, r, jsonFragment(ctx, { expected, got })), fix);
      return pass('Same users as startIndex=1.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-past-end',
    title: 'A startIndex past the end → empty Resources',
    reference: 'RFC 7644 §3.4.2.4; Okta import',
    severity: 'fail',
    async run(ctx) {
      const r = await pastEnd(ctx);
      const fix = 'Return HTTP 200 with no Resources when startIndex is past totalResults; never wrap around to the first page.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n) return outcome('fail', `${n} users returned past the end.`, evidenceOf(ctx, r, jsonFragment(ctx, { Resources: idsOf(r.json).slice(0, 10) })), fix);
      return pass('HTTP 200 with no resources.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-count-zero',
    title: 'count=0 returns only totalResults',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'warn',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const r = await get(ctx, '/Users?startIndex=1&count=0');
      const fix = 'For count=0 return totalResults and no Resources (RFC 7644 §3.4.2.4).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n) return outcome('warn', `count=0 returned ${n} users.`, evidenceOf(ctx, r, jsonFragment(ctx, { itemsPerPage: (r.json as Json).itemsPerPage, Resources: idsOf(r.json).slice(0, 10) })), fix);
      const total = counter(r.json, 'totalResults');
      if (sweep.totalResults !== undefined && total !== sweep.totalResults) return outcome('warn', `count=0 reports totalResults ${String(total)}, paging reported ${sweep.totalResults}.`, evidenceOf(ctx, r), fix);
      return pass(`totalResults ${String(total)}, no resources.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-max-results',
    title: 'A count above filter.maxResults is capped to it',
    reference: 'RFC 7644 §3.4.2.4; RFC 7643 §5',
    severity: 'warn',
    async run(ctx) {
      const spc = await spcReply(ctx);
      const max = readServiceProviderSupport(spc.json)?.maxResults;
      if (max === undefined) return skip('The tenant does not advertise filter.maxResults in /ServiceProviderConfig.', evidenceOf(ctx, spc, jsonFragment(ctx, isObj(spc.json) ? spc.json.filter : undefined)));
      if (max > 5000) return skip(`filter.maxResults is ${max}; too large to request here.`);
      const sweep = await runSweep(ctx);
      const r = await get(ctx, `/Users?startIndex=1&count=${max + 1}`);
      const fix = `Cap a page at filter.maxResults (${max}) or advertise the real cap in /ServiceProviderConfig.`;
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n > max) return outcome('warn', `Asked for ${max + 1}, got ${n} users although filter.maxResults is ${max}.`, evidenceOf(ctx, r, jsonFragment(ctx, { maxResults: max, itemsPerPage: (r.json as Json).itemsPerPage, returned: n })), fix);
      const total = sweep.totalResults ?? counter(r.json, 'totalResults') ?? 0;
      return pass(total > max ? `Returned ${n} ≤ maxResults ${max}.` : `Returned ${n} ≤ maxResults ${max} (the tenant has only ${total} users, so the cap was not exercised).`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-service-provider-config',
    title: '/ServiceProviderConfig describes the server',
    reference: 'RFC 7644 §4; RFC 7643 §5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await spcReply(ctx);
      if (r.status === undefined) return noAnswer(ctx, r, 'warn');
      const fix = `Serve GET /ServiceProviderConfig with "schemas":["${SPC_SCHEMA}"] and patch, bulk, filter, changePassword, sort, etag and authenticationSchemes (RFC 7643 §5).`;
      if (r.status !== 200 || !isObj(r.json)) return outcome('warn', `Expected HTTP 200 with JSON, got ${r.status}.`, evidenceOf(ctx, r), fix);
      if (!schemasOf(r.json).includes(SPC_SCHEMA)) return outcome('warn', `"schemas" lacks ${SPC_SCHEMA}.`, evidenceOf(ctx, r, jsonFragment(ctx, r.json.schemas)), fix);
      const body = r.json;
      const missing = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'].filter((k) => !isObj(body[k]) || typeof (body[k]).supported !== 'boolean');
      if (!Array.isArray(body.authenticationSchemes)) missing.push('authenticationSchemes');
      if (missing.length) return outcome('warn', `Missing or malformed: ${missing.join(', ')}.`, evidenceOf(ctx, r), fix);
      return pass('Complete ServiceProviderConfig.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-schemas',
    title: '/Schemas lists the core User schema',
    reference: 'RFC 7644 §4; RFC 7643 §7; Entra validator; scim2-tester',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Schemas');
      const fix = `Serve GET /Schemas as a ListResponse of schema resources (each with "schemas":["${SCHEMA_SCHEMA}"]) including id "${USER_SCHEMA}".`;
      const bad = discoveryListProblem(ctx, r, fix);
      if (bad) return bad;
      const resources = resourcesOf(r.json);
      const user = resources.find((s) => isObj(s) && s.id === USER_SCHEMA);
      if (!user) return outcome('warn', `No schema with id ${USER_SCHEMA}.`, evidenceOf(ctx, r, jsonFragment(ctx, resources.map((s) => (isObj(s) ? s.id : s)))), fix);
      const wrong = resources.find((s) => !schemasOf(s).includes(SCHEMA_SCHEMA));
      if (wrong) return outcome('warn', `A schema resource lacks "schemas":["${SCHEMA_SCHEMA}"].`, evidenceOf(ctx, r, jsonFragment(ctx, isObj(wrong) ? { id: wrong.id, schemas: wrong.schemas } : wrong)), fix);
      return pass(`${resources.length} schema${resources.length === 1 ? '' : 's'}, including the core User schema.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-resource-types',
    title: '/ResourceTypes lists User at /Users',
    reference: 'RFC 7644 §4; RFC 7643 §6; Entra validator; scim2-tester',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/ResourceTypes');
      const fix = `Serve GET /ResourceTypes as a ListResponse with {"schemas":["${RESOURCE_TYPE_SCHEMA}"],"id":"User","name":"User","endpoint":"/Users","schema":"${USER_SCHEMA}"}.`;
      const bad = discoveryListProblem(ctx, r, fix);
      if (bad) return bad;
      const resources = resourcesOf(r.json);
      const user = resources.find((t) => isObj(t) && t.endpoint === '/Users' && t.schema === USER_SCHEMA);
      if (!user) return outcome('warn', 'No resource type with endpoint "/Users" and the core User schema.', evidenceOf(ctx, r, jsonFragment(ctx, resources.map((t) => (isObj(t) ? { id: t.id, endpoint: t.endpoint, schema: t.schema } : t)))), fix);
      if (!schemasOf(user).includes(RESOURCE_TYPE_SCHEMA)) return outcome('warn', `The User resource type lacks "schemas":["${RESOURCE_TYPE_SCHEMA}"].`, evidenceOf(ctx, r, jsonFragment(ctx, user)), fix);
      return pass('User resource type at /Users.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-read-only',
    title: 'Writes to discovery endpoints → 405',
    reference: 'scim2-tester (expects 405; RFC 7644 §4 defines these endpoints for GET only)',
    severity: 'warn',
    async run(ctx) {
      const attempts: Array<['POST' | 'PUT', string]> = [['POST', '/Schemas'], ['PUT', '/ServiceProviderConfig'], ['POST', '/ResourceTypes']];
      const fix = 'Answer POST/PUT/PATCH/DELETE on /ServiceProviderConfig, /Schemas and /ResourceTypes with HTTP 405 Method Not Allowed and a SCIM Error, as scim2-tester expects (RFC 7644 §4 defines only GET on them).';
      for (const [method, path] of attempts) {
        const r = await ctx.http.send(method, path, { body: { schemas: [] }, ...opt(ctx) });
        if (r.status === undefined) return noAnswer(ctx, r, 'warn');
        if (r.status === 405) continue;
        if (r.status >= 200 && r.status < 300) return outcome('warn', `A ${method} to ${path} was accepted (HTTP ${r.status}).`, evidenceOf(ctx, r), fix);
        return outcome('warn', `${method} ${path} answered HTTP ${r.status} instead of 405${r.status === 404 ? ' (the endpoint exists for GET)' : ''}.`, evidenceOf(ctx, r), fix);
      }
      return pass('HTTP 405 for POST /Schemas, PUT /ServiceProviderConfig and POST /ResourceTypes.');
    },
  },
  {
    id: 'attributes-param',
    title: 'attributes=userName returns only id and userName',
    reference: 'RFC 7644 §3.4.2.5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Users?startIndex=1&count=1&attributes=userName');
      const fix = 'Honour the attributes parameter: return id (always returned) and the listed attributes only (RFC 7644 §3.4.2.5).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const u = resourcesOf(r.json)[0];
      if (u === undefined) return skip('The tenant has no users to inspect.', { request: r.request, status: r.status });
      if (!isObj(u) || typeof u.userName !== 'string' || typeof u.id !== 'string') return outcome('warn', 'The user lacks id or userName.', evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      const extra = ['name', 'emails', 'displayName', 'active', 'timezone', 'phoneNumbers'].filter((k) => u[k] !== undefined);
      if (extra.length) return outcome('warn', `Also returned ${extra.join(', ')}.`, evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      return pass('Only id and userName returned.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'excluded-attributes-param',
    title: 'excludedAttributes=emails leaves emails out',
    reference: 'RFC 7644 §3.4.2.5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Users?startIndex=1&count=1&excludedAttributes=emails');
      const fix = 'Honour the excludedAttributes parameter (RFC 7644 §3.4.2.5).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const u = resourcesOf(r.json)[0];
      if (u === undefined) return skip('The tenant has no users to inspect.', { request: r.request, status: r.status });
      if (!isObj(u) || typeof u.userName !== 'string') return outcome('warn', 'The user lacks userName.', evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      if (u.emails !== undefined) return outcome('warn', 'emails was returned anyway.', evidenceOf(ctx, r, jsonFragment(ctx, { id: u.id, emails: u.emails })), fix);
      return pass('emails left out, userName kept.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'user-sign-in-attributes',
    title: 'Users have userName = primary email and an IANA time zone',
    reference: 'Flosum setup guide (sign-in by email; IANA timezone)',
    severity: 'warn',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const severity = ctx.target === 'flosum' ? 'fail' : 'warn';
      const bad = sweep.users.map((u) => ({ u, problems: userProblems(u) })).filter((x) => x.problems.length);
      const scope = sweep.truncated ? `the first ${sweep.users.length} users (sampled)` : `${sweep.users.length} users`;
      if (!sweep.users.length) return skip('No users to inspect.');
      if (bad.length) {
        const shown = bad.slice(0, 5).map((x) => `${typeof x.u.userName === 'string' ? x.u.userName : x.u.id}: ${x.problems.join('; ')}`).join(' | ');
        return outcome(severity, `${bad.length} of ${scope} ${bad.length === 1 ? 'has' : 'have'} a userName that is not the primary email or a time zone that is not IANA.`,
          { request: sweep.pages[0]?.reply.request ?? 'GET /Users', status: 200, fragment: shown.slice(0, 300) },
          ctx.target === 'flosum'
            ? 'Map userName to user.email in the identity provider and give every user an IANA time zone (e.g. Etc/UTC), then re-push the users.'
            : 'Keep userName equal to the primary email and timezone an IANA name (RFC 7643 §4.1.1) where the application signs people in by email.');
      }
      return pass(`All ${scope} pass.`);
    },
  },
];

/** The content-type check runs last, over every answer seen during the run. */
export const contentTypeCheck: ConformanceCheck = {
  id: 'content-type',
  title: 'Responses use Content-Type application/scim+json',
  reference: 'RFC 7644 §3.1, §8.1',
  severity: 'warn',
  run(ctx) {
    const seen = (ctx.state.replies as Reply[] | undefined ?? []).filter((r) => r.status !== undefined && r.headersKnown && r.text.trim());
    if (!seen.length) return Promise.resolve(skip('No response with a body was seen.'));
    const wrong = seen.filter((r) => !/^application\/scim\+json\b/i.test(r.headers['content-type'] ?? ''));
    const first = wrong[0];
    if (first) {
      return Promise.resolve(outcome('warn', `${wrong.length} of ${seen.length} responses with a body had another Content-Type (first: ${first.headers['content-type'] ?? 'none'}).`,
        { request: first.request, ...(first.status !== undefined ? { status: first.status } : {}), fragment: `Content-Type: ${first.headers['content-type'] ?? '(none)'}` },
        'Send `Content-Type: application/scim+json` on every SCIM response, errors included (RFC 7644 §8.1).'));
    }
    return Promise.resolve(pass(`All ${seen.length} responses with a body were application/scim+json.`));
  },
};

/**
 * Error answers are SCIM Errors in JSON (RFC 7644 §3.12), judged over every error answer seen in
 * the run (429s excepted: those come from rate limiters, and are waited out, not judged).
 */
export const errorBodyCheck: ConformanceCheck = {
  id: 'error-bodies-json',
  title: 'Error responses carry a SCIM Error in JSON',
  reference: 'RFC 7644 §3.12',
  severity: 'warn',
  run(ctx) {
    const seen = (ctx.state.replies as Reply[] | undefined ?? []).filter((r) => r.status !== undefined && r.status >= 400 && r.status !== 429 && r.bodyKnown);
    if (!seen.length) return Promise.resolve(skip('No error response was seen.'));
    const bad = seen.map((r) => ({ r, p: scimErrorProblem(r, r.status ?? 0) })).filter((x) => x.p?.severity === 'fail');
    const first = bad[0];
    if (first) {
      const what = (first.p?.message ?? '').replace(/^the error body is /, '').replace(/^the error body's/, 'its');
      return Promise.resolve(outcome('warn', `${bad.length} of ${seen.length} error responses were not a SCIM Error in JSON (first: ${first.r.request} → ${String(first.r.status)}, ${what}).`,
        evidenceOf(ctx, first.r), `Answer every error with a JSON body like {"schemas":["${ERROR_SCHEMA}"],"status":"404","detail":"…"} and Content-Type application/scim+json (RFC 7644 §3.12).`));
    }
    return Promise.resolve(pass(`All ${seen.length} error responses were SCIM Errors in JSON.`));
  },
};

/** On a 404 for /Users: is the SCIM base one level further down (…/scim/v2, …/scim, …/v2)? */
async function deeperBase(ctx: CheckContext): Promise<string | undefined> {
  for (const suffix of ['/scim/v2', '/scim', '/v2']) {
    if (ctx.http.baseUrl.endsWith(suffix)) continue;
    const r = await get(ctx, `${suffix}${OKTA_CREDENTIALS_PATH}`);
    if (r.status === 200 && !listResponseProblem(r.json)) return suffix;
    if (r.status === undefined || r.status === 429) return undefined;
  }
  return undefined;
}

function pastEnd(ctx: CheckContext): Promise<Reply> {
  return ctx.memo('pastEnd', async () => {
    const sweep = await runSweep(ctx);
    const okta = await oktaList(ctx);
    const total = sweep.totalResults ?? counter(okta.json, 'totalResults') ?? 0;
    return get(ctx, `/Users?startIndex=${total + 1}&count=${ctx.limits.pageSize}`);
  });
}

function discoveryListProblem(ctx: CheckContext, r: Reply, fix: string): CheckOutcome | undefined {
  if (r.status === undefined) return noAnswer(ctx, r, 'warn');
  if (r.status !== 200 || !isObj(r.json)) return outcome('warn', `Expected HTTP 200 with JSON, got ${r.status}.`, evidenceOf(ctx, r), fix);
  if (!Array.isArray(r.json.Resources)) return outcome('warn', 'Not a ListResponse with a Resources array.', evidenceOf(ctx, r), fix);
  return undefined;
}

