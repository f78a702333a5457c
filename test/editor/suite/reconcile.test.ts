// "Reconcile with Tenant" inside the real editor, against the real SCIM tenant scripts/test-editor.mjs
// starts (scimmy with the builder's users: user 17 is inactive). The file plants one case per category.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, RECONCILE_SOURCE } from '../../../src/extension/base/constants';
import { codeActions, codeOf, editorConfig, lineOf, tenantToken, tenantUrl, writeFixture } from './helpers';
import type { ExtensionApi } from '../../../src/extension';
import type { ReconcileResult } from '../../../src/core/reconcile/reconcile';
import { buildUser } from '../../support/builders';

type UsersTree = ExtensionApi['users'];
type TreeNode = Awaited<ReturnType<UsersTree['getChildren']>>[number];

const u = (i: number): ReturnType<typeof buildUser> => buildUser(i);
const ZONE_ELSEWHERE = 'Pacific/Auckland';

/** The reconcile diagnostics on `uri` (their own collection, apart from the validator's). */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === RECONCILE_SOURCE);
}
const describeAll = (ds: vscode.Diagnostic[]): string => ds.map((d) => `${codeOf(d)}@${d.range.start.line + 1}: ${d.message}`).join('\n  ') || '(none)';

async function tenantTotal(): Promise<number> {
  const res = await fetch(`${tenantUrl}/Users?startIndex=1&count=1`, { headers: { Authorization: `Bearer ${tenantToken}` } });
  return ((await res.json()) as { totalResults: number }).totalResults;
}

