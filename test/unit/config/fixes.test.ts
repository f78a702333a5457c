// applyEdits, fixAll, and the edit builders' respect for indentation, comments, quoting and line endings.
import assert from 'node:assert/strict';
import { applyEdits, fixAll } from '../../../src/core/config/fixes';
import { keepCommentColumn } from '../../../src/core/config/yaml/edits';
import { validateConfig } from '../../../src/core/config/validate';
import { buildConfig, codes, example, hasLoneLf, toCrlf } from './helpers';

describe('config fixes', () => {
  it('applyEdits applies edits in any order and drops overlapping ones', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }]), 'AbcdEf');
    assert.equal(applyEdits('abc', [{ start: 1, end: 1, newText: 'x' }, { start: 3, end: 3, newText: '!' }]), 'axbc!');
    assert.equal(applyEdits('abc', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: 'Z' }]), 'c');
  });

  it('fixAll repairs examples/broken.scim.yaml except what has no fix, keeping comments', () => {
    const src = example('broken.scim.yaml');
    const { text, applied } = fixAll(src);
    assert.ok(applied >= 7, String(applied));
    // Left: the region 'eu' (an area: the person picks the region), the duplicate assignment (removal
    // is not automatic) and a non-email username.
    assert.deepEqual(codes(validateConfig(text)).sort(), ['api-region', 'assignment-duplicate', 'assignment-username']);
    assert.ok(text.includes('  region: eu   '), 'the region guess is not applied');
    assert.ok(text.includes('    givenName: user.firstName   '), 'the attribute typo is repaired');
    for (const c of ['# Flosum expects user.email', '# must stay false', '# Flosum uses the email address as the username']) assert.ok(text.includes(c), c);
  });

  it('a fix keeps the column of a trailing comment (longer, shorter and empty values; CRLF)', () => {
    const commentColumns = (t: string): number[] => t.split(/\r?\n/).filter((l) => l.includes('#')).map((l) => l.indexOf('#'));
    const src = [
      'version: 1',
      'app:',
      '  name: Flosum',
      'api:',
      '  region: us',
      '  tokenRef: flosum-prod',
      'saml:',
      '  attributes:',
      '    uniqueUserId: user.id',
      '    firstName: user.firstName',
      '    lastName: user.lastName',
      '    email: user.login          # Flosum expects user.email',
      'provisioning:',
      '  toApp:',
      '    createUsers: false         # on',
      '    updateUserAttributes: true',
      '    deactivateUsers: true',
      '    syncPassword: true         # must stay false',
      '  mappings:',
      '    userName: user.email',
      '    givenName: user.firstName',
      '    familyName: user.lastName',
      '    email: user.email',
      '    timezone: user.timezone',
      '  defaults:',
      '    timezone: Europe/Berlim    # near miss',
      '',
    ].join('\n');
    for (const text of [src, toCrlf(src)]) {
      const before = commentColumns(text);
      const fixed = fixAll(text).text;
      assert.deepEqual(validateConfig(fixed), [], fixed);
      assert.match(fixed, /syncPassword: false {8}# must stay false/);
      assert.match(fixed, /createUsers: true {10}# on/);
      assert.match(fixed, /email: user\.email {10}# Flosum expects user\.email/);
      assert.deepEqual(commentColumns(fixed), before, fixed);
    }
    // padding too short to take up the change: the comment moves, keeping its gap
    const tight = fixAll(src.replace('    syncPassword: true         # must stay false', '    syncPassword: true # must stay false')).text;
    assert.match(tight, /syncPassword: false # must stay false/);
  });

  it('keepCommentColumn leaves multi-line edits and lines without a trailing comment alone', () => {
    const t = 'a: true\nb: x   # c\n';
    assert.deepEqual(keepCommentColumn(t, { start: 3, end: 7, newText: 'false' }), { start: 3, end: 7, newText: 'false' });
    assert.deepEqual(keepCommentColumn(t, { start: 11, end: 12, newText: 'x\ny' }), { start: 11, end: 12, newText: 'x\ny' });
    assert.deepEqual(keepCommentColumn(t, { start: 11, end: 12, newText: 'xyz' }), { start: 11, end: 15, newText: 'xyz ' });
  });

  it('fixAll on CRLF stays CRLF', () => {
    const { text } = fixAll(toCrlf(example('broken.scim.yaml')));
    assert.ok(!hasLoneLf(text));
  });

  it('a config whose problems all have fixes re-validates clean after fixAll (many problems at once)', () => {
    const t = [
      '# many problems, all fixable',
      'app:',
      '  name: Acme',
      '  identityprovider: okta',
      'api:',
      '  region: US',
      '  tokenRef: acme-prod',
      'saml:',
      '  attributes:',
      '    uniqueUserId: user.login',
      'provisioning:',
      '  toApp:',
      '    createUsers: false',
      '    syncPassword: true',
      '  mappings:',
      '    userName: user.login',
      '  defaults:',
      '    timezone: europe/berlin',
      '',
    ].join('\n');
    for (const src of [t, toCrlf(t)]) {
      const before = validateConfig(src);
      assert.ok(before.length >= 10, JSON.stringify(codes(before)));
      const { text } = fixAll(src);
      assert.deepEqual(validateConfig(text), [], text);
      assert.ok(text.startsWith('# many problems, all fixable'));
      if (src.includes('\r\n')) assert.ok(!hasLoneLf(text));
    }
  });

  it('fixAll inserts whole missing sections (saml, provisioning) once each', () => {
    const t = buildConfig({ saml: null, provisioning: null });
    const { text } = fixAll(t);
    assert.deepEqual(validateConfig(text), [], text);
    assert.equal(text.match(/^provisioning:/gm)?.length, 1);
  });

  it('fixAll never applies the keychain (secret) fix', () => {
    const t = buildConfig({ api: 'api:\n  region: us\n  apiToken: 00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT' });
    const { text } = fixAll(t);
    assert.equal(text, t);
    assert.deepEqual(codes(validateConfig(text)), ['secret-in-file']);
  });

  it('an empty file gets a starter config from fixAll', () => {
    for (const empty of ['', '# only a comment\n', '\n\n']) {
      const f = validateConfig(empty);
      assert.deepEqual(codes(f), ['schema-required']);
      const { text } = fixAll(empty);
      assert.deepEqual(validateConfig(text), [], text);
    }
  });

  it('detects a 4-space indent and inserts with it', () => {
    const t = buildConfig({ assignments: null }).replace(/^( +)/gm, (s) => ' '.repeat(s.length * 2)).replace('        timezone: user.timezone\n', '');
    const f = validateConfig(t);
    assert.deepEqual(codes(f), ['mapping-missing']);
    const { text } = fixAll(t);
    assert.ok(text.includes('        email: user.email\n        timezone: user.timezone\n'), text);
  });

  it('inserts after the block\'s last child, before a trailing comment of the parent block', () => {
    const t = buildConfig().replace('    email: user.email\n    timezone: user.timezone\n', '    email: user.email\n    # end of mappings\n');
    const { text } = fixAll(t);
    assert.ok(text.includes('    email: user.email\n    timezone: user.timezone\n    # end of mappings\n'), text);
  });

  it('a file without a final newline gets the inserted line with the file\'s line ending', () => {
    const prov = 'provisioning:\n  toApp:\n    createUsers: true\n    updateUserAttributes: true\n    deactivateUsers: true\n' +
      '  mappings:\n    userName: user.email\n    givenName: user.firstName\n    familyName: user.lastName\n    email: user.email';
    for (const eol of ['\n', '\r\n']) {
      const t = buildConfig({ assignments: null, provisioning: prov }).replace(/\n$/, '').replace(/\n/g, eol);
      assert.ok(!t.endsWith('\n'));
      const { text } = fixAll(t);
      assert.ok(text.endsWith(`    email: user.email${eol}    timezone: user.timezone`), JSON.stringify(text.slice(-60)));
      assert.deepEqual(validateConfig(text), []);
    }
  });

  it('flow-style mappings: no corrupting fix (the insert is skipped), values still fixed', () => {
    const t = buildConfig().replace(/ {2}mappings:\n(?: {4}.*\n)+/, '  mappings: {userName: user.login, givenName: user.firstName, familyName: user.lastName, email: user.email}\n');
    const f = validateConfig(t);
    assert.deepEqual(codes(f).sort(), ['mapping-missing', 'username-not-email']);
    assert.equal(f.find((x) => x.code === 'mapping-missing')!.fixes, undefined);
    const { text } = fixAll(t);
    assert.ok(text.includes('{userName: user.email, givenName'), text);
    assert.deepEqual(codes(validateConfig(text)), ['mapping-missing']);
  });

  it('an empty block (key with no value) gets children at one indent deeper', () => {
    const t = buildConfig().replace(/ {2}mappings:\n(?: {4}.*\n)+/, '  mappings:   # fill me\n');
    const { text } = fixAll(t);
    assert.deepEqual(validateConfig(text), [], text);
    assert.ok(text.includes('  mappings:   # fill me\n    userName: user.email\n'));
  });

  it('a fix that lengthens or shortens a value keeps the trailing comment in its column', () => {
    const t = buildConfig().replace('syncPassword: false', 'syncPassword: true        # must stay false').replace('region: us', 'region: germany   # the EU tenant');
    const fixed = fixAll(t).text;
    const col = (text: string, comment: string): number => { const line = text.split('\n').find((l) => l.includes(comment)) ?? ''; return line.indexOf(comment); };
    assert.ok(fixed.includes('syncPassword: false       # must stay false'), fixed);
    assert.equal(col(fixed, '# must stay false'), col(t, '# must stay false'));
    assert.ok(fixed.includes('region: de        # the EU tenant'), fixed);
    assert.equal(col(fixed, '# the EU tenant'), col(t, '# the EU tenant'));
    // No room to keep it: the value is written whole, one blank still before the comment.
    const tight = buildConfig().replace('syncPassword: false', 'syncPassword: true # keep');
    assert.ok(fixAll(tight).text.includes('syncPassword: false # keep'));
  });
});
