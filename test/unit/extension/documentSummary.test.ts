// src/extension/language/documentSummary.ts: what the status bar, the CodeLenses and the walkthrough
// read from an open config; for a large document without building its text.
import * as assert from 'node:assert/strict';
import { WORKER_THRESHOLD } from '../../../src/core/config/incremental';
import { summarizeConfig } from '../../../src/core/config/summary';
import { assignmentsKeyOffset, documentSummary, isSmallDocument } from '../../../src/extension/language/documentSummary';
import { fakeDocument } from './fakeDocument';

const head = `# the demo tenant
version: 1
app:
  name: Acme Flosum   # shown in the success message
  identityProvider: okta
  target: flosum
api:
  baseUrl: https://flosum.example.com/api/v1/scim
  tokenRef: acme-prod
saml:
  attributes:
    email: user.email
`;
const assignments = (n: number): string => 'assignments:\n' + Array.from({ length: n }, (_, i) => `  - userName: user${i}@example.com\n    timezone: Europe/Berlin\n`).join('');
/** A config past the worker's threshold: the app and api blocks, then thousands of assignments. */
const large = (): string => {
  let n = 1000;
  while ((head + assignments(n)).length <= WORKER_THRESHOLD) n *= 2;
  return head + assignments(n);
};

describe('extension documentSummary', () => {
  it('a small config: the same summary as the core\'s, from its whole text', () => {
    const text = head + assignments(3);
    const doc = fakeDocument(text);
    assert.deepEqual(documentSummary(doc), summarizeConfig(text));
    assert.equal(assignmentsKeyOffset(doc), text.indexOf('assignments:'));
    assert.equal(isSmallDocument(doc), true);
  });

  for (const eol of ['\n', '\r\n']) {
    it(`a large config (${eol === '\n' ? 'LF' : 'CRLF'}): the same summary and offsets, its whole text never built`, () => {
      const text = large().replace(/\n/g, eol);
      const doc = fakeDocument(text);
      const summary = documentSummary(doc);
      assert.deepEqual(summary, summarizeConfig(text));
      assert.equal(text.slice(summary.apiKey?.start, summary.apiKey?.end), 'api');
      assert.equal(assignmentsKeyOffset(doc), text.indexOf('assignments:'));
      assert.equal(isSmallDocument(doc), false);
      assert.equal(doc.reads, 0, 'the large document\'s whole text was built');
    });
  }

  it('once per version: the same document and version are not scanned again; a new version is', () => {
    const doc = fakeDocument(head);
    documentSummary(doc);
    documentSummary(doc);
    assignmentsKeyOffset(doc);
    assert.equal(doc.reads, 1);
    doc.version = 2;
    documentSummary(doc);
    assert.equal(doc.reads, 2);
  });

  it('a large document whose top level is not plain block keys is read whole (the core decides)', () => {
    const text = `${large()}{ flow: mapping }\n`;
    const doc = fakeDocument(text);
    assert.deepEqual(documentSummary(doc), summarizeConfig(text));
    assert.equal(doc.reads, 1);
    assert.equal(isSmallDocument(doc), false);
  });
});
