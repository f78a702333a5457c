// Write checks (only with `write: true`): a uniquely named test user goes through what Okta and
// Entra do to a user (create, read, filter, duplicate, PUT, PATCH in both shapes, deactivate).
// `cleanUp` always runs afterwards (the runner calls it in a finally): deactivate, then DELETE.
import { errorFix, evidenceOf, idsOf, isObj, jsonFragment, noAnswer, outcome, pass, scimErrorProblem, skip } from '../helpers';
import { CORE_USER_SCHEMA, PATCH_OP_SCHEMA } from '../../scim/schemas';
import type { Json } from '../helpers';
import { activeOf } from '../../scim/users';
import type { Reply } from '../../scim/rawTransport';
import type { CheckContext, CheckOutcome, ConformanceCheck } from '../types';
import { filterPath } from '../../scim/paths';
import { CLEANUP_TITLE, randomSuffix } from '../../scim/testUsers';
import type { TestUser } from '../../scim/testUsers';

export function testUserOf(ctx: CheckContext): TestUser {
  let t = ctx.state.testUser as TestUser | undefined;
  if (!t) {
    t = { userName: `scim-check-${randomSuffix()}@example.invalid`, createdIds: [] };
    ctx.state.testUser = t;
  }
  return t;
}

function userBody(t: TestUser, overrides: Json = {}): Json {
  return {
    schemas: [CORE_USER_SCHEMA],
    userName: t.userName,
    externalId: `scim-check-${t.userName.slice('scim-check-'.length, t.userName.indexOf('@'))}`,
    name: { givenName: 'Scim', familyName: 'Check' },
    displayName: 'Scim Check',
    emails: [{ value: t.userName, type: 'work', primary: true }],
    active: true,
    timezone: 'Etc/UTC',
    ...overrides,
  };
}

const opt = (ctx: CheckContext): { signal?: AbortSignal } => (ctx.signal ? { signal: ctx.signal } : {});
const needUser = (): CheckOutcome => skip('Needs the test user, which was not created.');

/** After a write answered 200 with the user, or 204 without: the user as the server now has it. */
async function afterWrite(ctx: CheckContext, r: Reply, id: string): Promise<{ user?: Json; reply: Reply }> {
  if (r.status === 200 && isObj(r.json)) return { user: r.json, reply: r };
  const g = await ctx.http.send('GET', `/Users/${encodeURIComponent(id)}`, opt(ctx));
  return { ...(g.status === 200 && isObj(g.json) ? { user: g.json } : {}), reply: g };
}

