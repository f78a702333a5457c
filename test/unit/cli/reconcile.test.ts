import * as assert from 'node:assert/strict';
import { runReconcile } from '../../../src/cli/commands/reconcile';
import { main } from '../../../src/cli/main';
import { buildScimError, buildUser } from '../../support/builders';
import { captureIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';
import { startListServer } from '../../support/list-servers';
import type { ListServer, ListServerOptions } from '../../support/list-servers';
import { PLANTED, plantedUser, reconcileConfig } from '../../support/reconcile-cases';
import type { AssignmentSpec } from '../../support/reconcile-cases';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant, TenantOptions } from '../../support/scim-tenant';

const FILE = 'tenant.scim.yaml';

interface JsonPerson { category: string; userName: string; tenantId?: string; line?: number; fields?: Array<{ name: string; config: string; tenant: string | null }>; message: string }
interface JsonOut { summary?: Record<string, number>; people?: JsonPerson[]; error?: { diagnosis: string; message: string } }

describe('cli: scim-provisioning reconcile against a real SCIM tenant (scimmy) with planted cases', function () {
  this.timeout(60_000);
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => { while (closers.length) await closers.pop()?.(); });

  const tenant = async (opts: TenantOptions): Promise<ScimTenant> => {
    const t = await startScimTenant(opts);
    closers.push(() => t.close());
    return t;
  };
  const listServer = async (opts: ListServerOptions): Promise<ListServer> => {
    const s = await startListServer({ token: 'list-token', ...opts });
    closers.push(() => s.close());
    return s;
  };
  const io = (token: string, config: string, env: Record<string, string> = {}): CapturedIO => captureIO({ env: { SCIM_TOKEN: token, ...env }, files: { [FILE]: config } });
  const noToken = (c: CapturedIO, token: string): void => {
    assert.ok(!c.stdout.join('\n').includes(token) && !c.stderr.join('\n').includes(token), 'the token was printed');
  };
  const json = (c: CapturedIO): JsonOut => JSON.parse(c.stdout.join('\n')) as JsonOut;

  it('--format json: the planted cases in their categories, with lines, fields and tenant ids; exit 1', async () => {
    const t = await tenant({ users: PLANTED.tenant });
    const config = reconcileConfig({ assignments: PLANTED.assignments, defaultTimezone: PLANTED.defaultTimezone, baseUrl: t.baseUrl });
    const c = io(t.token, config);
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c), 1, c.stderr.join('\n'));
    const out = json(c);
    assert.deepEqual(out.summary, PLANTED.summary);
    // One person per line: the JSON is written a batch at a time, never as one string.
    assert.equal(c.stdout.length, 2 + (out.people ?? []).length);
    assert.deepEqual(Object.fromEntries((out.people ?? []).map((p) => [p.userName, p.category])), PLANTED.expected);
    const lines = config.split('\n');
    for (const p of out.people ?? []) {
      assert.deepEqual(Object.keys(p).filter((k) => !['category', 'userName', 'tenantId', 'line', 'fields', 'message'].includes(k)), [], 'keys outside the contract');
      if (p.category === 'unassigned') { assert.equal(p.line, undefined); assert.ok(p.tenantId); continue; }
      assert.ok(lines[(p.line ?? 0) - 1]?.includes(`- userName: ${p.userName}`), `${p.userName} on line ${p.line}`);
      if (p.category !== 'missing') assert.ok(p.tenantId, `${p.userName} has no tenantId`);
    }
    const byName = new Map((out.people ?? []).map((p) => [p.userName, p]));
    assert.deepEqual(byName.get('utc@example.com')?.fields, [{ name: 'timezone', config: 'Europe/Berlin', tenant: 'Etc/UTC' }]);
    assert.deepEqual(byName.get('grace@example.com')?.fields, [{ name: 'givenName', config: 'grace', tenant: 'Grace' }]);
    assert.equal(byName.get('Ada@Example.com')?.tenantId, t.users.findByUserName('ada@example.com')?.id);
    assert.equal(byName.get('Ada@Example.com')?.fields, undefined);
    assert.deepEqual(c.stderr, []);
    noToken(c, t.token);
  });

  it('text: one line per person who is not matched (file:line: category: message), then the counts', async () => {
    const t = await tenant({ users: PLANTED.tenant });
    const config = reconcileConfig({ assignments: PLANTED.assignments, defaultTimezone: PLANTED.defaultTimezone, baseUrl: t.baseUrl });
    const c = io(t.token, config);
    assert.equal(await runReconcile(['--config', FILE], c), 1);
    const line = (needle: string): number => config.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.ok(c.stdout.includes(`${FILE}:${line('new.hire@example.com')}: missing: 'new.hire@example.com' is not in the tenant: Okta will create it when provisioning is on.`), c.stdout.join('\n'));
    assert.ok(c.stdout.some((l) => l.startsWith(`${FILE}:${line('utc@example.com')}: differs: 'utc@example.com' differs from the tenant: Okta will update timezone from 'Etc/UTC' to 'Europe/Berlin'.`)));
    assert.ok(c.stdout.some((l) => /^tenant\.scim\.yaml: unassigned: 'orphan@example\.com' is active in the tenant but not assigned.*\(tenant id [\w-]+\)$/.test(l)));
    assert.ok(!c.stdout.some((l) => l.includes(': matched:')), 'matched people are not listed');
    assert.equal(c.stdout[c.stdout.length - 1], `${FILE}: 3 matched, 2 differs, 1 inactive, 1 missing, 2 unassigned, 3 conflict (12 tenant users, 10 assignments)`);
    assert.equal(c.stdout.length, 12 - 3 + 1);
  });

  it('everyone matched: exit 0 (the CI gate)', async () => {
    const people = ['a@example.com', 'b@example.com', 'c@example.com'];
    const t = await tenant({ users: people.map((u) => plantedUser(u, { timezone: 'Asia/Tokyo' })) });
    const assignments: AssignmentSpec[] = people.map((userName) => ({ userName: userName.toUpperCase(), timezone: 'Asia/Tokyo' }));
    const c = io(t.token, reconcileConfig({ assignments, baseUrl: t.baseUrl }));
    assert.equal(await main(['reconcile', '--config', FILE, '--format', 'json'], c), 0, c.stderr.join('\n'));
    assert.deepEqual(json(c).summary, { matched: 3, differs: 0, inactive: 0, missing: 0, unassigned: 0, conflict: 0 });
  });

  it('--base-url overrides the config\'s endpoint; --config is required; usage errors exit 2', async () => {
    const t = await tenant({ users: [plantedUser('a@example.com')] });
    const c = io(t.token, reconcileConfig({ assignments: [{ userName: 'a@example.com' }] }));
    assert.equal(await runReconcile(['--config', FILE, '--base-url', `${t.baseUrl}/`], c), 0, c.stderr.join('\n'));
    for (const argv of [[], ['--base-url', t.baseUrl], ['--config'], ['--config', FILE, '--format', 'xml'], ['--config', FILE, '--bogus']]) {
      const u = io(t.token, '');
      assert.equal(await runReconcile(argv, u), 2, argv.join(' '));
      assert.match(u.stderr.join('\n'), /usage: scim-provisioning reconcile/);
    }
    const missing = io(t.token, '');
    assert.equal(await runReconcile(['--config', 'nope.yaml'], missing), 2);
    assert.match(missing.stderr.join('\n'), /cannot read nope\.yaml/);
    const noTok = captureIO({ env: {}, files: { [FILE]: reconcileConfig({ assignments: [], baseUrl: t.baseUrl }) } });
    assert.equal(await runReconcile(['--config', FILE], noTok), 2);
    assert.match(noTok.stderr.join('\n'), /SCIM_TOKEN/);
  });

  it('a file with a YAML error: exit 2 with the line, nothing reconciled', async () => {
    const t = await tenant({ users: 5 });
    const c = io(t.token, `${reconcileConfig({ assignments: [{ userName: 'a@example.com' }], baseUrl: t.baseUrl })}  - userName: "unterminated\n`);
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c), 2);
    assert.deepEqual(c.stdout, []);
    assert.match(c.stderr.join('\n'), /^scim-provisioning reconcile: tenant\.scim\.yaml: the file has a YAML error on line \d+/);
  });

  it('the tenant cannot be read: JSON error {diagnosis, message}, no people, exit 1, the token never printed', async () => {
    const t = await tenant({ users: 5 });
    const config = reconcileConfig({ assignments: [{ userName: 'a@example.com' }], baseUrl: t.baseUrl });
    const wrong = io('wrong-token-123456', config);
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], wrong), 1);
    const out = json(wrong);
    assert.deepEqual(Object.keys(out), ['error']);
    assert.equal(out.error?.diagnosis, 'unauthorized');
    noToken(wrong, 'wrong-token-123456');

    const text = io('wrong-token-123456', config);
    assert.equal(await runReconcile(['--config', FILE], text), 1);
    assert.deepEqual(text.stdout, []);
    assert.match(text.stderr.join('\n'), /^scim-provisioning reconcile: unauthorized: /);
  });

  it('a tenant that pages badly (ignores startIndex): incomplete, not a partial result', async () => {
    const s = await listServer({ users: 250, quirks: { ignoreStartIndex: true } });
    const c = io('list-token', reconcileConfig({ assignments: [{ userName: buildUser(200).userName }], baseUrl: s.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c), 1);
    const out = json(c);
    assert.equal(out.people, undefined);
    assert.equal(out.error?.diagnosis, 'incomplete');
    assert.match(out.error?.message ?? '', /got 100 of the 250 users it reports.*Nothing was reconciled/);
    assert.match(c.stderr.join('\n'), /warning: the server ignores startIndex/);
  });

  it('a tenant that rate-limits past the retries, fails a page mid-sweep, or drops: the error, exit 1', async () => {
    const limited = await tenant({ users: 300, rateLimit: { every: 1, retryAfter: '0' } });
    const c1 = io(limited.token, reconcileConfig({ assignments: [], baseUrl: limited.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c1), 1);
    assert.equal(json(c1).error?.diagnosis, 'rate-limited');

    const failing = await listServer({ users: 5000, maxResults: 1000, intercept: (r) => (r.startIndex === 2001 ? { status: 502, body: buildScimError(502, 'bad gateway') } : undefined) });
    const c2 = io('list-token', reconcileConfig({ assignments: [], baseUrl: failing.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c2), 1);
    assert.equal(json(c2).error?.diagnosis, 'server-error');

    const ref: { server?: ListServer } = {};
    ref.server = await listServer({ users: 5000, maxResults: 1000, gate: (r) => (r.n === 3 ? (void ref.server?.close(), new Promise<void>(() => undefined)) : Promise.resolve()) });
    const c3 = io('list-token', reconcileConfig({ assignments: [], baseUrl: ref.server.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c3), 1);
    const e3 = json(c3).error;
    assert.ok(e3 && e3.message.length > 0 && e3.diagnosis !== 'incomplete', JSON.stringify(e3));
  });

  it('cancellation: exit 1 with the cancelled error, no result', async () => {
    const ctrl = new AbortController();
    const s = await listServer({ users: 5000, maxResults: 1000, gate: (r) => (r.n === 1 ? Promise.resolve() : new Promise<void>(() => { ctrl.abort(); })) });
    const c = io('list-token', reconcileConfig({ assignments: [], baseUrl: s.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c, { signal: ctrl.signal }), 1);
    assert.equal(json(c).error?.diagnosis, 'cancelled');
  });

  it('no assignments, 1,200 tenant users (odd userNames among them): every active one unassigned, in tenant order, valid JSON across batches', async () => {
    const odd: Record<number, string> = { 3: 'o\'neil "x"@example.com', 7: 'svc-backup', 600: 'back\\slash@example.com', 1000: 'zoë@example.com' };
    const s = await listServer({ users: Array.from({ length: 1200 }, (_, k) => buildUser(k + 1, odd[k + 1] ? { userName: odd[k + 1] } : {})), maxResults: 1000 });
    const active = s.users.filter((u) => u.active !== false);
    const c = io('list-token', reconcileConfig({ assignments: [], baseUrl: s.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c), 1, c.stderr.join('\n'));
    const out = json(c);
    assert.equal(out.summary?.unassigned, active.length);
    assert.deepEqual((out.people ?? []).map((p) => [p.category, p.userName, p.tenantId]), active.map((u) => ['unassigned', u.userName, u.id]));
    assert.match(out.people?.find((p) => p.userName === 'svc-backup')?.message ?? '', /its userName 'svc-backup' is not an email address/);
    assert.equal(c.stdout.length, 2 + active.length, 'one person per line');

    const t = io('list-token', reconcileConfig({ assignments: [], baseUrl: s.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE], t), 1);
    assert.deepEqual(t.stdout.slice(0, -1).map((l) => /\(tenant id ([\w-]+)\)$/.exec(l)?.[1]), active.map((u) => u.id));
    assert.equal(t.stdout[t.stdout.length - 1], `${FILE}: 0 matched, 0 differs, 0 inactive, 0 missing, ${active.length} unassigned, 0 conflict (1200 tenant users, 0 assignments)`);
  });

  it('5,000 assignments (read in slices) against 50,000 users', async () => {
    const s = await listServer({ users: 50_000, maxResults: 1000 });
    // The first 5,000 active builder users (every 17th is inactive), every 100th with another time zone.
    const assignments: AssignmentSpec[] = [];
    for (let i = 1; assignments.length < 5000; i++) {
      if (i % 17 === 0) continue;
      const u = buildUser(i);
      assignments.push({ userName: u.userName, timezone: assignments.length % 100 === 0 ? 'Pacific/Auckland' : u.timezone });
    }
    const c = io('list-token', reconcileConfig({ assignments, baseUrl: s.baseUrl }));
    assert.equal(await runReconcile(['--config', FILE, '--format', 'json'], c), 1);
    // 50,000 users, 2,941 of them inactive: 47,059 active, 5,000 assigned.
    assert.deepEqual(json(c).summary, { matched: 4950, differs: 50, inactive: 0, missing: 0, unassigned: 42_059, conflict: 0 });
  });
});
