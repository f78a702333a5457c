// Completion, hover, symbols and scaffold: pure editor-support data.
import assert from 'node:assert/strict';
import { completionsAt, documentSymbols, hoverAt } from '../../../src/core/config/editorSupport';
import { LineIndex } from '../../../src/core/config/lineIndex';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { validateConfig } from '../../../src/core/config/validate';
import { buildConfig, example } from './helpers';

/** Text with a `|` marking the cursor. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

function labels(marked: string): string[] {
  const [t, o] = at(marked);
  return completionsAt(t, o).map((c) => c.label);
}

describe('config editor support', () => {
  describe('completionsAt', () => {
    it('root keys not yet present, with schema docs', () => {
      const [t, o] = at('version: 1\napp:\n  name: X\n|');
      const items = completionsAt(t, o);
      assert.deepEqual(items.map((i) => i.label), ['api', 'saml', 'provisioning', 'assignments']);
      const api = items[0];
      assert.equal(api.kind, 'key');
      assert.equal(api.insertText, 'api:\n  ');
      assert.match(api.documentation ?? '', /region/);
    });

    it('an empty file offers the root keys and the skeleton snippet', () => {
      const items = completionsAt('', 0);
      const snip = items.find((i) => i.kind === 'snippet');
      assert.ok(snip);
      assert.match(snip.insertText, /^version: 1\napp:\n {2}name: \$\{1:Flosum\}/);
      assert.ok(items.some((i) => i.label === 'version'));
    });

    it('nested keys: app, mappings (missing ones only), toApp', () => {
      assert.deepEqual(labels('app:\n  name: X\n  |'), ['identityProvider', 'target', 'customAttributes']);
      const m = labels('provisioning:\n  mappings:\n    userName: user.email\n    |\n    email: user.email\n');
      assert.ok(m.includes('timezone') && m.includes('givenName'));
      assert.ok(!m.includes('userName') && !m.includes('email'));
    });

    it('enum values for region, identityProvider and target', () => {
      assert.deepEqual(labels('api:\n  region: |'), ['us', 'de', 'jp', 'au']);
      assert.deepEqual(labels('app:\n  target: |'), ['flosum', 'generic-scim']);
      const [t, o] = at('api:\n  region: |');
      assert.match(completionsAt(t, o)[1].documentation ?? '', /global-de\.flosum\.app/);
    });

    it('Okta expressions for mapping and SAML values, the expected one first', () => {
      const m = labels('provisioning:\n  mappings:\n    givenName: |');
      assert.equal(m[0], 'user.firstName');
      assert.ok(m.includes('user.email') && m.includes('user.timezone'));
      assert.equal(labels('saml:\n  attributes:\n    uniqueUserId: |')[0], 'user.id');
    });

    it('booleans for toApp options', () => {
      assert.deepEqual(labels('provisioning:\n  toApp:\n    syncPassword: |'), ['true', 'false']);
    });

    it('IANA time zones for defaults and assignment time zones', () => {
      const d = labels('provisioning:\n  defaults:\n    timezone: |');
      assert.equal(d[0], 'Etc/UTC');
      assert.ok(d.includes('Europe/Berlin') && d.length > 400);
      const a = labels('assignments:\n  - userName: a@example.com\n    timezone: |');
      assert.ok(a.includes('Asia/Tokyo'));
    });

    it('assignment item keys and the assignment snippet', () => {
      assert.deepEqual(labels('assignments:\n  - userName: a@example.com\n    |'), ['givenName', 'familyName', 'email', 'timezone', 'profile']);
      const [t, o] = at('assignments:\n  - userName: a@example.com\n  - |');
      const items = completionsAt(t, o);
      const snip = items.find((i) => i.kind === 'snippet')!;
      assert.equal(snip.insertText, 'userName: ${1:jane@example.com}\n    timezone: ${2:Etc/UTC}');
      const [t2, o2] = at('assignments:\n  |');
      assert.equal(completionsAt(t2, o2)[0].insertText, '- userName: ${1:jane@example.com}\n    timezone: ${2:Etc/UTC}');
    });

    it('nothing inside comments or unknown places; never throws on odd offsets', () => {
      assert.deepEqual(labels('# a comment |'), []);
      assert.deepEqual(labels('nope:\n  deeper: |'), []);
      const t = example('flosum-us.scim.yaml');
      for (let o = -5; o <= t.length + 5; o += 7) completionsAt(t, o);
    });
  });

  describe('hoverAt', () => {
    const t = example('flosum-us.scim.yaml');
    it('a key shows its markdownDescription, with the key range', () => {
      const o = t.indexOf('syncPassword') + 3;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /Sync Password/);
      assert.equal(t.slice(h.start, h.end), 'syncPassword');
    });

    it('an enum value shows the value description and the key\'s', () => {
      const o = t.indexOf('region: us') + 'region: '.length;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /^`us`: United States/);
      assert.equal(t.slice(h.start, h.end), 'us');
    });

    it('inside assignments; nothing on comments or unknown keys', () => {
      const o = t.indexOf('timezone: Europe/Berlin') + 2;
      assert.match(hoverAt(t, o)!.markdown, /IANA time zone/);
      assert.equal(hoverAt(t, 3), undefined);
      assert.equal(hoverAt('foo: 1\n', 1), undefined);
      assert.equal(hoverAt('', 0), undefined);
    });
  });

  describe('documentSymbols', () => {
    it('a tree of keys with kinds, ranges and selection ranges', () => {
      const t = example('flosum-us.scim.yaml');
      const syms = documentSymbols(t);
      assert.deepEqual(syms.map((s) => s.name), ['version', 'app', 'api', 'saml', 'provisioning', 'assignments']);
      const prov = syms.find((s) => s.name === 'provisioning')!;
      assert.equal(prov.kind, 'object');
      assert.deepEqual(prov.children.map((c) => c.name), ['toApp', 'mappings', 'defaults']);
      const sync = prov.children[0].children.find((c) => c.name === 'syncPassword')!;
      assert.equal(sync.kind, 'boolean');
      assert.equal(t.slice(sync.selectionStart, sync.selectionEnd), 'syncPassword');
      const asg = syms.find((s) => s.name === 'assignments')!;
      assert.equal(asg.kind, 'array');
      assert.equal(asg.children[0].name, 'jane@example.com');
      for (const s of syms) assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end);
    });

    it('never shows a secret in a detail', () => {
      const syms = documentSymbols(buildConfig({ api: 'api:\n  region: us\n  apiToken: 00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT' }));
      const tok = syms.find((s) => s.name === 'api')!.children.find((c) => c.name === 'apiToken')!;
      assert.equal(tok.detail, '••••••');
    });

    it('broken input gives what it can, never throws', () => {
      assert.deepEqual(documentSymbols(''), []);
      documentSymbols('a: [\n  b: {');
      documentSymbols(`x: ${'['.repeat(1000)}`);
    });
  });

  describe('scaffoldConfig', () => {
    it('default, each region, a base URL, names: all validate clean', () => {
      for (const opts of [{}, { region: 'de' as const }, { region: 'jp' as const, appName: 'Flosum Japan' }, { region: 'au' as const, tokenRef: 'au-token' },
        { baseUrl: 'https://flosum.example.com/api/v1/scim', appName: 'Acme: Flosum' }]) {
        const t = scaffoldConfig(opts);
        assert.deepEqual(validateConfig(t), [], `${JSON.stringify(opts)}\n${t}`);
        assert.match(t, /^# /);
      }
      assert.match(scaffoldConfig({ region: 'de' }), /region: de/);
      assert.match(scaffoldConfig({ appName: 'Flosum EU' }), /tokenRef: flosum-eu-prod/);
      assert.doesNotMatch(scaffoldConfig({ baseUrl: 'https://x.example.com/api/v1/scim' }), /region:/);
    });
  });

  describe('LineIndex', () => {
    it('offset <-> 1-based line/column, LF, CRLF and CR', () => {
      const li = new LineIndex('ab\r\ncd\nef\rgh');
      assert.deepEqual(li.positionAt(0), { line: 1, column: 1 });
      assert.deepEqual(li.positionAt(4), { line: 2, column: 1 });
      assert.deepEqual(li.positionAt(8), { line: 3, column: 2 });
      assert.deepEqual(li.positionAt(10), { line: 4, column: 1 });
      assert.deepEqual(li.positionAt(999), { line: 4, column: 3 });
      assert.equal(li.offsetAt(2, 2), 5);
      assert.equal(li.lineCount, 4);
    });
  });
});