/** `value`: Okta's shape, {"op":"replace","value":{"active":…}} without a path; `path`: Entra's, {"op":"Replace","path":"active"}. */
async function patchActive(ctx: CheckContext, shape: 'value' | 'path', active: boolean): Promise<CheckOutcome> {
  const t = testUserOf(ctx);
  if (!t.id) return needUser();
  const op = shape === 'value' ? { op: 'replace', value: { active } } : { op: 'Replace', path: 'active', value: active };
  const r = await ctx.http.send('PATCH', `/Users/${encodeURIComponent(t.id)}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [op] }, ...opt(ctx) });
  if (r.status === undefined) return noAnswer(ctx, r, 'fail');
  const fix = shape === 'value'
    ? 'Support PATCH with {"op":"replace","value":{"active":false}} (no path: the value is a partial user) and answer 200 with the user or 204 (RFC 7644 §3.5.2.3).'
    : 'Accept PATCH op names case-insensitively ("Replace") and a "path" of "active" (Entra sends these; RFC 7644 §3.5.2).';
  if (r.status !== 200 && r.status !== 204) return outcome('fail', `Expected HTTP 200 or 204, got ${r.status}.`, evidenceOf(ctx, r), fix);
  const after = await afterWrite(ctx, r, t.id);
  if (!after.user) return outcome('fail', 'The user could not be read after the PATCH.', evidenceOf(ctx, after.reply), fix);
  if (activeOf(after.user.active) !== active) return outcome('fail', `After the PATCH, active is ${JSON.stringify(after.user.active)}, not ${String(active)}.`, evidenceOf(ctx, after.reply, jsonFragment(ctx, { active: after.user.active })), fix);
  return pass(`HTTP ${r.status}; active is now ${String(active)}.`, { request: r.request, status: r.status });
}

export const writeChecks: ConformanceCheck[] = [
  {
    id: 'create-user',
    title: 'POST /Users creates a user (201)',
    reference: 'Okta SCIM spec test step 5; RFC 7644 §3.3',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      const r = await ctx.http.send('POST', '/Users', { body: userBody(t), ...opt(ctx) });
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Answer POST /Users with HTTP 201 and the created user, including its server-assigned "id" (RFC 7644 §3.3).';
      const id = isObj(r.json) && typeof r.json.id === 'string' ? r.json.id : undefined;
      if (id && r.status >= 200 && r.status < 300) { t.id = id; t.createdIds.push(id); }
      if (r.status !== 201) return outcome('fail', `Expected HTTP 201, got ${r.status}.`, evidenceOf(ctx, r), fix);
      if (!id) return outcome('fail', 'The created user has no "id".', evidenceOf(ctx, r), fix);
      if (!isObj(r.json) || typeof r.json.userName !== 'string' || r.json.userName.toLowerCase() !== t.userName) return outcome('fail', 'The answer does not carry the userName sent.', evidenceOf(ctx, r), fix);
      return pass(`HTTP 201, id ${id}.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'read-created-user',
    title: 'The created user can be read by id',
    reference: 'Entra validator; RFC 7644 §3.4.1',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      if (!t.id) return needUser();
      const r = await ctx.http.send('GET', `/Users/${encodeURIComponent(t.id)}`, opt(ctx));
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Make a created user readable at GET /Users/{id} right away.';
      if (r.status !== 200 || !isObj(r.json) || r.json.id !== t.id) return outcome('fail', `Expected HTTP 200 with user ${t.id}, got ${r.status}.`, evidenceOf(ctx, r), fix);
      return pass('HTTP 200 with the test user.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'filter-created-user',
    title: 'The created user is found by userName eq',
    reference: 'Okta SCIM spec test; Okta "does the user exist"',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      if (!t.id) return needUser();
      const r = await ctx.http.send('GET', filterPath(`userName eq ${JSON.stringify(t.userName)}`), opt(ctx));
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Support the filter userName eq "…" on /Users, answering a ListResponse with the matching user.';
      const ids = idsOf(r.json);
      if (r.status !== 200 || !ids.includes(t.id)) return outcome('fail', `The filter did not return user ${t.id}.`, evidenceOf(ctx, r), fix);
      if (ids.length !== 1) return outcome('fail', `The filter returned ${ids.length} users for one userName.`, evidenceOf(ctx, r, jsonFragment(ctx, ids)), fix);
      return pass('Found exactly the test user.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'duplicate-409',
    title: 'Creating the same userName again → 409 with a SCIM Error',
    reference: 'Okta SCIM spec test step 6; RFC 7644 §3.3, §3.12',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      if (!t.id) return needUser();
      const r = await ctx.http.send('POST', '/Users', { body: userBody(t), ...opt(ctx) });
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = `${errorFix(409).replace('"detail":"…"', '"scimType":"uniqueness","detail":"…"')} userName must be unique (case-insensitively).`;
      if (r.status >= 200 && r.status < 300) {
        const id = isObj(r.json) && typeof r.json.id === 'string' ? r.json.id : undefined;
        if (id && !t.createdIds.includes(id)) t.createdIds.push(id);
        return outcome('fail', `A second user with the same userName was accepted (HTTP ${r.status}).`, evidenceOf(ctx, r), fix);
      }
      if (r.status !== 409) return outcome('fail', `Expected HTTP 409, got ${r.status}.`, evidenceOf(ctx, r), fix);
      const p = scimErrorProblem(r, 409);
      if (p) return outcome(p.severity, `HTTP 409, but ${p.message}.`, evidenceOf(ctx, r), fix);
      return pass('HTTP 409 with a SCIM Error.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'put-user',
    title: 'PUT /Users/{id} replaces the user (Okta shape)',
    reference: 'Okta provisioning (update); RFC 7644 §3.5.1',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      if (!t.id) return needUser();
      const body = userBody(t, { id: t.id, name: { givenName: 'Scim-Put', familyName: 'Check' } });
      const r = await ctx.http.send('PUT', `/Users/${encodeURIComponent(t.id)}`, { body, ...opt(ctx) });
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Support PUT /Users/{id} with the whole user and answer 200 with the updated user (RFC 7644 §3.5.1).';
      if (r.status !== 200 && r.status !== 204) return outcome('fail', `Expected HTTP 200, got ${r.status}.`, evidenceOf(ctx, r), fix);
      const after = await afterWrite(ctx, r, t.id);
      const given = isObj(after.user?.name) ? (after.user.name).givenName : undefined;
      if (given !== 'Scim-Put') return outcome('fail', `After the PUT, name.givenName is ${JSON.stringify(given)}.`, evidenceOf(ctx, after.reply, jsonFragment(ctx, after.user?.name)), fix);
      return pass(`HTTP ${r.status}; the change was kept.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'patch-okta',
    title: 'PATCH {"op":"replace","value":{"active":false}} (Okta shape)',
    reference: 'Okta provisioning (deactivate); RFC 7644 §3.5.2.3',
    severity: 'fail',
    write: true,
    run: (ctx) => patchActive(ctx, 'value', false),
  },
  {
    id: 'patch-entra',
    title: 'PATCH {"op":"Replace","path":"active"} (Entra shape)',
    reference: 'Microsoft Entra provisioning; RFC 7644 §3.5.2',
    severity: 'fail',
    write: true,
    run: (ctx) => patchActive(ctx, 'path', true),
  },
  {
    id: 'deactivate-user',
    title: 'Deactivating by PUT with active:false is kept',
    reference: 'Okta provisioning (deactivate); RFC 7644 §3.5.1',
    severity: 'fail',
    write: true,
    async run(ctx) {
      const t = testUserOf(ctx);
      if (!t.id) return needUser();
      const r = await ctx.http.send('PUT', `/Users/${encodeURIComponent(t.id)}`, { body: userBody(t, { id: t.id, active: false }), ...opt(ctx) });
      if (r.status === undefined) return noAnswer(ctx, r, 'fail');
      const fix = 'Accept PUT with "active": false and keep the user, deactivated (Okta never deletes users).';
      if (r.status !== 200 && r.status !== 204) return outcome('fail', `Expected HTTP 200, got ${r.status}.`, evidenceOf(ctx, r), fix);
      const after = await afterWrite(ctx, r, t.id);
      if (!after.user || activeOf(after.user.active) !== false) return outcome('fail', 'The user is not inactive after the PUT.', evidenceOf(ctx, after.reply, jsonFragment(ctx, { active: after.user?.active })), fix);
      return pass('The user is now inactive.', { request: r.request, status: r.status });
    },
  },
];

export const CLEANUP_CHECK = {
  id: 'cleanup',
  title: CLEANUP_TITLE,
  reference: 'RFC 7644 §3.6 (DELETE)',
  severity: 'fail' as const,
};
