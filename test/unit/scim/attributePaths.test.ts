import * as assert from 'node:assert/strict';
import {
  checkAttributePath, ENTERPRISE_USER_URN, mappingKeyId, normalizeAttributePath, parseAttributePath, pathOfShortName,
  preferredMappingKey, sameMappingKey, shortNameOf,
} from '../../../src/core/scim/attributePaths';

describe('scim/attributePaths: mapping keys as SCIM attribute paths', () => {
  it('the five short names and their paths, both ways', () => {
    assert.equal(pathOfShortName('givenName'), 'name.givenName');
    assert.equal(pathOfShortName('email'), 'emails[type eq "work"].value');
    assert.equal(shortNameOf('name.familyName'), 'familyName');
    assert.equal(shortNameOf('Emails[Type EQ "work"].Value'), 'email');
    assert.equal(shortNameOf('emails[type eq "home"].value'), undefined);
    assert.equal(shortNameOf('urn:ietf:params:scim:schemas:core:2.0:User:userName'), 'userName');
    assert.equal(preferredMappingKey('name.givenName'), 'givenName');
    assert.equal(preferredMappingKey('displayname'), 'displayName');
  });

  it('normalises spelling, filter spacing and the core URN; keeps the enterprise URN', () => {
    assert.equal(normalizeAttributePath('  phonenumbers[ type eq  "mobile" ].VALUE '), 'phoneNumbers[type eq "mobile"].value');
    assert.equal(normalizeAttributePath('urn:ietf:params:scim:schemas:core:2.0:User:title'), 'title');
    assert.equal(normalizeAttributePath(`${ENTERPRISE_USER_URN.toLowerCase()}:Department`), `${ENTERPRISE_USER_URN}:department`);
    assert.equal(normalizeAttributePath(`${ENTERPRISE_USER_URN}:manager.value`), `${ENTERPRISE_USER_URN}:manager.value`);
    assert.equal(normalizeAttributePath('urn:acme:custom:1.0:costCode'), 'urn:acme:custom:1.0:costCode');
  });

  it('sameMappingKey: a short name and its path are one key; other keys are not', () => {
    assert.ok(sameMappingKey('email', 'emails[type eq "work"].value'));
    assert.ok(sameMappingKey('givenName', 'name.givenName'));
    assert.ok(sameMappingKey('title', 'urn:ietf:params:scim:schemas:core:2.0:User:title'));
    assert.ok(!sameMappingKey('email', 'emails[type eq "home"].value'));
    assert.ok(!sameMappingKey('givenName', 'familyName'));
    assert.equal(mappingKeyId('userName'), mappingKeyId('USERNAME'));
  });

  it('parse errors say what is wrong', () => {
    assert.deepEqual(parseAttributePath('emails[type eq "work"'), { ok: false, message: `'emails[type eq "work"': the filter's '[' is never closed` });
    const bad = parseAttributePath('emails[work].value');
    assert.equal(bad.ok, false);
    assert.equal(parseAttributePath('').ok, false);
    assert.deepEqual(parseAttributePath('emails[primary eq true].value'), { ok: true, path: { attribute: 'emails', filter: { attribute: 'primary', op: 'eq', value: true }, sub: 'value' } });
  });

  it('checkAttributePath: known, custom (URN) accepted, unknown with "did you mean"', () => {
    assert.deepEqual(checkAttributePath('givenName'), { ok: true, known: true });
    assert.deepEqual(checkAttributePath('addresses[type eq "work"].locality'), { ok: true, known: true });
    assert.deepEqual(checkAttributePath('urn:acme:custom:1.0:costCode'), { ok: true, known: false });
    const typo = checkAttributePath('dispalyName');
    assert.equal(typo.ok, false);
    assert.equal(!typo.ok && typo.suggestion, 'displayName');
    const sub = checkAttributePath('name.givnName');
    assert.equal(!sub.ok && sub.suggestion, 'name.givenName');
    const ent = checkAttributePath(`${ENTERPRISE_USER_URN}:departmnt`);
    assert.equal(!ent.ok && ent.suggestion, `${ENTERPRISE_USER_URN}:department`);
    const complex = checkAttributePath('name');
    assert.equal(complex.ok, false);
  });
});
