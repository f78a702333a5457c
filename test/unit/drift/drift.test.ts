// Drift, pure: a config's text against a live app made from the vendors' example bodies
// (test/support/idp/live-apps.ts). Every category, for both identity providers; expressions compared
// as parsed (spacing and quote style do not count), a short name and its path as one key, blank time
// zone = Etc/UTC, userNames case-insensitive, Entra's missing password sync not compared; lines right.
import * as assert from 'node:assert/strict';
import { driftOfText, hasDrift } from '../../../src/core/drift/drift';
import type { DriftItem } from '../../../src/core/drift/drift';
import { importConfigText } from '../../../src/core/import/config';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { entraLiveApp, oktaLiveApp } from '../../support/idp/live-apps';

const lineOf = (text: string, needle: string): number => {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
};
/** The repository's Okta example (examples/flosum-us.scim.yaml). */
const EXAMPLE = readFileSync(path.join(__dirname, '../../../examples/flosum-us.scim.yaml'), 'utf8');
const HEAD = EXAMPLE.slice(0, EXAMPLE.indexOf('  mappings:'));
/** The example's head with these mappings, defaults and assignments. */
function oktaFile(o: { mappings?: Record<string, string>; defaults?: string; people?: Array<{ userName: string; timezone?: string }> }): string {
  const m = o.mappings ?? { userName: 'user.email' };
  return `${HEAD}  mappings:\n${Object.entries(m).map(([k, v]) => `    ${k}: ${v}\n`).join('')}${o.defaults !== undefined ? `  defaults:\n    timezone: ${o.defaults}\n` : ''}assignments:\n${(o.people ?? []).map((p) => `  - userName: ${p.userName}\n${p.timezone !== undefined ? `    timezone: ${p.timezone}\n` : ''}`).join('')}`;
}
const item = (items: DriftItem[], section: string, key: string): DriftItem | undefined => items.find((i) => i.section === section && i.key === key);

