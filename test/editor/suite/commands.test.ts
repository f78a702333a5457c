import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, forceValidation, ours, describeDiagnostics, waitForDiagnostics, workspaceRoot } from './helpers';

describe('commands', () => {
  before(async () => { await activeExtension(); });

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['scimProvisioning.newConfig', 'scimProvisioning.setToken', 'scimProvisioning.clearToken',
      'scimProvisioning.testCredentials', 'scimProvisioning.showLog']) {
      assert.ok(all.includes(id), `command ${id} is not registered`);
    }
  });

  it('scimProvisioning.newConfig {region: de, uri} writes a clean config for global-de and opens it', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'generated', 'new-de.scim.yaml');
    await vscode.commands.executeCommand('scimProvisioning.newConfig', { region: 'de', uri });
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /global-de/);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the new config should be open');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'and in the active editor');
    await forceValidation(doc);
    const ds = await waitForDiagnostics(uri, (x) => x.length === 0, 5_000, 'no findings in the scaffold');
    assert.deepEqual(ds, [], describeDiagnostics(ours(uri)));
  });

  it('scimProvisioning.showLog runs', async () => {
    await vscode.commands.executeCommand('scimProvisioning.showLog');
  });
});
