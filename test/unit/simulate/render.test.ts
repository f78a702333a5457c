// Simulate's renderers: the annotated bodies (notes aligned after the field in the terminal, on a
// line of their own in the editor's narrow Markdown preview), and the Markdown report escaping what
// a tenant answers.
import assert from 'node:assert/strict';
import { annotatedJson, renderSimulationMarkdown } from '../../../src/core/simulate/render';
import type { SimulationReport } from '../../../src/core/simulate/run';

const BODY = { userName: 'jane@example.com', name: { givenName: 'Jane' }, emails: [{ value: 'jane@example.com', primary: true }], groups: [] };
const NOTES = [
  { path: ['userName'], text: 'userName: user.email' },
  { path: ['name', 'givenName'], text: 'givenName: user.firstName' },
  { path: ['emails', 0, 'value'], text: 'email: user.email' },
];

describe('simulate: rendering', () => {
  it('terminal: each note after its field, aligned; the JSON without the notes is the body', () => {
    const lines = annotatedJson(BODY, NOTES);
    assert.deepEqual(lines.filter((l) => l.includes('//')).map((l) => l.indexOf('//')), [36, 36, 36], lines.join('\n'));
    assert.match(lines.join('\n'), /^ {6}"value": "jane@example\.com", +\/\/ email: user\.email$/m);
    assert.deepEqual(JSON.parse(lines.map((l) => l.replace(/ +\/\/ .*$/, '')).join('\n')), BODY);
  });

  it('editor: each note on its own line above its field, at its indent; the JSON without them is the body', () => {
    const lines = annotatedJson(BODY, NOTES, { notes: 'above' });
    assert.deepEqual(lines.slice(0, 5), ['{', '  // userName: user.email', '  "userName": "jane@example.com",', '  "name": {', '    // givenName: user.firstName']);
    assert.ok(lines.every((l) => !/\S\s+\/\//.test(l)), 'no note after a field');
    assert.deepEqual(JSON.parse(lines.filter((l) => !/^ *\/\//.test(l)).join('\n')), BODY);
  });

  it('the report escapes a tenant\'s answer (no Markdown, no HTML from the server) and keeps a table row in one cell', () => {
    const report: SimulationReport = {
      idp: 'okta', idpLabel: 'Okta', user: 'jane@example.com', write: true, ok: false, standIn: 'scim-simulate-x@example.invalid', cancelled: false, leftBehind: [],
      steps: [{ name: 'create', title: 'Create the user', requests: [{ method: 'POST', path: '/Users', status: 400 }], status: 400, ok: false,
        problems: ['POST /Users answered HTTP 400: <img src=x> **bad** | value'], notes: [] }],
    };
    const text = renderSimulationMarkdown(report, { baseUrl: 'http://127.0.0.1:1/scim' });
    assert.match(text, /- \*\*Problem:\*\* POST \/Users answered HTTP 400: \\<img src=x\\> \\\*\\\*bad\\\*\\\* \\\| value$/m);
    assert.match(text, /^\| create \| FAIL \| `POST \/Users → 400` \|$/m);
  });
});
