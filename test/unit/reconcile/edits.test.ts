import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/config/fixes';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import { validateConfig } from '../../../src/core/config/validate';
import { readAssignments } from '../../../src/core/reconcile/assignments';
import { addAssignment, assignmentFor, takeTenantValues } from '../../../src/core/reconcile/edits';
import type { EditResult } from '../../../src/core/reconcile/edits';
import { reconcile } from '../../../src/core/reconcile/reconcile';
import { TenantSnapshot, toTenantUser } from '../../../src/core/tenant/snapshot';
import { buildUser } from '../../support/builders';
import { plantedUser, reconcileConfig } from '../../support/reconcile-cases';

function apply(text: string, r: EditResult): string {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return applyEdits(text, r.edits);
}

const lineNo = (text: string, needle: string): number => text.split(/\r?\n/).findIndex((l) => l.includes(needle)) + 1;
const commentsOf = (text: string): string[] => text.split(/\r?\n/).flatMap((l) => /#.*$/.exec(l)?.[0] ?? []);

describe('reconcile/edits: take the tenant\'s value, add an unassigned tenant user', () => {
  it('takes the tenant\'s values: replaces a written one, inserts a missing one, keeps comments and CRLF', () => {
    for (const crlf of [false, true]) {
      const text = reconcileConfig({ crlf, assignments: [
        { userName: 'a@example.com', timezone: 'Asia/Tokyo', comment: 'keep me' },
        { userName: 'grace@example.com', givenName: "'grace'", comment: 'and me' },
      ] });
      const line = lineNo(text, 'grace@example.com');
      const out = apply(text, takeTenantValues(text, { line, userName: 'Grace@Example.com' }, [
        { name: 'givenName', tenant: 'Grace' }, { name: 'timezone', tenant: 'Europe/Berlin' }, { name: 'familyName', tenant: 'Hopper' },
      ]));
      assert.deepEqual(commentsOf(out), commentsOf(text));
      assert.equal(/(^|[^\r])\n/.test(out), !crlf, 'line endings changed');
      const eol = crlf ? '\r\n' : '\n';
      assert.ok(out.includes(`  - userName: grace@example.com   # and me${eol}    givenName: 'Grace'${eol}    timezone: Europe/Berlin${eol}    familyName: Hopper${eol}`), out);
      assert.ok(out.includes('  - userName: a@example.com   # keep me'), 'another assignment changed');
      const r = readAssignments(parseConfig(out));
      assert.ok(r.ok);
      assert.deepEqual(r.config.assignments[1], { ...r.config.assignments[1], givenName: 'Grace', familyName: 'Hopper', timezone: 'Europe/Berlin' });
    }
  });

  it('a tenant value that is blank removes the key; a moved assignment is not edited blindly', () => {
    const text = reconcileConfig({ assignments: [{ userName: 'pat@example.com', email: 'pat.old@example.com', timezone: 'Etc/UTC' }] });
    const line = lineNo(text, 'pat@example.com');
    const out = apply(text, takeTenantValues(text, { line, userName: 'pat@example.com' }, [{ name: 'email', tenant: null }]));
    assert.ok(!out.includes('pat.old@example.com'));
    assert.ok(out.includes('  - userName: pat@example.com\n    timezone: Etc/UTC\n'));
    const moved = takeTenantValues(text, { line: line + 1, userName: 'pat@example.com' }, [{ name: 'email', tenant: null }]);
    assert.equal(moved.ok, false);
    if (!moved.ok) assert.match(moved.message, /no longer on line/);
  });

  it('after taking the tenant\'s values, the person reconciles as matched', () => {
    const tenant = new TenantSnapshot();
    tenant.add([buildUser(1, plantedUser('lin@example.com', { timezone: '', name: { givenName: 'Lin', familyName: 'Wu' } }))]);
    const text = reconcileConfig({ assignments: [{ userName: 'lin@example.com', givenName: 'Linda' }], defaultTimezone: 'Europe/Berlin' });
    const before = readAssignments(parseConfig(text));
    assert.ok(before.ok);
    const p = reconcile(before.config, tenant).people[0];
    assert.equal(p?.category, 'differs');
    const out = apply(text, takeTenantValues(text, { line: p?.line ?? 0, userName: p?.userName ?? '' }, p?.fields ?? []));
    const after = readAssignments(parseConfig(out));
    assert.ok(after.ok);
    assert.equal(reconcile(after.config, tenant).people[0]?.category, 'matched');
  });

  it('writes what a tenant user needs: an email userName, its time zone unless the default gives it, its email when it is not the userName', () => {
    assert.deepEqual(assignmentFor(toTenantUser(buildUser(1, plantedUser('x@example.com', { timezone: '' }))), 'Etc/UTC'), [['userName', 'x@example.com']]);
    assert.deepEqual(assignmentFor(toTenantUser(buildUser(1, plantedUser('x@example.com', { timezone: 'Asia/Tokyo' }))), undefined), [['userName', 'x@example.com'], ['timezone', 'Asia/Tokyo']]);
    assert.deepEqual(assignmentFor(toTenantUser(buildUser(1, plantedUser('svc', { timezone: 'Europe/Berlin' }, 'svc@example.com'))), 'Europe/Berlin'), [['userName', 'svc@example.com']]);
    assert.deepEqual(assignmentFor(toTenantUser(buildUser(1, plantedUser('a@example.com', {}, 'b@example.com'))), 'Etc/UTC'), [['userName', 'a@example.com'], ['email', 'b@example.com']]);
  });

  it('adds at the end of the list, indented like its items, comments and line endings kept; the file stays valid', () => {
    for (const crlf of [false, true]) {
      const text = reconcileConfig({ crlf, assignments: [{ userName: 'a@example.com', timezone: 'Asia/Tokyo', comment: 'first' }, { userName: 'b@example.com' }] })
        + (crlf ? '# trailing comment\r\n' : '# trailing comment\n');
      const r = addAssignment(text, [['userName', 'new@example.com'], ['timezone', 'Europe/Berlin']]);
      const out = apply(text, r);
      const eol = crlf ? '\r\n' : '\n';
      assert.ok(out.includes(`  - userName: b@example.com${eol}  - userName: new@example.com${eol}    timezone: Europe/Berlin${eol}# trailing comment${eol}`), out);
      assert.equal(r.ok && r.line, lineNo(out, 'new@example.com'));
      assert.deepEqual(commentsOf(out), commentsOf(text));
      assert.equal(/(^|[^\r])\n/.test(out), !crlf);
      assert.deepEqual(validateConfig(out, { target: 'generic-scim' }).filter((f) => f.code.startsWith('yaml') || f.code.startsWith('schema')), []);
    }
  });

  it('follows the file\'s own list style (4-space, items flush with the key) and quotes what needs quoting', () => {
    const four = 'version: 1\nassignments:\n    -   userName: a@example.com\n        timezone: Asia/Tokyo\n';
    const out4 = apply(four, addAssignment(four, [['userName', 'odd: name@example.com'], ['timezone', 'Etc/UTC']]));
    assert.equal(out4, `${four}    -   userName: "odd: name@example.com"\n        timezone: Etc/UTC\n`);
    const flush = 'assignments:\n- userName: a@example.com\n';
    assert.equal(apply(flush, addAssignment(flush, [['userName', 'b@example.com'], ['timezone', 'Asia/Tokyo']])), `${flush}- userName: b@example.com\n  timezone: Asia/Tokyo\n`);
  });

  it('creates the list when there is none, fills an empty one, refuses a flow list', () => {
    const none = 'version: 1\napp:\n  name: Flosum';
    const r1 = addAssignment(none, [['userName', 'n@example.com']]);
    assert.equal(apply(none, r1), 'version: 1\napp:\n  name: Flosum\nassignments:\n  - userName: n@example.com\n');
    assert.equal(r1.ok && r1.line, 5);
    const empty = 'version: 1\nassignments:   # nobody yet\napi:\n  region: us\n';
    assert.equal(apply(empty, addAssignment(empty, [['userName', 'e@example.com']])), 'version: 1\nassignments:   # nobody yet\n  - userName: e@example.com\napi:\n  region: us\n');
    const brackets = 'assignments: []  # none\n';
    assert.equal(apply(brackets, addAssignment(brackets, [['userName', 'e@example.com']])), 'assignments:  # none\n  - userName: e@example.com\n');
    const flow = 'assignments: [{userName: a@example.com}]\n';
    const r4 = addAssignment(flow, [['userName', 'e@example.com']]);
    assert.equal(r4.ok, false);
    assert.equal(addAssignment('assignments: [\n', [['userName', 'e@example.com']]).ok, false);
  });
});
