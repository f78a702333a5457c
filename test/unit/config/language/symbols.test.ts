// The outline (src/core/config/language/symbols.ts): a tree of keys with kinds and ranges, no secret
// in a detail, whatever broken input gives; a large config's outline capped (limitSymbols).
import assert from 'node:assert/strict';
import { documentSymbols, limitSymbols, type ConfigSymbol } from '../../../../src/core/config/language/symbols';
import { configText } from '../../../support/configs.cjs';
import { assignmentLines, buildConfig, example } from '../helpers';

describe('config language: symbols', () => {
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

  describe('outline of a large config (limitSymbols)', () => {
    it('keeps every top-level key, caps the total, and says how long a cut list is', () => {
      const text = configText({ sections: { assignments: assignmentLines(3000) } });
      const full = documentSymbols(text);
      const count = (list: readonly ConfigSymbol[]): number => list.reduce((n, s) => n + 1 + count(s.children), 0);
      assert.ok(count(full) > 6000);
      const limited = limitSymbols(full, 2000);
      assert.ok(count(limited) <= 2000, `kept ${count(limited)}`);
      assert.deepEqual(limited.map((s) => s.name), full.map((s) => s.name));
      const a = limited.find((s) => s.name === 'assignments');
      assert.ok(a);
      assert.match(a.detail ?? '', /^3000 items \(outline shows \d+\)$/);
      assert.equal(a.children[0]?.name, 'user0@example.com');
      assert.deepEqual(limitSymbols(documentSymbols(configText()), 2000), documentSymbols(configText()), 'a small outline is unchanged');
    });
  });
});
