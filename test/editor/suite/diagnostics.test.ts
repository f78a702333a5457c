import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, assertRangeOn, codeOf, configWith, describeDiagnostics, diagnostic, forceValidation, hasCode,
  lineOf, openFixture, ours, waitForDiagnostics, workspaceRoot,
} from './helpers';

/** Every rule this file breaks, one each (DESIGN.md's Flosum rules). */
const BROKEN = configWith(
  ['    syncPassword: false   # must stay false for Flosum', '    syncPassword: true   # must stay false for Flosum'],
  ['    userName: user.email\n    givenName', '    userName: user.login\n    givenName'],
  ['    familyName: user.lastName\n', ''],
  ['    timezone: Etc/UTC', '    timezone: Europe/Berln'],
  ['    deactivateUsers: true', '    deactivateUsers: false'],
  ['    lastName: user.lastName\n', ''],
);

describe('diagnostics', () => {
  before(async () => { await activeExtension(); });

  it('reports each broken rule with its code, source and the offending range', async () => {
    const doc = await openFixture('broken.scim.yaml', BROKEN);
    const expected = ['sync-password', 'username-not-email', 'mapping-missing', 'timezone-invalid', 'provisioning-option', 'saml-attribute-missing'];
    const ds = await waitForDiagnostics(doc.uri, (x) => expected.every((c) => hasCode(c)(x)), 10_000, expected.join(', '));
    for (const d of ds) assert.equal(d.source, 'scim-provisioning');
    assert.equal(diagnostic(ds, 'sync-password').severity, vscode.DiagnosticSeverity.Error);

    const sync = diagnostic(ds, 'sync-password');
    assertRangeOn(doc, sync.range, lineOf(doc, 'syncPassword:'), doc.getText(sync.range).includes('true') ? 'true' : 'syncPassword');
    const user = diagnostic(ds, 'username-not-email');
    assertRangeOn(doc, user.range, lineOf(doc, 'userName: user.login'), doc.getText(user.range).includes('user.login') ? 'user.login' : 'userName');
    // a missing key is reported on its parent key
    assertRangeOn(doc, diagnostic(ds, 'mapping-missing').range, lineOf(doc, '  mappings:'), 'mappings');
    assert.match(diagnostic(ds, 'mapping-missing').message, /familyName/);
    const tz = diagnostic(ds, 'timezone-invalid');
    assertRangeOn(doc, tz.range, lineOf(doc, 'Europe/Berln'), 'Europe/Berln');
    assert.match(tz.message, /Europe\/Berlin/, 'near miss should suggest Europe/Berlin');
    assertRangeOn(doc, diagnostic(ds, 'provisioning-option').range, lineOf(doc, 'deactivateUsers'), doc.getText(diagnostic(ds, 'provisioning-option').range).includes('false') ? 'false' : 'deactivateUsers');
    assertRangeOn(doc, diagnostic(ds, 'saml-attribute-missing').range, lineOf(doc, '  attributes:'), 'attributes');
    // each problem once, under its most specific code
    const codes = ds.map(codeOf);
    assert.equal(codes.filter((c) => c === 'sync-password').length, 1, describeDiagnostics(ds));
  });

  it('reports nothing on a valid config', async () => {
    const doc = await openFixture('valid.scim.yaml', configWith());
    await forceValidation(doc);
    const ds = await waitForDiagnostics(doc.uri, (x) => x.length === 0, 5_000, 'no findings');
    assert.deepEqual(ds, []);
  });

  it('reports an edit as it is typed, and clears it when undone', async () => {
    const doc = await openFixture('typing.scim.yaml', configWith());
    await forceValidation(doc);
    const line = lineOf(doc, 'syncPassword: false');
    const col = doc.lineAt(line).text.indexOf('false');
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 5), 'true'));
    await waitForDiagnostics(doc.uri, hasCode('sync-password'), 10_000, 'sync-password after typing');
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 4), 'false'));
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'no findings after undoing');
  });

  it('leaves YAML files that are not provisioning configs alone', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'other.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // control: a matching file opened after it does get findings, so validation has run
    const control = await openFixture('control.scim.yaml', configWith(['syncPassword: false', 'syncPassword: true']));
    await waitForDiagnostics(control.uri, hasCode('sync-password'));
    await forceValidation(doc);
    assert.deepEqual(ours(doc.uri).map(codeOf), [], 'no scim-provisioning diagnostics on other.yaml');
  });

  it('finds the problems in examples/broken.scim.yaml and none in examples/flosum-us.scim.yaml', async function () {
    const examples = vscode.Uri.joinPath(workspaceRoot(), 'examples');
    const exists = async (u: vscode.Uri) => { try { await vscode.workspace.fs.stat(u); return true; } catch { return false; } };
    const broken = vscode.Uri.joinPath(examples, 'broken.scim.yaml');
    const valid = vscode.Uri.joinPath(examples, 'flosum-us.scim.yaml');
    if (!(await exists(broken)) || !(await exists(valid))) this.skip();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(broken));
    await waitForDiagnostics(broken, (x) => x.length >= 3, 10_000, 'several findings in examples/broken.scim.yaml');
    const v = await vscode.workspace.openTextDocument(valid);
    await vscode.window.showTextDocument(v);
    await forceValidation(v);
    const ds = await waitForDiagnostics(valid, (x) => x.length === 0, 5_000, 'no findings in examples/flosum-us.scim.yaml');
    assert.deepEqual(ds, []);
  });
});
