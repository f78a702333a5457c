// Import: the live model (made from the vendors' example bodies, test/support/idp/live-apps.ts) as a
// config: deterministic, every readable section, comments on what cannot be read or held, and a
// normal config that validate checks (a typo in a live mapping is a finding on its line).
import * as assert from 'node:assert/strict';
import { importConfigText } from '../../../src/core/import/config';
import { driftOfText, hasDrift } from '../../../src/core/drift/drift';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import { validateConfig } from '../../../src/core/config/validate';
import { LineIndex } from '../../../src/core/config/yaml/lineIndex';
import { entraLiveApp, oktaLiveApp } from '../../support/idp/live-apps';

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('import: a live app as a version-1 config', () => {
  it('Okta: the idp block, every readable section, short mapping keys, and a comment where the API cannot read', () => {
    const text = importConfigText(oktaLiveApp());
    assert.match(text, /^idp: {2}# where the app lives in Okta/m);
    assert.match(text, /^ {2}orgUrl: https:\/\/acme\.okta\.com/m);
    assert.match(text, /^ {2}tokenRef: okta-acme/m);
    assert.match(text, /^api: {2}# not readable from Okta's API: set in the Admin Console/m);
    assert.match(text, /^ {4}userName: user\.email {2}# the application username format \$\{source\.email\}$/m);
    for (const k of ['givenName: user.firstName', 'familyName: user.lastName', 'email: user.email', 'timezone: user.timezone']) assert.match(text, new RegExp(`^ {4}${k.replace('.', '\\.')}$`, 'm'));
    assert.match(text, /^ {4}# groups: a GROUP attribute statement .*STARTS_WITH filter "Flosum".*kept in Okta$/m, 'the GROUP statement is kept as a comment');
    assert.match(text, /^ {2}- userName: olivia@example\.com\.au$/m);
    assert.match(text, /^ {2}- name: Flosum Sales\n {4}targetName: sales-team {2}# its name in the app\n {4}members:\n {6}- jane@example\.com$/m);
    const parsed = parseConfig(text);
    assert.ok(parsed.usable);
    assert.deepEqual(parsed.findings, []);
  });

  it('the same live app gives the same bytes', () => {
    assert.equal(importConfigText(oktaLiveApp()), importConfigText(oktaLiveApp()));
    assert.equal(importConfigText(entraLiveApp()), importConfigText(entraLiveApp()));
  });

  it('Okta: features [] writes every To App option false; DONT_PUSH is the object form; a group-scoped person says so', () => {
    const text = importConfigText(oktaLiveApp({ features: [], mappings: { displayName: { expression: 'user.displayName', pushStatus: 'DONT_PUSH' } }, people: [['sam@example.com', undefined, 'Everyone']] }));
    assert.match(text, /toApp:\n {4}createUsers: false\n {4}updateUserAttributes: false\n {4}deactivateUsers: false\n {4}syncPassword: false\n/);
    assert.match(text, /^ {4}displayName:\n {6}expression: user\.displayName\n {6}pushStatus: DONT_PUSH {2}# applied on create only$/m);
    assert.match(text, /^ {2}- userName: sam@example\.com {2}# via the group Everyone$/m);
  });

  it('Entra: quoted [mail], the object form for matchingPriority, paths where no short name exists, extension attributes as profile', () => {
    const text = importConfigText(entraLiveApp());
    assert.match(text, /^ {4}userName:\n {6}expression: "\[mail\]"\n {6}matchingPriority: 1/m);
    assert.match(text, /^ {4}email: "\[mail\]"$/m);
    assert.match(text, /^ {4}phoneNumbers\[type eq "mobile"\]\.value: "\[mobile\]"$/m);
    assert.match(text, /^ {4}urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:department: "\[department\]"$/m);
    assert.match(text, /^ {4}syncPassword: false {2}# Entra ID has no password sync for this app: not compared by drift$/m);
    assert.match(text, /- userName: jane@example\.com\n {4}timezone: Europe\/Berlin\n {4}profile:\n {6}extensionAttribute1: Europe\/Berlin/);
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.findings, []);
    const value = parsed.value as { provisioning: { mappings: Record<string, unknown> } };
    assert.equal(value.provisioning.mappings.email, '[mail]');
  });

  it("Entra: a mapping the file cannot hold (no source: a default value only) is a comment, never dropped silently; the docs' create-only flow is the object form", () => {
    const live = entraLiveApp();
    if (!live.mappings.readable) throw new Error('unreadable');
    live.mappings.value.push({ path: 'EmailEncodingKey', data: { defaultValue: 'ISO-8859-1' }, unsupported: 'a mapping without a source (only the default value "ISO-8859-1"), which a config value cannot hold' });
    live.mappings.value.push({ path: 'externalId', expression: '[objectId]', data: { flowType: 'create-only' } });
    const text = importConfigText(live);
    assert.match(text, /^ {4}# EmailEncodingKey: a mapping without a source \(only the default value "ISO-8859-1"\).*not imported$/m);
    assert.match(text, /^ {4}externalId:\n {6}expression: "\[objectId\]"\n {6}flowType: create-only {2}# applied on create only$/m);
  });

  it('round trip: the imported file against the same live app has no drift (only what the API cannot read)', () => {
    for (const live of [oktaLiveApp(), entraLiveApp()]) {
      const r = driftOfText(importConfigText(live), live);
      assert.equal(hasDrift(r), false, JSON.stringify(r.items, null, 1));
      assert.ok(r.summary.same > 10);
      assert.ok(r.items.every((i) => i.category === 'not-readable'));
    }
  });

  it("validate shows the live setup's problems: a typo in a live Okta mapping is expression-unknown-attribute on its line", () => {
    const text = importConfigText(oktaLiveApp({ mappings: { givenName: { expression: 'user.firstName' }, familyName: { expression: 'user.lastNme' }, email: { expression: 'user.email' }, timezone: { expression: 'user.timezone' } } }));
    const lines = new LineIndex(text);
    const typo = validateConfig(text).filter((f) => f.code === 'expression-unknown-attribute');
    assert.equal(typo.length, 1, JSON.stringify(typo));
    assert.equal(lines.positionAt(typo[0]?.start ?? 0).line, lineOf(text, 'familyName: user.lastNme'));
    assert.match(typo[0]?.message ?? '', /lastName/);
  });

  it('names that need quoting stay valid YAML (a label with a colon and quotes)', () => {
    const live = oktaLiveApp();
    (live as { label: string }).label = 'Flosum: "prod" #1';
    const parsed = parseConfig(importConfigText(live));
    assert.deepEqual(parsed.findings, []);
    assert.equal((parsed.value as { app: { name: string } }).app.name, 'Flosum: "prod" #1');
  });
});
