import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import { readAssignments } from '../../../src/core/reconcile/assignments';
import type { ConfigAssignments } from '../../../src/core/reconcile/assignments';
import { allMatched, reconcile, Reconciliation, unassignedMessage, unassignedPerson } from '../../../src/core/reconcile/reconcile';
import { personJsonText, unassignedLine } from '../../../src/cli/commands/reconcile';
import type { Person, ReconcileResult } from '../../../src/core/reconcile/reconcile';
import { TenantSnapshot, toTenantUser } from '../../../src/core/tenant/snapshot';
import { buildUser } from '../../support/builders';
import type { User } from '../../support/builders';
import { PLANTED, plantedUser, reconcileConfig } from '../../support/reconcile-cases';
import type { AssignmentSpec } from '../../support/reconcile-cases';

function snapshotOf(users: ReadonlyArray<Partial<User>>): TenantSnapshot {
  const s = new TenantSnapshot();
  s.add(users.map((u, i) => buildUser(i + 1, u)));
  return s;
}

function configOf(assignments: readonly AssignmentSpec[], defaultTimezone?: string | null): { text: string; config: ConfigAssignments } {
  const text = reconcileConfig({ assignments, defaultTimezone });
  const r = readAssignments(parseConfig(text));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return { text, config: r.config };
}

function run(assignments: readonly AssignmentSpec[], tenant: ReadonlyArray<Partial<User>>, defaultTimezone?: string | null): ReconcileResult {
  return reconcile(configOf(assignments, defaultTimezone).config, snapshotOf(tenant));
}

function person(r: ReconcileResult, userName: string): Person {
  const p = r.people.filter((x) => x.userName === userName);
  assert.equal(p.length, 1, `${userName}: ${p.length} people (${r.people.map((x) => `${x.userName}:${x.category}`).join(', ')})`);
  return p[0];
}

