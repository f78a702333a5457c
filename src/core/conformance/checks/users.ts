// Read-only checks of users: Okta's Test API Credentials and spec test (list, get by id, unknown id,
// filters, a wrong token), without changing anything in the tenant.
import {
  errorFix, evidenceOf, idsOf, isObj, jsonFragment, noAnswer, outcome, pass, schemasOf, scimErrorProblem, skip,
} from '../helpers';
import { CORE_USER_SCHEMA } from '../../scim/schemas';
import type { Json } from '../helpers';
import { counter } from '../sweep';
import type { ConformanceCheck, Evidence } from '../types';
import { resourcesOf } from '../../scim/serviceProvider';
import { filterPath } from '../../scim/paths';
import { randomSuffix } from '../../scim/testUsers';

import { OKTA_RESPONSE_BUDGET_MS, oktaList, opt, get, firstUserReply, firstUser, notList, LIST_FIX, deeperBase } from './reads';

export const userChecks: ConformanceCheck[] = [
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
      if (!schemasOf(r.json).includes(CORE_USER_SCHEMA)) return outcome('warn', `The user's "schemas" lacks ${CORE_USER_SCHEMA}.`, evidenceOf(ctx, r), `Include "${CORE_USER_SCHEMA}" in the user's "schemas".`);
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
];
