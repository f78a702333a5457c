import * as assert from 'node:assert/strict';
import { ParsedConfigs } from '../../../src/core/config/language/documents';
import { hoverAt, hoverOf } from '../../../src/core/config/language/hover';
import { completionsAt } from '../../../src/core/config/language/completion';
import { documentSymbols, symbolsOfParsed } from '../../../src/core/config/language/symbols';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import type { ParsedConfig } from '../../../src/core/config/yaml/parse';
import { scaffoldConfig } from '../../../src/core/config/scaffold';

// Hover, completion's facts and the outline read one parse per document version, which the host keeps.
describe('config/language: one parse per document version', () => {
  it('parses a version once, however often it is asked, and again when the version changes', () => {
    const parses: string[] = [];
    const docs = new ParsedConfigs(2, (t) => { parses.push(t); return parseConfig(t); });
    const text = scaffoldConfig();
    let reads = 0;
    const read = (): string => { reads++; return text; };
    const a = docs.get('file:///a.scim.yaml', 1, read);
    assert.equal(docs.get('file:///a.scim.yaml', 1, read), a);
    assert.equal(parses.length, 1);
    assert.equal(reads, 1, 'the text of a known version is not even read');
    docs.get('file:///a.scim.yaml', 2, () => `${text}# edited\n`);
    assert.equal(parses.length, 2);
    // bounded: the least recently used document goes first
    docs.get('file:///b.scim.yaml', 1, read);
    docs.get('file:///c.scim.yaml', 1, read);
    assert.throws(() => docs.get('file:///a.scim.yaml', 2, () => { throw new Error('read again'); }), /read again/);
    assert.equal(docs.get('file:///c.scim.yaml', 1, () => { throw new Error('c was kept'); }).text, text);
  });

  it('hover, completion and the outline over the kept parse say what they say over the text', () => {
    const text = scaffoldConfig({ identityProvider: 'entra-id' });
    const parsed: ParsedConfig = parseConfig(text);
    const key = text.indexOf('identityProvider');
    assert.deepEqual(hoverOf(parsed, key), hoverAt(text, key));
    const expr = text.indexOf('[givenName]') + 2;
    assert.deepEqual(hoverOf(parsed, expr), hoverAt(text, expr));
    assert.ok(hoverOf(parsed, expr)?.markdown, 'an Entra expression has a hover');
    const inMapping = text.indexOf('[givenName]') + 1;
    assert.deepEqual(completionsAt(text, inMapping, undefined, parsed), completionsAt(text, inMapping));
    assert.deepEqual(symbolsOfParsed(parsed), documentSymbols(text));
  });
});
