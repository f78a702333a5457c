// In an untrusted workspace configs are still validated, but nothing is sent over the network:
// no credential test, no user listing. Runs in a second editor session with workspace trust on
// (scripts/test-editor.mjs: SCIM_TEST_WORKSPACE_TRUST=1), where the test folder is not trusted.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/extension/base/constants';
import { configWith, editorConfig, hasCode, waitForDiagnostics, writeFixture } from './helpers';
import type { ExtensionApi } from '../../../src/extension';

describe('untrusted workspace', function () {
  this.timeout(30_000);
  let server: http.Server;
  let baseUrl = '';
  const seen: string[] = [];

  before(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    // A server that records every request: none may arrive.
    server = http.createServer((req, res) => { seen.push(`${req.method} ${req.url}`); res.writeHead(500).end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/scim`;
  });

  after(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('still validates configs', async () => {
    const uri = await writeFixture('untrusted-broken.scim.yaml', configWith(['syncPassword: false', 'syncPassword: true']));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(uri, hasCode('sync-password'));
  });

  it('offers no credential test in a CodeLens, but says why', async () => {
    const uri = await writeFixture('untrusted-lens.scim.yaml', configWith());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    // Preview Requests computes the requests from the file and sends nothing, so it stays.
    assert.deepEqual(lenses.map((l) => l.command?.title), ['$(shield) Untrusted workspace: nothing is sent to the tenant', '$(open-preview) Preview Requests']);
  });

  it('sends nothing: no credential test, no users, no endpoint check', async () => {
    const uri = await writeFixture('untrusted-net.scim.yaml', editorConfig({ baseUrl, tokenRef: 'untrusted' }));
    const original = vscode.window.showWarningMessage;
    const warnings: string[] = [];
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => { warnings.push(message); return Promise.resolve(undefined); };
    try {
      assert.equal(await vscode.commands.executeCommand('scimProvisioning.testCredentials', uri), undefined);
      assert.equal(await vscode.commands.executeCommand('scimProvisioning.checkEndpoint', { uri, write: false }), undefined);
      assert.equal(await vscode.commands.executeCommand('scimProvisioning.reconcile', uri), undefined);
      assert.equal(await vscode.commands.executeCommand('scimProvisioning.simulate', { uri, userName: 'jane@example.com' }), undefined);
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
    assert.ok(warnings.some((w) => /untrusted workspace/.test(w)), `no explanation shown; got ${JSON.stringify(warnings)}`);

    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    const { users } = await ext.activate();
    await users.refreshRoots();
    const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
    assert.ok(root, 'no root for the config');
    const children = await users.getChildren(root);
    assert.ok(children.some((n) => n.kind === 'message' && /Untrusted workspace/.test(n.label)), 'no "untrusted" node in the tree');
    assert.deepEqual(seen, [], 'a request reached the network from an untrusted workspace');
  });
});
