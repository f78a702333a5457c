import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import { readAssignments, readAssignmentsInSlices } from '../../../src/core/reconcile/assignments';
import type { ConfigAssignments } from '../../../src/core/reconcile/assignments';
import { reconcile } from '../../../src/core/reconcile/reconcile';
import type { Person, ReconcileResult } from '../../../src/core/reconcile/reconcile';
import { unassignedLine } from '../../../src/cli/commands/reconcile';
import { ENTRA_ID, OKTA } from '../../../src/core/idp/descriptors';
import { TenantSnapshot, toTenantUser } from '../../../src/core/tenant/snapshot';
import { buildUser } from '../../support/builders';
import type { User } from '../../support/builders';
import { reconcileConfig } from '../../support/reconcile-cases';
import type { AssignmentSpec } from '../../support/reconcile-cases';

// Reconcile matches and speaks as the config's identity provider: Okta's import matches by userName
// or primary email; Entra ID matches on its matching attribute, userName, only (its docs:
// MicrosoftDocs/entra-docs, docs/identity/app-provisioning/customize-application-attributes.md).

function configText(idp: string, assignments: readonly AssignmentSpec[]): string {
  return reconcileConfig({ assignments }).replace('  identityProvider: okta\n', `  identityProvider: ${idp}\n`);
}

function read(text: string): ConfigAssignments {
  const r = readAssignments(parseConfig(text));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.config;
}

function snapshotOf(users: ReadonlyArray<Partial<User>>): TenantSnapshot {
  const s = new TenantSnapshot();
  s.add(users.map((u, i) => buildUser(i + 1, u)));
  return s;
}

function person(r: ReconcileResult, userName: string): Person {
  const p = r.people.find((x) => x.userName === userName);
  assert.ok(p, `${userName} not among ${r.people.map((x) => x.userName).join(', ')}`);
  return p;
}

// jane is assigned by her mailbox; the tenant holds her under another userName with that mailbox as
// primary email; sam is assigned and absent; lee is in the tenant and assigned nowhere.
const ASSIGNED: AssignmentSpec[] = [
  { userName: 'jane@example.com', givenName: 'Jane' },
  { userName: 'sam@example.com' },
];
const TENANT: Array<Partial<User>> = [
  { userName: 'jdoe@example.com', emails: [{ value: 'jane@example.com', type: 'work', primary: true }], name: { givenName: 'Jane', familyName: 'Doe' }, timezone: 'Etc/UTC', active: true },
  { userName: 'lee@example.com', timezone: 'Etc/UTC', active: true },
];

describe('reconcile in the words and with the matching rule of the config\'s identity provider', () => {
  it('reads the identity provider the config names (an old name too), also when read in slices', async () => {
    assert.equal(read(configText('okta', ASSIGNED)).idp, OKTA);
    assert.equal(read(configText('entra-id', ASSIGNED)).idp, ENTRA_ID);
    assert.equal(read(configText('azure-ad', ASSIGNED)).idp, ENTRA_ID);
    assert.equal(read(reconcileConfig({ assignments: ASSIGNED }).replace('  identityProvider: okta\n', '')).idp, OKTA);
    const text = configText('entra-id', ASSIGNED);
    const sliced = await readAssignmentsInSlices(text, { threshold: 0 });
    assert.ok(sliced.ok);
    assert.equal(sliced.config.idp, ENTRA_ID);
  });

  it('Okta matches by primary email too; Entra ID by userName only, so the same tenant is read differently', () => {
    const okta = reconcile(read(configText('okta', ASSIGNED)), snapshotOf(TENANT));
    assert.equal(person(okta, 'jane@example.com').category, 'matched');
    assert.equal(okta.summary.unassigned, 1);

    const entra = reconcile(read(configText('entra-id', ASSIGNED)), snapshotOf(TENANT));
    const jane = person(entra, 'jane@example.com');
    assert.equal(jane.category, 'missing');
    assert.equal(jane.message, "'jane@example.com' is not in the tenant: Entra ID will create it when provisioning is on.");
    // the tenant user Okta would have matched by email is nobody's to Entra
    assert.deepEqual(entra.people.filter((p) => p.category === 'unassigned').map((p) => p.userName).sort(), ['jdoe@example.com', 'lee@example.com']);
  });

  it('every sentence names the config\'s identity provider, none names the other', () => {
    const tenant: Array<Partial<User>> = [...TENANT, { userName: 'sam@example.com', active: false }];
    const assigned = [...ASSIGNED, { userName: 'lee@example.com', givenName: 'Lee', timezone: 'Europe/Berlin' }];
    for (const [id, own, other] of [['okta', 'Okta', 'Entra'], ['entra-id', 'Entra ID', 'Okta']] as const) {
      const r = reconcile(read(configText(id, assigned)), snapshotOf(tenant));
      const said = r.people.filter((p) => p.category !== 'matched').map((p) => p.message);
      assert.ok(said.length >= 2, said.join('\n'));
      for (const m of said) assert.ok(!m.includes(other), `${id}: ${m}`);
      assert.match(person(r, 'lee@example.com').message, new RegExp(`^'lee@example.com' differs from the tenant: ${own} will update `));
      assert.equal(person(r, 'sam@example.com').category, 'inactive');
    }
    const entra = reconcile(read(configText('entra-id', assigned)), snapshotOf(tenant));
    assert.match(person(entra, 'sam@example.com').message, /Entra ID will set it active/);
    assert.match(person(entra, 'jdoe@example.com').message, /: Entra ID leaves it as it is; add it to the assignments or deactivate it\.$/);
  });

  it('the CLI\'s line for an unassigned tenant user carries the same words as its message', () => {
    for (const u of [buildUser(1, { userName: 'lee@example.com' }), buildUser(2, { userName: 'not an email' })].map(toTenantUser)) {
      for (const idp of [OKTA, ENTRA_ID]) {
        const line = unassignedLine(u, 'json', 'f.scim.yaml', idp);
        assert.match((JSON.parse(line) as { message: string }).message, new RegExp(`: ${idp.matching.unassigned.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; `));
        assert.match(unassignedLine(u, 'text', 'f.scim.yaml', idp), new RegExp(idp.matching.unassigned));
      }
    }
  });
});
