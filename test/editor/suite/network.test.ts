// Test API Credentials and the SCIM Users tree inside the real editor, against a real SCIM tenant
// (scimmy on 127.0.0.1, started by scripts/test-editor.mjs; its URL and token come in the env).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeActions, codeOf, editorConfig, hasCode, lacksCode, tenantConfig, tenantToken, tenantUrl, waitForDiagnostics, writeFixture } from './helpers';
import type { CredentialTestResult } from '../../../src/core/scim/credentials';
import type { ConformanceReport } from '../../../src/core/conformance/types';

async function fetchUser(id: string): Promise<{ active: boolean; userName: string }> {
  const res = await fetch(`${tenantUrl}/Users/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${tenantToken}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as { active: boolean; userName: string };
}

describe('Test API Credentials and SCIM Users against a real tenant', function () {
  this.timeout(60_000);

  before(function () {
    if (!tenantUrl || !tenantToken) this.skip();
  });

  it('reports "<app> was verified successfully!" with the stored token', async () => {
    const uri = await tenantConfig('editor-ok', 'Acme Flosum');
    assert.equal(await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken }), true);
    const result = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri);
    assert.ok(result, 'the command returned no result');
    assert.equal(result.diagnosis, 'ok', result.message);
    assert.equal(result.message, 'Acme Flosum was verified successfully!');
    assert.equal(result.totalResults, 30);
  });

  it('says the token is wrong, and what to do, for a wrong token', async () => {
    const uri = await tenantConfig('editor-wrong');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: 'definitely-not-the-token-123456' });
    const result = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri);
    assert.ok(result);
    assert.equal(result.diagnosis, 'unauthorized');
    assert.equal(result.status, 401);
    assert.match(result.message, /token/i);
    assert.ok(!result.message.includes('definitely-not-the-token-123456'), 'the token leaked into the message');
  });

  it('never sends a stored token to another origin without asking first', async () => {
    const first = await tenantConfig('editor-moved');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri: first, token: tenantToken });
    // Same server, another origin (localhost instead of 127.0.0.1): the token was not stored for it.
    const movedUrl = tenantUrl.replace('127.0.0.1', 'localhost');
    assert.notEqual(movedUrl, tenantUrl);
    const moved = await writeFixture('editor-moved-2.scim.yaml', editorConfig({ baseUrl: movedUrl, tokenRef: 'editor-moved' }));
    const original = vscode.window.showWarningMessage;
    const asked: string[] = [];
    try {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => { asked.push(message); return Promise.resolve(undefined); };
      const declined = await vscode.commands.executeCommand<CredentialTestResult | undefined>('scimProvisioning.testCredentials', moved);
      assert.equal(declined, undefined, 'the test ran although the person did not confirm the new origin');
      assert.equal(asked.length, 1);
      assert.match(asked[0], /now points at http:\/\/localhost:/);
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, _opts: unknown, ...items: string[]) => {
        asked.push(message);
        return Promise.resolve(items.find((i) => i.startsWith('Send it to')));
      };
      const confirmed = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', moved);
      assert.equal(confirmed?.diagnosis, 'ok');
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
  });

  it('moves a literal token from the file to the keychain (secret-in-file quick fix), then uses it', async () => {
    const uri = await writeFixture('editor-secret.scim.yaml', editorConfig({
      baseUrl: tenantUrl, replace: [['  tokenRef: flosum-prod\n', `  tokenRef: editor-secret\n  apiToken: ${tenantToken}   # pasted by mistake\n`]],
    }));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(uri, hasCode('secret-in-file'));
    const d = ds.find((x) => codeOf(x) === 'secret-in-file');
    assert.ok(d);
    assert.ok(!d.message.includes(tenantToken), 'the token appears in the diagnostic message');
    const actions = await codeActions(uri, d.range, 'quickfix');
    const move = actions.find((a) => a.command?.command === 'scimProvisioning.moveSecretToKeychain');
    assert.ok(move?.command, `no move-to-keychain fix; got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(await vscode.commands.executeCommand(move.command.command, ...((move.command.arguments ?? []) as unknown[])), true);
    await waitForDiagnostics(uri, lacksCode('secret-in-file'));
    assert.ok(!doc.getText().includes(tenantToken), 'the token is still in the file');
    assert.match(doc.getText(), /tokenRef: editor-secret/);
    await doc.save();
    // The stored token is the one the credential test now uses, for this origin.
    const result = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri);
    assert.equal(result?.diagnosis, 'ok', result?.message);
  });

  it('"Check SCIM Endpoint" runs the read-only checks and opens a report', async () => {
    const uri = await tenantConfig('editor-check');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    const report = await vscode.commands.executeCommand<ConformanceReport>('scimProvisioning.checkEndpoint', { uri, write: false });
    assert.ok(report, 'no report');
    assert.equal(report.write, false);
    assert.equal(report.summary.fail, 0, report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.message}`).join('\n'));
    assert.ok(report.summary.pass > 10);
    // shown rendered (a Markdown preview); its source is the scim-report: document
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'scim-report');
    assert.ok(shown, 'no report document');
    assert.match(shown.getText(), /# SCIM endpoint check/);
    assert.ok(!shown.getText().includes(tenantToken), 'the token leaked into the report');
  });

  it('lists the tenant\'s users in the tree, loads more, filters, and deactivates after confirmation', async () => {
    const { users } = await api();
    const uri = await tenantConfig('editor-tree', 'Tree Tenant');
    await vscode.workspace.getConfiguration('scimProvisioning').update('users.pageSize', 10, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
      await users.refreshRoots();
      const roots = await users.getChildren();
      const root = roots.find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
      assert.ok(root, 'no root for the config');

      // First page on expand, then "Load more…"
      let children = await users.getChildren(root);
      assert.equal(children.filter((n) => n.kind === 'user').length, 10);
      assert.ok(children.some((n) => n.kind === 'more'), 'no "Load more…" node');
      await users.loadMore(root);
      children = await users.getChildren(root);
      assert.equal(children.filter((n) => n.kind === 'user').length, 20);
      const ids = children.flatMap((n) => (n.kind === 'user' ? [n.row.id] : []));
      assert.equal(new Set(ids).size, ids.length, 'duplicate users in the tree');

      // Load all: every user once, no "Load more…" left
      await users.loadAll(root);
      children = await users.getChildren(root);
      assert.equal(children.filter((n) => n.kind === 'user').length, 30);
      assert.ok(!children.some((n) => n.kind === 'more'));

      // Filter (what the quick input produces for a plain word)
      const someone = children.find((n) => n.kind === 'user');
      assert.ok(someone && someone.kind === 'user');
      const userName = someone.row.userName;
      if (root.kind !== 'tenant') throw new Error('unreachable');
      await users.setFilter(root.tenant, `userName eq "${userName}"`);
      children = await users.getChildren(root);
      const filtered = children.filter((n) => n.kind === 'user');
      assert.equal(filtered.length, 1);
      const target = filtered[0];
      assert.ok(target.kind === 'user');

      // Deactivate behind the modal: declining changes nothing, confirming deactivates on the server
      const original = vscode.window.showWarningMessage;
      const asked: string[] = [];
      try {
        (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => { asked.push(message); return Promise.resolve(undefined); };
        assert.equal(await vscode.commands.executeCommand('scimProvisioning.users.deactivate', target), false);
        assert.equal((await fetchUser(target.row.id)).active, true, 'declined, but the user was changed');
        (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => { asked.push(message); return Promise.resolve('Deactivate'); };
        assert.equal(await vscode.commands.executeCommand('scimProvisioning.users.deactivate', target), true);
      } finally {
        (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
      }
      assert.equal(asked.length, 2, 'no confirmation was asked');
      assert.match(asked[0], new RegExp(`Deactivate ${userName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.equal((await fetchUser(target.row.id)).active, false);
      const row = users.rowsFor(uri).find((r) => r.id === target.row.id);
      assert.equal(row?.active, false, 'the row does not show the server\'s answer');
      // put it back for other tests
      await fetch(`${tenantUrl}/Users/${encodeURIComponent(target.row.id)}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${tenantToken}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: true } }] }),
      });
    } finally {
      await vscode.workspace.getConfiguration('scimProvisioning').update('users.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
