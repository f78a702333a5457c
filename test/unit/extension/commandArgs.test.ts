// src/extension/base/commandArgs.ts: what a command was invoked on (palette, editor, SCIM view, automation).
import * as assert from 'node:assert/strict';
import { personOf, textOf, uriOf } from '../../../src/extension/base/commandArgs';

/** Stands in for vscode.Uri: the parsing only asks the caller whether a value is one. */
class FakeUri { constructor(readonly path: string) {} }
const isUri = (v: unknown): v is FakeUri => v instanceof FakeUri;
const config = new FakeUri('/ws/acme.scim.yaml');

describe('extension command arguments', () => {
  it('uriOf: a Uri, { uri }, or a node of the SCIM view (its tenant\'s config)', () => {
    assert.equal(uriOf(config, isUri), config);
    assert.equal(uriOf({ uri: config, write: true }, isUri), config);
    assert.equal(uriOf({ kind: 'tenant', tenant: { uri: config } }, isUri), config);
    assert.equal(uriOf({ kind: 'user', tenant: { uri: config }, row: { id: '1' } }, isUri), config);
  });

  it('uriOf: nothing for the palette (no argument) or shapes without a Uri', () => {
    for (const arg of [undefined, null, 'acme.scim.yaml', 42, {}, { uri: '/ws/acme.scim.yaml' }, { tenant: {} }, { tenant: { uri: { path: '/x' } } }]) {
      assert.equal(uriOf(arg, isUri), undefined, JSON.stringify(arg));
    }
  });

  it('personOf: a person\'s node in the SCIM view, or { uri, person }', () => {
    const person = { userName: 'jane@example.com', category: 'unassigned' };
    assert.deepEqual(personOf({ kind: 'reconcile', tenant: { uri: config }, part: { level: 'person', person, at: 0 } }, isUri), { uri: config, person });
    assert.deepEqual(personOf({ uri: config, person }, isUri), { uri: config, person });
  });

  it('personOf: not a category node, not a person without its config', () => {
    assert.equal(personOf({ kind: 'reconcile', tenant: { uri: config }, part: { level: 'category', category: 'unassigned' } }, isUri), undefined);
    assert.equal(personOf({ part: { level: 'person', person: {} } }, isUri), undefined);
    assert.equal(personOf({ uri: config }, isUri), undefined);
    assert.equal(personOf(undefined, isUri), undefined);
  });

  it('textOf: a string field given with the arguments, nothing else', () => {
    assert.equal(textOf({ uri: config, token: 'abc' }, 'token'), 'abc');
    assert.equal(textOf({ uri: config, token: 12 }, 'token'), undefined);
    assert.equal(textOf(config, 'userName'), undefined);
  });
});