describe('drift: the file against the live app', () => {
  it("Okta, the repository's example file: differences in each category with their lines", () => {
    const live = oktaLiveApp({
      mappings: { givenName: { expression: 'user.firstName' }, familyName: { expression: 'user.lastNme' }, email: { expression: 'user.email' }, displayName: { expression: 'user.displayName', pushStatus: 'DONT_PUSH' } },
      people: [['jane@example.com', 'Europe/Paris'], ['raj.patel@example.com', 'Asia/Kolkata'], ['olivia@example.com.au'], ['new.hire@example.com', 'America/Chicago', 'Everyone']],
      features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'PUSH_PASSWORD_UPDATES'],
    });
    const text = EXAMPLE;
    const r = driftOfText(text, live);
    assert.ok(hasDrift(r));
    const fam = item(r.items, 'mappings', 'familyName');
    assert.equal(fam?.category, 'differs');
    assert.equal(fam?.line, lineOf(text, 'familyName: user.lastName'));
    assert.equal(fam?.idp, 'user.lastNme');
    assert.equal(fam?.file, 'user.lastName');
    assert.equal(item(r.items, 'mappings', 'timezone')?.category, 'only-in-file');
    assert.equal(item(r.items, 'mappings', 'displayName')?.category, 'only-in-idp');
    assert.equal(item(r.items, 'mappings', 'displayName')?.idp, 'user.displayName (pushStatus DONT_PUSH)');
    const sync = item(r.items, 'toApp', 'syncPassword');
    assert.equal(sync?.category, 'differs');
    assert.equal(sync?.line, lineOf(text, 'syncPassword: false'));
    assert.equal(item(r.items, 'assignments', 'jane@example.com')?.category, 'differs');
    assert.equal(item(r.items, 'assignments', 'jane@example.com')?.idp, 'Europe/Paris');
    assert.equal(item(r.items, 'assignments', 'ken@example.co.jp')?.category, 'only-in-file');
    const hire = item(r.items, 'assignments', 'new.hire@example.com');
    assert.equal(hire?.category, 'only-in-idp');
    assert.match(hire?.message ?? '', /through the group Everyone/);
    assert.equal(hire?.line, undefined, 'only-in-idp has no line of its own');
    assert.equal(item(r.items, 'api', 'baseUrl')?.category, 'not-readable');
    assert.match(item(r.items, 'api', 'baseUrl')?.message ?? '', /set in the Admin Console/);
    assert.equal(item(r.items, 'saml', 'groups')?.category, 'not-readable');
    assert.equal(item(r.items, 'groups', 'Flosum Sales')?.category, 'only-in-idp');
    // same items are counted, not listed
    assert.ok(r.items.every((i) => i.category !== 'same'));
    assert.equal(r.summary.differs, r.items.filter((i) => i.category === 'differs').length);
  });

  it('expressions compare as parsed: spacing and quote style do not count, a different string does', () => {
    const live = oktaLiveApp({ mappings: { givenName: { expression: 'String.substringBefore(user.email, "@")' } } });
    const with_ = (expr: string): string => oktaFile({ mappings: { userName: 'user.email', givenName: expr } });
    assert.equal(item(driftOfText(with_("String.substringBefore( user.email ,'@')"), live).items, 'mappings', 'givenName'), undefined);
    assert.equal(item(driftOfText(with_('String.substringBefore(user.email, "#")'), live).items, 'mappings', 'givenName')?.category, 'differs');
    const entra = entraLiveApp({ mappings: { displayName: 'Join(" ", [givenName], [surname])' } });
    const text = importConfigText(entra).replace('displayName: Join(" ", [givenName], [surname])', `displayName: 'Join(" ",[givenName],[surname])'`).replace('email: "[mail]"', "email: '[mail]'");
    const r = driftOfText(text, entra);
    assert.equal(hasDrift(r), false, JSON.stringify(r.items));
  });

  it('a short name and its SCIM path are one key', () => {
    const live = oktaLiveApp();
    const imported = importConfigText(live);
    const at = imported.indexOf('  mappings:');
    const text = imported.slice(0, at) + imported.slice(at).replace(/^ {4}givenName: user\.firstName$/m, '    name.givenName: user.firstName').replace(/^ {4}email: user\.email$/m, '    \'emails[type eq "work"].value\': user.email');
    assert.match(text, /name\.givenName: user\.firstName/);
    const r = driftOfText(text, live);
    assert.equal(hasDrift(r), false, JSON.stringify(r.items));
  });

  it('a blank time zone is Etc/UTC, on either side; a userName differing only in case is the same person', () => {
    const live = oktaLiveApp({ people: [['jane@example.com', 'Etc/UTC'], ['raj@example.com']] });
    const text = oktaFile({ people: [{ userName: 'JANE@Example.com' }, { userName: 'raj@example.com', timezone: 'Etc/UTC' }] });
    const r = driftOfText(text, live);
    assert.equal(r.items.filter((i) => i.section === 'assignments').length, 0, JSON.stringify(r.items));
    // with a default time zone in the file, a blank one on both sides is that default; a real difference shows
    const berlin = oktaFile({ defaults: 'Europe/Berlin', people: [{ userName: 'jane@example.com' }, { userName: 'raj@example.com' }] });
    const d = driftOfText(berlin, live);
    assert.equal(item(d.items, 'assignments', 'jane@example.com')?.category, 'differs');
    assert.equal(item(d.items, 'assignments', 'raj@example.com'), undefined);
  });

  it("mapping data: pushStatus, flowType and matchingPriority differences are drift; the defaults are not", () => {
    const live = entraLiveApp({ mappings: { externalId: null } });
    if (!live.mappings.readable) throw new Error('unreadable');
    live.mappings.value.push({ path: 'externalId', expression: '[objectId]', data: { flowType: 'create-only' } });
    const text = importConfigText(live);
    assert.equal(hasDrift(driftOfText(text, live)), false);
    const changed = text.replace('      flowType: create-only  # applied on create only\n', '').replace('      matchingPriority: 1  # matching attribute (matched first)\n', '      matchingPriority: 2\n');
    const r = driftOfText(changed, live);
    assert.match(item(r.items, 'mappings', 'externalId')?.message ?? '', /flowType always in the file, create-only live/);
    assert.match(item(r.items, 'mappings', 'userName')?.message ?? '', /matchingPriority 2 in the file, 1 live/);
    const okta = oktaLiveApp({ mappings: { displayName: { expression: 'user.displayName', pushStatus: 'DONT_PUSH' } } });
    const plain = importConfigText(okta).replace(/ {4}displayName:\n {6}expression: user\.displayName\n {6}pushStatus: DONT_PUSH.*\n/, '    displayName: user.displayName\n');
    assert.match(item(driftOfText(plain, okta).items, 'mappings', 'displayName')?.message ?? '', /pushStatus PUSH in the file, DONT_PUSH live/);
  });

  it('Entra: syncPassword has no counterpart and is not compared; To App flows, SAML claims, groups are', () => {
    const live = entraLiveApp();
    if (!live.toApp.readable) throw new Error('unreadable');
    live.toApp.value.options.deactivateUsers = false;
    const text = importConfigText(entraLiveApp()).replace('syncPassword: false', 'syncPassword: true').replace('lastName: user.surname', 'lastName: user.lastname').replace('      - sam.sales@example.com', '      - someone.else@example.com');
    const r = driftOfText(text, live);
    assert.equal(item(r.items, 'toApp', 'syncPassword'), undefined);
    assert.equal(item(r.items, 'toApp', 'deactivateUsers')?.category, 'differs');
    assert.equal(item(r.items, 'saml', 'lastName')?.category, 'differs');
    const g = item(r.items, 'groups', 'Flosum Sales');
    assert.equal(g?.category, 'differs');
    assert.match(g?.message ?? '', /members in Entra ID only: sam\.sales@example\.com; members in the file only: someone\.else@example\.com/);
    assert.equal(g?.line, lineOf(text, '- name: Flosum Sales'));
  });

  it('what the API cannot read is not-readable (info, not drift): alone it makes no drift', () => {
    const live = oktaLiveApp();
    (live as { mappings: unknown }).mappings = { readable: false, reason: 'not readable: a reason' };
    const r = driftOfText(importConfigText(oktaLiveApp()), live);
    assert.equal(item(r.items, 'mappings', 'mappings')?.category, 'not-readable');
    assert.equal(hasDrift(r), false);
  });
});
