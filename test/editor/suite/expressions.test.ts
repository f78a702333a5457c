// Okta expressions in the real editor: the squiggle sits on the misspelled name and its quick fix
// repairs it; completion after `user.` and after `String.`; completing a mapping key inserts its
// standard expression (no "is empty" error); hovering a mapping shows what it yields for the first
// assignment.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, applyAction, codeOf, configWith, describeDiagnostics, diagnostic, hasCode, lacksCode, lineOf, openFixture, quickFixesFor, waitForDiagnostics,
} from './helpers';

async function completions(doc: vscode.TextDocument, pos: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, trigger);
  // Kind Text = the editor's own word-based suggestions: not ours.
  return (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text);
}

function labelOf(i: vscode.CompletionItem): string {
  return typeof i.label === 'string' ? i.label : i.label.label;
}

function insertTextOf(i: vscode.CompletionItem): string {
  return i.insertText instanceof vscode.SnippetString ? i.insertText.value : String(i.insertText ?? labelOf(i));
}

/** The hovers' markdown, backslash escapes removed (the address is escaped against mailto: links). */
function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\([^\w\s])/g, '$1');
}

describe('Okta expressions in the editor', () => {
  before(async () => { await activeExtension(); });

  it("squiggles just 'fristName' in 'user.fristName'; the quick fix writes 'user.firstName' and the file is clean", async () => {
    const doc = await openFixture('expr-typo.scim.yaml', configWith(['    givenName: user.firstName\n', '    givenName: user.fristName   # given name\n']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('expression-unknown-attribute'), 10_000, 'expression-unknown-attribute');
    assert.equal(ds.length, 1, describeDiagnostics(ds));
    const d = diagnostic(ds, 'expression-unknown-attribute');
    const line = lineOf(doc, 'givenName:');
    assert.equal(d.range.start.line, line);
    assert.equal(doc.getText(d.range), 'fristName');
    assert.equal(d.message, "Unknown attribute 'user.fristName': did you mean 'user.firstName'?");
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const fixes = await quickFixesFor(doc, d);
    const fix = fixes.find((f) => f.title === "Change to 'user.firstName'");
    assert.ok(fix, fixes.map((f) => f.title).join(' | '));
    assert.ok(fix.isPreferred);
    await applyAction(fix);
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'a clean file after the fix');
    assert.equal(doc.lineAt(line).text, '    givenName: user.firstName   # given name');
  });

  it("a broken expression is reported once, under its expression code (userName: user.emial is not also username-not-email)", async () => {
    const doc = await openFixture('expr-once.scim.yaml', configWith(['    userName: user.email\n    givenName', '    userName: user.emial\n    givenName']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('expression-unknown-attribute'), 10_000, 'expression-unknown-attribute');
    assert.deepEqual(ds.map(codeOf), ['expression-unknown-attribute']);
    assert.ok(ds.every((x) => !/`/.test(x.message)), 'plain-text messages');
  });

  it("completes the profile's attributes after 'user.' (custom ones too) and String's functions after 'String.'", async () => {
    const text = configWith(['  target: flosum\n', '  target: flosum\n  customAttributes: [costCenterCode]\n'], ['    givenName: user.firstName\n', '    givenName: String.toLowerCase(user.)\n']);
    const doc = await openFixture('expr-complete.scim.yaml', text);
    const line = lineOf(doc, 'givenName:');
    const afterUser = new vscode.Position(line, doc.lineAt(line).text.indexOf('user.') + 'user.'.length);
    const items = await completions(doc, afterUser, '.');
    const labels = items.map(labelOf);
    for (const a of ['firstName', 'lastName', 'email', 'login', 'timezone', 'id', 'costCenterCode']) assert.ok(labels.includes(a), `${a} in [${labels.join(', ')}]`);
    const first = items.find((i) => labelOf(i) === 'firstName')!;
    assert.equal(first.kind, vscode.CompletionItemKind.Field);
    assert.equal(typeof first.documentation === 'string' ? first.documentation : first.documentation?.value, 'Given name.');

    const afterString = new vscode.Position(line, doc.lineAt(line).text.indexOf('String.') + 'String.'.length);
    const fns = await completions(doc, afterString, '.');
    const sb = fns.find((i) => labelOf(i) === 'substringBefore');
    assert.ok(sb, fns.map(labelOf).join(', '));
    assert.equal(sb.kind, vscode.CompletionItemKind.Function);
    assert.equal(insertTextOf(sb), 'substringBefore(${1:input}, ${2:searchString})');
    assert.equal(sb.detail, 'String.substringBefore(input, searchString)');
    assert.ok(!fns.some((i) => labelOf(i) === 'firstName'), 'no attributes after String.');
  });

  it('completing a key under mappings inserts its standard expression: no "is empty" error, the matching attribute first in the value list', async () => {
    const doc = await openFixture('expr-key.scim.yaml', configWith(['    timezone: user.timezone\n', '    timezone: user.timezone\n    \n']));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const line = lineOf(doc, 'timezone: user.timezone') + 1;
    const at = new vscode.Position(line, 4);
    const items = await completions(doc, at);
    const dn = items.find((i) => labelOf(i) === 'displayName');
    assert.ok(dn, items.map(labelOf).join(', '));
    assert.equal(insertTextOf(dn), 'displayName: ${1:user.displayName}');
    // Accept it the way the suggest widget does: the snippet at the completion's range.
    const range = dn.range instanceof vscode.Range ? dn.range : (dn.range?.replacing ?? new vscode.Range(at, at));
    assert.ok(await editor.insertSnippet(dn.insertText as vscode.SnippetString, range));
    assert.equal(doc.lineAt(line).text, '    displayName: user.displayName');
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'no problem after inserting the key');

    // Value completion for that key lists user.displayName first.
    await editor.edit((e) => e.replace(new vscode.Range(line, '    displayName: '.length, line, doc.lineAt(line).text.length), ''));
    const values = await completions(doc, new vscode.Position(line, doc.lineAt(line).text.length));
    assert.equal(labelOf(values[0]), 'user.displayName', values.slice(0, 5).map(labelOf).join(', '));
    await waitForDiagnostics(doc.uri, lacksCode('expression-syntax'), 10_000, 'an empty optional mapping is not an expression error');
  });

  it('hovering a mapping shows what it evaluates to for the first assignment', async () => {
    const doc = await openFixture('expr-hover.scim.yaml', configWith(
      ['    givenName: user.firstName\n', '    givenName: String.toUpperCase(user.firstName)\n'],
      ['  - userName: jane@example.com\n    timezone: Europe/Berlin\n', '  - userName: jane@example.com\n    givenName: Jane\n    timezone: Europe/Berlin\n'],
    ));
    const line = lineOf(doc, 'givenName: String');
    const onFunction = new vscode.Position(line, doc.lineAt(line).text.indexOf('toUpperCase') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onFunction);
    const md = markdownOf(hovers ?? []);
    assert.match(md, /String\.toUpperCase\(input\) → String/);
    assert.match(md, /\*\*For jane@example\.com:\*\* `"JANE"`/);
  });
});
