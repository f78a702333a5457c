// Microsoft Entra ID configs in the real editor: the squiggle on a misspelt attribute and its fix,
// the YAML flow-sequence trap (userName: [mail]) and its quoting fix, completion that inserts the
// quoted form, the Tenant URL flag in the hover, New Provisioning Config writing a clean Entra file,
// and Test API Credentials sending Entra's Test Connection request to a real tenant.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, applyAction, entraConfigWith, codeOf, describeDiagnostics, diagnostic, forceValidation, hasCode, lineOf, openFixture, ours, quickFixesFor,
  tenantToken, tenantUrl, waitForDiagnostics, workspaceRoot, writeFixture,
} from './helpers';
import { EXTENSION_ID } from '../../../src/extension/base/constants';
import type { CredentialTestResult } from '../../../src/core/scim/credentials';

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\([^\w\s])/g, '$1');
}

describe('Microsoft Entra ID configs in the editor', function () {
  this.timeout(60_000);
  before(async () => { await activeExtension(); });

  it("squiggles just 'mial' in \"[mial]\"; the quick fix writes \"[mail]\" and the file is clean", async () => {
    const doc = await openFixture('entra-typo.scim.yaml', entraConfigWith(['    email: "[mail]"\n', '    email: "[mial]"   # the mailbox\n']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('expression-unknown-attribute'), 15_000, 'expression-unknown-attribute');
    assert.equal(ds.length, 1, describeDiagnostics(ds));
    const d = diagnostic(ds, 'expression-unknown-attribute');
    const line = lineOf(doc, 'email: "[mial]"');
    assert.equal(d.range.start.line, line);
    assert.equal(doc.getText(d.range), 'mial');
    assert.equal(d.message, "Unknown attribute '[mial]': did you mean '[mail]'?");
    const fix = (await quickFixesFor(doc, d)).find((f) => f.title === "Change to '[mail]'");
    assert.ok(fix?.isPreferred, 'the preferred fix');
    await applyAction(fix);
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 15_000, 'a clean file after the fix');
    assert.equal(doc.lineAt(line).text, '    email: "[mail]"   # the mailbox');
  });

  it('userName: [mail] is a YAML list: expression-syntax on it (not schema-type), and the fix quotes it', async () => {
    const doc = await openFixture('entra-list.scim.yaml', entraConfigWith(['    userName: "[mail]"\n', '    userName: [mail]\n']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('expression-syntax'), 15_000, 'expression-syntax');
    assert.deepEqual(ds.map(codeOf), ['expression-syntax'], describeDiagnostics(ds));
    const d = ds[0];
    assert.equal(doc.getText(d.range), '[mail]');
    assert.equal(d.message, 'Unquoted, [mail] is a YAML list, not an Entra expression: quote it, userName: "[mail]".');
    const fix = (await quickFixesFor(doc, d)).find((f) => f.title === 'Quote it: "[mail]"');
    assert.ok(fix, 'the quoting fix');
    await applyAction(fix);
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 15_000, 'a clean file after quoting');
    assert.equal(doc.lineAt(lineOf(doc, 'userName:')).text, '    userName: "[mail]"');
  });

  it('completion in an unquoted mapping value inserts the quoted form; Okta syntax gets the Entra form', async () => {
    const doc = await openFixture('entra-complete.scim.yaml', entraConfigWith(['    givenName: "[givenName]"\n', '    givenName: user.firstName\n'], ['    userName: "[mail]"\n', '    userName: \n']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('expression-unknown-attribute'), 15_000, 'the Okta form reported');
    const okta = diagnostic(ds, 'expression-unknown-attribute');
    assert.equal(okta.message, "'user.firstName' is Okta syntax: an Entra mapping reads '[givenName]'.");
    const line = lineOf(doc, 'userName:');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, doc.lineAt(line).text.length));
    const items = list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);
    const first = items[0];
    assert.equal(typeof first.label === 'string' ? first.label : first.label.label, '[mail]');
    assert.equal(first.insertText instanceof vscode.SnippetString ? first.insertText.value : first.insertText, '"[mail]"');
  });

  it('hover on api.region explains the aadOptscim062020 Tenant-URL flag for this config', async () => {
    const doc = await openFixture('entra-hover.scim.yaml', entraConfigWith());
    await forceValidation(doc);
    const line = lineOf(doc, '  region:');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 4));
    const md = markdownOf(hovers);
    assert.match(md, /Tenant URL/);
    assert.match(md, /https:\/\/global-us\.flosum\.app\/api\/v1\/scim\?aadOptscim062020/);
  });

  it('New Provisioning Config for Entra ID writes a clean config with Entra claims and mappings, and opens it', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'generated', 'new-entra-jp.scim.yaml');
    await vscode.commands.executeCommand('scimProvisioning.newConfig', { identityProvider: 'entra-id', region: 'jp', uri });
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /identityProvider: entra-id/);
    assert.match(text, /userName: "\[mail\]"/);
    assert.match(text, /uniqueUserId: user\.objectid/);
    assert.match(text, /global-jp/);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the new config is open');
    await forceValidation(doc);
    const ds = await waitForDiagnostics(uri, (x) => x.length === 0, 15_000, 'no findings in the Entra scaffold');
    assert.deepEqual(ds, [], describeDiagnostics(ours(uri)));
  });

  describe('against a real tenant', () => {
    before(function () {
      if (!tenantUrl || !tenantToken) this.skip();
    });

    it("Test API Credentials on an Entra config sends Entra's Test Connection request and says so", async () => {
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID));
      const uri = await writeFixture('entra-tenant.scim.yaml', entraConfigWith(['  region: us\n', `  baseUrl: ${tenantUrl}\n`], ['  tokenRef: flosum-prod\n', '  tokenRef: entra-editor\n']));
      assert.equal(await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken }), true);
      const result = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri);
      assert.ok(result, 'the command returned no result');
      assert.equal(result.diagnosis, 'ok', result.message);
      assert.equal(result.totalResults, 0);
      assert.equal(result.message, "Flosum was verified successfully! Entra ID's Test Connection request (a userName filter that matches nobody) got 200 and an empty list.");
      assert.match(result.request ?? '', /^GET \/Users\?filter=userName eq "[0-9a-f-]{36}"$/);
    });
  });
});
