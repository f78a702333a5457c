// src/extension/base/documentSize.ts: the one place a document is judged large (validated by the worker).
import * as assert from 'node:assert/strict';
import { WORKER_THRESHOLD } from '../../../src/core/config/incremental';
import { documentLength, isLarge, isLargeText } from '../../../src/extension/base/documentSize';
import { fakeDocument } from './fakeDocument';

describe('extension document size', () => {
  it('documentLength: the text\'s length, line endings included, from the last line\'s end', () => {
    for (const text of ['', 'a', 'version: 1\napp:\n  name: x\n', 'version: 1\r\napp:\r\n  name: x', '\n\n']) {
      assert.equal(documentLength(fakeDocument(text)), text.length, JSON.stringify(text));
    }
  });

  it('large means above the worker\'s threshold, for a document and for a text read from disk', () => {
    const at = 'x'.repeat(WORKER_THRESHOLD);
    assert.equal(isLarge(fakeDocument(at)), false);
    assert.equal(isLarge(fakeDocument(`${at}\n`)), true);
    assert.equal(isLargeText(at), false);
    assert.equal(isLargeText(`${at}x`), true);
  });
});