describe('reconcile: the file\'s assignments against a tenant snapshot (pure, builders only)', () => {
  it('the planted cases: every person in exactly the expected category, counts in the summary', () => {
    const { text, config } = configOf(PLANTED.assignments, PLANTED.defaultTimezone);
    const r = reconcile(config, snapshotOf(PLANTED.tenant));
    const got = Object.fromEntries(r.people.map((p) => [p.userName, p.category]));
    assert.deepEqual(got, PLANTED.expected);
    assert.deepEqual(r.summary, PLANTED.summary);
    assert.equal(r.people.length, Object.keys(PLANTED.expected).length, 'someone is listed twice');
    // lines point at each assignment's `- userName:` line
    const lines = text.split('\n');
    for (const p of r.people.filter((x) => x.category !== 'unassigned')) {
      assert.ok(p.line, `${p.userName} has no line`);
      assert.match(lines[p.line - 1] ?? '', new RegExp(`- userName: ${p.userName.replace(/[.]/g, '\\.')}`));
    }
    assert.equal(allMatched(r), false);
  });

  it('each message says what Okta will do', () => {
    const r = run(PLANTED.assignments, PLANTED.tenant, PLANTED.defaultTimezone);
    const verbs: Record<string, RegExp> = {
      matched: /nothing to update/, differs: /Okta will update/, inactive: /Okta will leave it inactive/, missing: /Okta will create it/,
      unassigned: /an import leaves it unmatched/, conflict: /Okta will fail|provisioning will fail/,
    };
    for (const p of r.people) assert.match(p.message, verbs[p.category], `${p.category}: ${p.message}`);
  });

  it('userName matches case-insensitively; an email differing only in case is not a difference; a name is', () => {
    const tenant = [plantedUser('mixed.case@example.com', { name: { givenName: 'Ada', familyName: 'Lovelace' } })];
    const r = run([{ userName: 'MIXED.Case@Example.COM', email: 'Mixed.Case@example.com', givenName: 'ada', familyName: 'Lovelace' }], tenant);
    const p = person(r, 'MIXED.Case@Example.COM');
    assert.equal(p.category, 'differs');
    assert.deepEqual(p.fields, [{ name: 'givenName', config: 'ada', tenant: 'Ada' }]);
    assert.equal(p.tenantId, 'u-000001');
  });

  it('blank vs Etc/UTC vs the file\'s default time zone', () => {
    const rows: Array<{ tenant: string; file: string | null | undefined; dflt: string | null; expect: 'matched' | 'differs'; config?: string }> = [
      { tenant: '', file: undefined, dflt: null, expect: 'matched' },
      { tenant: '', file: 'Etc/UTC', dflt: 'Europe/Berlin', expect: 'matched' },
      { tenant: 'Etc/UTC', file: undefined, dflt: 'Etc/UTC', expect: 'matched' },
      { tenant: 'Etc/UTC', file: null, dflt: null, expect: 'matched' },
      { tenant: '', file: undefined, dflt: 'Europe/Berlin', expect: 'differs', config: 'Europe/Berlin' },
      { tenant: 'Etc/UTC', file: null, dflt: 'Europe/Berlin', expect: 'differs', config: 'Europe/Berlin' },
      { tenant: 'Europe/Berlin', file: undefined, dflt: 'Europe/Berlin', expect: 'matched' },
      { tenant: 'Europe/Berlin', file: undefined, dflt: null, expect: 'differs', config: 'Etc/UTC' },
      { tenant: 'Europe/Berlin', file: 'Asia/Tokyo', dflt: 'Europe/Berlin', expect: 'differs', config: 'Asia/Tokyo' },
    ];
    for (const row of rows) {
      const spec: AssignmentSpec = { userName: 'tz@example.com', ...(row.file !== undefined ? { timezone: row.file } : {}) };
      const r = run([spec], [plantedUser('tz@example.com', { timezone: row.tenant })], row.dflt);
      const p = person(r, 'tz@example.com');
      const label = `tenant ${JSON.stringify(row.tenant)}, file ${JSON.stringify(row.file)}, default ${JSON.stringify(row.dflt)}`;
      assert.equal(p.category, row.expect, label);
      if (row.expect === 'differs') assert.deepEqual(p.fields, [{ name: 'timezone', config: row.config, tenant: row.tenant || 'Etc/UTC' }], label);
    }
  });

  it('a person matching two tenant users (one by userName, another by email) is a conflict naming both; neither is unassigned', () => {
    const r = run([{ userName: 'sam@example.com', email: 'sam.work@example.com' }], [
      plantedUser('sam@example.com'),
      plantedUser('samuel@example.com', {}, 'sam.work@example.com'),
    ]);
    const p = person(r, 'sam@example.com');
    assert.equal(p.category, 'conflict');
    assert.equal(p.conflict, 'several-tenant-users');
    assert.deepEqual(p.tenant.map((u) => u.userName), ['sam@example.com', 'samuel@example.com']);
    assert.match(p.message, /'sam@example\.com' by userName, 'samuel@example\.com' by email/);
    assert.equal(r.summary.unassigned, 0);
  });

  it('a tenant that holds one userName twice (case only) makes the assignment a conflict', () => {
    const r = run([{ userName: 'twice@example.com' }], [plantedUser('Twice@example.com'), plantedUser('twice@example.com')]);
    const p = person(r, 'twice@example.com');
    assert.equal(p.category, 'conflict');
    assert.equal(p.tenant.length, 2);
  });

  it('matched by email to a tenant user whose userName is not an email: a conflict; unassigned ones are named as such', () => {
    const r = run([{ userName: 'john.doe@example.com' }], [plantedUser('jdoe', {}, 'john.doe@example.com'), plantedUser('svc-backup', {}, 'backup@example.com')]);
    const p = person(r, 'john.doe@example.com');
    assert.equal(p.category, 'conflict');
    assert.equal(p.conflict, 'username-not-email');
    assert.match(p.message, /matches tenant user 'jdoe' \(by email\).*set it to 'john\.doe@example\.com' in the tenant/);
    const u = person(r, 'svc-backup');
    assert.equal(u.category, 'unassigned');
    assert.match(u.message, /userName 'svc-backup' is not an email address/);
  });

  it('a duplicate assignment (case-insensitive) is a conflict pointing at the first; the first keeps its category', () => {
    const { config } = configOf([{ userName: 'dup@example.com' }, { userName: 'other@example.com' }, { userName: 'DUP@example.com' }]);
    const r = reconcile(config, snapshotOf([plantedUser('dup@example.com'), plantedUser('other@example.com')]));
    assert.deepEqual(r.people.map((p) => [p.userName, p.category]), [['dup@example.com', 'matched'], ['other@example.com', 'matched'], ['DUP@example.com', 'conflict']]);
    const dup = person(r, 'DUP@example.com');
    assert.equal(dup.conflict, 'duplicate-assignment');
    assert.equal(dup.other?.line, config.assignments[0]?.line);
    assert.match(dup.message, new RegExp(`first on line ${config.assignments[0]?.line}`));
  });

  it('two different assignments matching one tenant user are both conflicts', () => {
    const r = run([{ userName: 'lee@example.com' }, { userName: 'lee.work@example.com', email: 'lee@example.com' }], [plantedUser('lee@example.com')]);
    assert.deepEqual(r.people.map((p) => [p.userName, p.category, p.conflict]), [
      ['lee@example.com', 'conflict', 'shared-tenant-user'], ['lee.work@example.com', 'conflict', 'shared-tenant-user']]);
  });

  it('inactive wins over differs; inactive tenant users nobody assigned are not listed; unknown active counts as active', () => {
    const r = run([{ userName: 'off@example.com', timezone: 'Asia/Tokyo', givenName: 'X' }], [
      plantedUser('off@example.com', { active: false }),
      plantedUser('left@example.com', { active: false }),
      { ...plantedUser('unknown@example.com'), active: undefined },
    ]);
    const off = person(r, 'off@example.com');
    assert.equal(off.category, 'inactive');
    assert.equal(off.fields, undefined);
    assert.deepEqual(r.people.map((p) => p.userName), ['off@example.com', 'unknown@example.com']);
    assert.equal(person(r, 'unknown@example.com').category, 'unassigned');
  });

  it('missing: assigned but nowhere in the tenant (not by userName, not by email)', () => {
    const r = run([{ userName: 'nobody@example.com', email: 'nobody.else@example.com' }], [plantedUser('somebody@example.com')]);
    const p = person(r, 'nobody@example.com');
    assert.equal(p.category, 'missing');
    assert.equal(p.tenantId, undefined);
    assert.deepEqual(p.tenant, []);
  });

  it('email set in the file is compared with the tenant\'s primary email (and matches by it)', () => {
    const r = run([{ userName: 'pat@example.com', email: 'pat.new@example.com' }], [plantedUser('pat@example.com')]);
    const p = person(r, 'pat@example.com');
    assert.equal(p.category, 'differs');
    assert.deepEqual(p.fields, [{ name: 'email', config: 'pat.new@example.com', tenant: 'pat@example.com' }]);
  });

  it('no assignments: every active tenant user is unassigned; nothing anywhere is all matched', () => {
    const r = reconcile(configOf([]).config, snapshotOf([plantedUser('a@example.com'), plantedUser('b@example.com', { active: false })]));
    assert.deepEqual(r.people.map((p) => [p.userName, p.category]), [['a@example.com', 'unassigned']]);
    assert.equal(allMatched(r), false);
    assert.equal(allMatched(reconcile(configOf([]).config, snapshotOf([]))), true);
  });

  it('items without a userName are skipped (and named), not reconciled', () => {
    const text = reconcileConfig({ assignments: [{ userName: 'ok@example.com' }] }).replace('assignments:                   # people assigned to the app\n',
      'assignments:\n  - timezone: Europe/Berlin\n  - just-a-string\n');
    const r = readAssignments(parseConfig(text));
    assert.ok(r.ok);
    assert.deepEqual(r.config.skipped.map((s) => s.reason), ['no userName', 'not a mapping with a userName']);
    assert.deepEqual(r.config.assignments.map((a) => [a.index, a.userName]), [[2, 'ok@example.com']]);
  });

  it('fed page by page, unassigned users handed out and not kept: the same people as reconcile() of the whole snapshot', () => {
    const { config } = configOf(PLANTED.assignments, PLANTED.defaultTimezone);
    const tenant = snapshotOf(PLANTED.tenant);
    const whole = reconcile(config, tenant);
    const list = tenant.list();
    for (const keepUnassigned of [true, false]) {
      const r = new Reconciliation(config, { keepUnassigned });
      const handed = [];
      for (let i = 0; i < list.length; i += 3) handed.push(...r.addTenantUsers(list.slice(i, i + 3)));
      const parts = r.finishParts();
      assert.deepEqual(parts.summary, whole.summary, `keepUnassigned ${keepUnassigned}`);
      assert.deepEqual(parts.assigned, whole.people.filter((p) => p.category !== 'unassigned' || p.assignment));
      assert.deepEqual(handed.map((u) => unassignedPerson(u)), whole.people.filter((p) => !p.assignment));
      assert.deepEqual(parts.unassigned, keepUnassigned ? handed : []);
    }
  });

  it('a tenant user whose userName is its email, or another address, matched by either (one index for both)', () => {
    const r = run([{ userName: 'kim@example.com' }, { userName: 'kai@example.com', email: 'kai.mail@example.com' }, { userName: 'Kit@Example.com' }], [
      plantedUser('KIM@example.com', {}, 'kim@example.com'),
      plantedUser('kai.login@example.com', {}, 'KAI.mail@example.com'),
      plantedUser('kit.login@example.com', {}, 'kit@example.com'),
    ]);
    assert.deepEqual(r.people.map((p) => [p.userName, p.category, p.tenant.map((u) => u.userName)]), [
      ['kim@example.com', 'matched', ['KIM@example.com']],
      ['kai@example.com', 'matched', ['kai.login@example.com']],
      ['Kit@Example.com', 'matched', ['kit.login@example.com']],
    ]);
  });

  it('the CLI\'s line of an unassigned user is the person\'s JSON (and text line), whatever its userName and id', () => {
    const odd = ['jane@example.com', 'Jane.O-Neil+x@sub.example.co', 'o\'neil@example.com', 'say "hi"@example.com', 'back\\slash@example.com', 'tab\t@example.com',
      'zoë@example.com', 'svc-backup', `${'a'.repeat(70)}@example.com`, ' padded@example.com ', 'line\u2028sep@example.com', 'Bearer abc'];
    const users = [
      ...odd.map((userName, i) => toTenantUser(buildUser(i + 1, { userName }))),
      toTenantUser({ id: 'no-user-name' }),
      toTenantUser(buildUser(40, { id: 'id "quoted" \\ 1' })),
      toTenantUser(buildUser(41, { id: '2819c223-7f76-453a-919d-413861904646' })),
    ];
    for (const u of users) {
      const line = unassignedLine(u, 'json', 'f.scim.yaml');
      assert.equal(line, personJsonText(unassignedPerson(u)), u.userName);
      assert.deepEqual(JSON.parse(line), { category: 'unassigned', userName: u.userName, tenantId: u.id, message: unassignedMessage(u) });
      assert.equal(unassignedLine(u, 'text', 'f.scim.yaml'), `f.scim.yaml: unassigned: ${unassignedMessage(u)} (tenant id ${u.id})`);
    }
  });

  it('5,000 assignments against 50,000 users: every assignment once, the rest unassigned', () => {
    const tenant = new TenantSnapshot();
    tenant.add(Array.from({ length: 50_000 }, (_, k) => buildUser(k + 1, { active: true })));
    const specs = Array.from({ length: 5000 }, (_, k) => ({ userName: buildUser(k * 10 + 1).userName, timezone: buildUser(k * 10 + 1).timezone }));
    const r = reconcile(configOf(specs).config, tenant);
    assert.equal(r.summary.matched, 5000);
    assert.equal(r.summary.unassigned, 45_000);
    assert.equal(r.people.length, 50_000);
  });
});