describe('Reconcile with Tenant against a real tenant', function () {
  this.timeout(90_000);
  let users: UsersTree;

  before(async function () {
    if (!tenantUrl || !tenantToken) this.skip();
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    ({ users } = await ext.activate());
  });

  it('diagnostics on the right lines, quick fixes on differs, the Reconcile node\'s counts, Add to Assignments', async () => {
    const total = await tenantTotal();
    assert.ok(total >= 20 && total < 34, `the test expects the editor tenant's builder users (only user 17 inactive); it has ${total}`);
    const assignments = [
      '  - userName: ' + u(1).userName + '          # matched',
      '    timezone: ' + u(1).timezone,
      '  - userName: ' + u(2).userName.toUpperCase() + '   # differs: another time zone (userName case does not matter)',
      '    timezone: ' + ZONE_ELSEWHERE,
      '  - userName: ' + u(17).userName + '         # inactive in the tenant',
      '    timezone: ' + u(17).timezone,
      '  - userName: newcomer@example.com   # missing: Okta will create it',
      '  - userName: ' + u(3).userName + '          # conflict: userName matches one user, email another',
      '    email: ' + u(4).userName,
    ].join('\n');
    const text = editorConfig({
      baseUrl: tenantUrl, tokenRef: 'editor-reconcile', sections: { assignments: `assignments:   # who is assigned\n${assignments}\n# end of file` },
    }).replace(/\n/g, '\r\n');
    const uri = await writeFixture('editor-reconcile.scim.yaml', text);
    assert.equal(await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken }), true);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);

    // The CodeLens above `assignments:` runs it.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lens = lenses.find((l) => l.command?.command === 'scimProvisioning.reconcile');
    assert.ok(lens?.command, `no Reconcile lens; got ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(lens.range.start.line, lineOf(doc, 'assignments:'));

    const result = await vscode.commands.executeCommand<ReconcileResult | undefined>(lens.command.command, ...((lens.command.arguments ?? []) as unknown[]));
    assert.ok(result, 'reconcile returned nothing');
    assert.deepEqual(result.summary, { matched: 1, differs: 1, inactive: 1, missing: 1, unassigned: total - 5, conflict: 1 });

    // One diagnostic per assignment that is not matched, on its userName, saying what Okta will do.
    const ds = ours(uri);
    const expect: Array<[string, string, RegExp]> = [
      ['tenant-differs', u(2).userName.toUpperCase(), /Okta will update timezone from 'Europe\/Berlin' to 'Pacific\/Auckland'/],
      ['tenant-inactive', u(17).userName, /Okta will leave it inactive/],
      ['tenant-missing', 'newcomer@example.com', /Okta will create it/],
      ['tenant-conflict', `userName: ${u(3).userName}`, /Okta will fail/],
      ['tenant-unassigned', 'assignments:', new RegExp(`^${total - 5} active tenant users are not assigned`)],
    ];
    assert.equal(ds.length, expect.length, describeAll(ds));
    for (const [code, needle, message] of expect) {
      const d = ds.find((x) => codeOf(x) === code);
      assert.ok(d, `no ${code}; got:\n  ${describeAll(ds)}`);
      assert.equal(d.range.start.line, lineOf(doc, needle), `${code} on line ${d.range.start.line + 1}`);
      assert.match(d.message, message);
    }
    assert.ok(!ds.some((d) => d.range.start.line === lineOf(doc, u(1).userName)), 'a matched assignment has a diagnostic');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'scim-provisioning' && /^tenant-/.test(codeOf(d))).length, 0, 'reconcile diagnostics in the rules\' collection');

    // A line inserted above moves them with the text; editing an assignment clears its own only.
    const moved = new vscode.WorkspaceEdit();
    moved.insert(uri, new vscode.Position(0, 0), '# reviewed by the identity team\r\n');
    assert.ok(await vscode.workspace.applyEdit(moved));
    assert.equal(ours(uri).find((d) => codeOf(d) === 'tenant-missing')?.range.start.line, lineOf(doc, 'newcomer@example.com'));
    const edit = new vscode.WorkspaceEdit();
    const missingLine = lineOf(doc, 'newcomer@example.com');
    const at = doc.lineAt(missingLine).text.indexOf('newcomer');
    edit.replace(uri, new vscode.Range(missingLine, at, missingLine, at + 'newcomer'.length), 'new.hire');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual(ours(uri).map(codeOf).sort(), ['tenant-conflict', 'tenant-differs', 'tenant-inactive', 'tenant-unassigned']);

    // differs: take the tenant's value, or keep the file's.
    const differs = ours(uri).find((d) => codeOf(d) === 'tenant-differs');
    assert.ok(differs);
    const actions = await codeActions(uri, differs.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const take = actions.find((a) => a.title === "Take the tenant's timezone: 'Europe/Berlin'");
    assert.ok(take?.edit, `no "take the tenant's value" fix; got ${titles.join(' | ')}`);
    assert.ok(titles.includes("Keep the file's values: Okta will update the tenant"), titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(take.edit));
    const tzLine = doc.lineAt(lineOf(doc, u(2).userName.toUpperCase()) + 1).text;
    assert.equal(tzLine, `    timezone: ${u(2).timezone}`);
    assert.ok(!ours(uri).some((d) => codeOf(d) === 'tenant-differs'), 'the differs diagnostic survived the fix');

    // The Reconcile node under the tenant: counts per category.
    await users.refreshRoots();
    const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
    assert.ok(root, 'no tenant root for the config');
    const reconcileNode = (await users.getChildren(root)).find((n) => n.kind === 'reconcile');
    assert.ok(reconcileNode, 'no Reconcile node under the tenant');
    const summaryItem = users.getTreeItem(reconcileNode);
    assert.equal(summaryItem.label, 'Reconcile');
    assert.equal(summaryItem.description, `1 matched · 1 differs · 1 inactive · 1 missing · ${total - 5} unassigned · 1 conflict`);
    const categories = await users.getChildren(reconcileNode);
    const count = (category: string): string => {
      const node = categories.find((n) => n.kind === 'reconcile' && n.part.level === 'category' && n.part.category === category);
      assert.ok(node, `no ${category} node`);
      return String(users.getTreeItem(node).description ?? '').split(' · ')[0] ?? '';
    };
    assert.deepEqual(['matched', 'differs', 'inactive', 'missing', 'unassigned', 'conflict'].map(count), ['1', '1', '1', '1', String(total - 5), '1']);

    // Add to Assignments on an unassigned tenant user: written at the end of the list, CRLF and comments kept.
    const unassignedNode = categories.find((n) => n.kind === 'reconcile' && n.part.level === 'category' && n.part.category === 'unassigned') as TreeNode;
    const people = await users.getChildren(unassignedNode);
    const first = people[0];
    assert.ok(first && first.kind === 'reconcile' && first.part.level === 'person');
    assert.equal(users.getTreeItem(first).contextValue, 'reconcilePerson.unassigned');
    const person = first.part.person;
    const before = doc.getText();
    assert.equal(await vscode.commands.executeCommand('scimProvisioning.reconcile.addToAssignments', first), true);
    const after = doc.getText();
    const added = lineOf(doc, `- userName: ${person.userName}`);
    assert.equal(added, lineOf(doc, `email: ${u(4).userName}`) + 1, 'not appended after the last assignment');
    assert.ok(after.startsWith(before.slice(0, doc.offsetAt(new vscode.Position(added, 0)))), 'text before the new assignment changed');
    assert.ok(!/(^|[^\r])\n/.test(after), 'a lone LF in a CRLF file');
    for (const c of ['# who is assigned', '# matched', '# end of file', '# reviewed by the identity team']) assert.ok(after.includes(c), `lost comment ${c}`);
    // ... and the file as it is now reconciled again against the same snapshot: the time zone taken
    // from the tenant and the person added are matched; the renamed one is still missing.
    assert.equal(users.getTreeItem(reconcileNode).description, `3 matched · 1 inactive · 1 missing · ${total - 6} unassigned · 1 conflict`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
