// Simulate in the real editor: the "Preview Requests" CodeLens opens the bodies for an assignment
// (and follows the file as it is edited); "Simulate Provisioning…" with the write confirmed runs
// every step against the real tenant (scimmy, started by scripts/test-editor.mjs), shows the report,
// and the tenant holds the same users afterwards. Declining the confirmation writes nothing. The
// Entra example: Entra's shapes in the preview, and a run whose refused "False" is reported with its fix.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, editorConfig, tenantToken, tenantUrl, workspaceRoot, writeFixture } from './helpers';
import type { SimulationReport } from '../../../src/core/simulate/run';

/** A config on the test tenant: Jane and Ken assigned, with their names. */
async function simulateConfig(tokenRef: string): Promise<vscode.Uri> {
  return writeFixture(`${tokenRef}.scim.yaml`, editorConfig({
    baseUrl: tenantUrl,
    tokenRef,
    set: {
      assignments: [
        { userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin' },
        { userName: 'ken@example.co.jp', givenName: 'Ken', familyName: 'Tanaka', timezone: 'Asia/Tokyo' },
      ],
    },
  }));
}

/** Every user of the tenant, as `id userName active`, read straight from the tenant. */
async function tenantUsers(): Promise<string[]> {
  const res = await fetch(`${tenantUrl}/Users?startIndex=1&count=1000`, { headers: { Authorization: `Bearer ${tenantToken}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { Resources?: Array<{ id: string; userName: string; active: boolean }> };
  return (body.Resources ?? []).map((u) => `${u.id} ${u.userName} ${String(u.active)}`).sort();
}

/** Resolves when `doc`'s text satisfies `ok` (checked now and on every change of it). */
function whenText(doc: vscode.TextDocument, ok: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (ok(doc.getText())) { resolve(doc.getText()); return; }
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && ok(doc.getText())) { clearTimeout(timer); sub.dispose(); resolve(doc.getText()); }
    });
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out; the preview says:\n${doc.getText().slice(0, 800)}`)); }, timeoutMs);
  });
}

async function withModalAnswer<T>(answer: (message: string, items: string[]) => string | undefined, asked: string[], run: () => Thenable<T>): Promise<T> {
  const original = vscode.window.showWarningMessage;
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, _opts: unknown, ...items: string[]) => {
    asked.push(message);
    return Promise.resolve(answer(message, items));
  };
  try {
    return await run();
  } finally {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
  }
}

/** Simulate Provisioning… for Jane with the modal's write confirmed: the report and what the modal asked. */
async function simulateConfirmed(uri: vscode.Uri): Promise<{ report: SimulationReport; asked: string[] }> {
  const asked: string[] = [];
  const report = await withModalAnswer((_m, items) => items.find((i) => i === 'Run Against the Tenant'), asked,
    () => vscode.commands.executeCommand<SimulationReport | undefined>('scimProvisioning.simulate', { uri, userName: 'jane@example.com' }));
  assert.ok(report, 'no report');
  return { report, asked };
}

/** Resolves once a Markdown preview tab is open (the built-in extension opens it asynchronously). */
function renderedMarkdown(timeoutMs = 15_000): Promise<void> {
  const tabs = (): string[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .map((t) => (t.input instanceof vscode.TabInputWebview ? `webview:${t.input.viewType}` : t.input instanceof vscode.TabInputText ? `text:${t.input.uri.scheme}` : t.label));
  const rendered = (): boolean => tabs().some((t) => /^webview:.*markdown\.preview/.test(t));
  return new Promise((resolve, reject) => {
    if (rendered()) { resolve(); return; }
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => { if (rendered()) { clearTimeout(timer); sub.dispose(); resolve(); } });
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`nothing is rendered in the Markdown preview; tabs: ${tabs().join(', ')}`)); }, timeoutMs);
  });
}

describe('Simulate: Preview Requests and Simulate Provisioning in the editor', function () {
  this.timeout(60_000);

  before(function () {
    if (!tenantUrl || !tenantToken) this.skip();
  });
  afterEach(closeAllEditors);

  it('"Preview Requests" sits on each assignment and opens the bodies, each field with its mapping; the preview follows the file', async () => {
    const uri = await simulateConfig('editor-preview');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100))
      .filter((l) => l.command?.command === 'scimProvisioning.previewRequests');
    assert.deepEqual(lenses.map((l) => doc.lineAt(l.range.start.line).text.trim()), ['- userName: jane@example.com', '- userName: ken@example.co.jp']);
    const ken = lenses[1]?.command;
    assert.ok(ken);
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(ken.command, ...((ken.arguments ?? []) as unknown[]));
    assert.equal(preview.uri.scheme, 'scim-requests');
    await renderedMarkdown();
    const text = preview.getText();
    assert.match(text, /^# Requests Okta sends for `ken@example\.co\.jp`/);
    assert.match(text, /`GET \/Users\?filter=userName eq "ken@example\.co\.jp"&startIndex=1&count=100`/);
    assert.match(text, /^ +\/\/ givenName: user\.firstName\n +"givenName": "Ken",$/m, 'each note on its own line above its field');
    assert.match(text, /^ +\/\/ timezone: user\.timezone\n +"timezone": "Asia\/Tokyo",$/m);
    assert.match(text, /`PATCH \/Users\/\{id\}`[\s\S]*"op": "replace"/);
    // Edit Ken's time zone in the config: the open preview follows.
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.includes('Asia/Tokyo'));
    assert.ok(line !== undefined);
    const at = doc.lineAt(line).text.indexOf('Asia/Tokyo');
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 'Asia/Tokyo'.length), 'Asia/Seoul'));
    await whenText(preview, (t) => t.includes('"timezone": "Asia/Seoul"'));
    await doc.save();
  });

  it('"Simulate Provisioning…" asks first, naming the tenant; declined, nothing is written', async () => {
    const uri = await simulateConfig('editor-simulate-no');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    const before = await tenantUsers();
    const asked: string[] = [];
    const report = await withModalAnswer(() => undefined, asked, () => vscode.commands.executeCommand<SimulationReport | undefined>('scimProvisioning.simulate', { uri, userName: 'jane@example.com' }));
    assert.equal(report, undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0] ?? '', new RegExp(`^Simulate Okta provisioning of jane@example\\.com against Flosum at ${new URL(tenantUrl).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?$`));
    assert.deepEqual(await tenantUsers(), before);
  });

  it('"Simulate Provisioning…" with the write confirmed: every step reported, the report shown, the same users afterwards', async () => {
    const uri = await simulateConfig('editor-simulate');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    const before = await tenantUsers();
    const { report, asked } = await simulateConfirmed(uri);
    assert.equal(asked.length, 1);
    assert.deepEqual(report.steps.map((s) => `${s.name} ${String(s.ok)}`), ['lookup true', 'create true', 'update true', 'deactivate true', 'reactivate true', 'cleanup true'],
      report.steps.flatMap((s) => s.problems).join('\n'));
    assert.equal(report.ok, true);
    assert.deepEqual(report.leftBehind, []);
    assert.match(report.standIn ?? '', /^scim-simulate-[a-z0-9]+@example\.invalid$/);
    assert.equal(report.steps[1]?.kept?.find((k) => k.attribute === 'timezone')?.kept, 'Europe/Berlin');
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'scim-report' && d.getText().includes('# Simulated provisioning'));
    assert.ok(shown, 'the report was not opened');
    await renderedMarkdown();
    assert.match(shown.getText(), /\| create \| pass \|/);
    assert.match(shown.getText(), /\| cleanup \| pass \|/);
    assert.ok(!shown.getText().includes(tenantToken), 'the token leaked into the report');
    assert.deepEqual(await tenantUsers(), before, 'the tenant does not hold the same users afterwards');
  });
  it("an Entra ID config (the example): Entra's requests in the preview, and a run that reports the refused string \"False\" with its fix, nothing left behind", async () => {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), 'examples', 'flosum-entra.scim.yaml')));
    const uri = await writeFixture('editor-entra.scim.yaml', example
      .replace(/^ {2}region: us.*$/m, `  baseUrl: ${tenantUrl}`)
      .replace('tokenRef: flosum-prod', 'tokenRef: editor-entra'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100))
      .find((l) => l.command?.command === 'scimProvisioning.previewRequests' && l.command.arguments?.[1] === 'jane@example.com')?.command;
    assert.ok(lens, 'no Preview Requests lens on Jane');
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(lens.command, ...((lens.arguments ?? []) as unknown[]));
    const text = preview.getText();
    assert.match(text, /^# Requests Entra ID sends for `jane@example\.com`/);
    assert.match(text, /`GET \/Users\?filter=userName eq "jane@example\.com"`/, 'no startIndex/count: Entra does not page its look-up');
    assert.match(text, /\/\/ timezone: Coalesce\(\[extensionAttribute1\], "Etc\/UTC"\)\n +"timezone": "Europe\/Berlin",/);
    assert.match(text, /"op": "Replace",\n +"path": "displayName",\n +"value": "Jane-Updated Doe"/);
    assert.match(text, /"path": "active",\n( +\/\/ .*\n)? +"value": "False"/);

    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    const before = await tenantUsers();
    const { report, asked } = await simulateConfirmed(uri);
    assert.match(asked[0] ?? '', /^Simulate Entra ID provisioning of jane@example\.com against Flosum at /);
    assert.deepEqual(report.steps.map((s) => `${s.name} ${String(s.ok)}`), ['lookup true', 'create true', 'update true', 'deactivate false', 'reactivate false', 'cleanup true'],
      report.steps.flatMap((s) => s.problems).join('\n'));
    assert.match(report.steps[3]?.problems[0] ?? '', /HTTP 400.*the user stays active$/);
    assert.match(report.steps[3]?.fixes?.[0] ?? '', /^add '\?aadOptscim062020' to the Tenant URL in Entra/);
    assert.deepEqual(report.leftBehind, []);
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'scim-report' && d.getText().includes('# Simulated provisioning: Entra ID'));
    assert.ok(shown, 'the report was not opened');
    assert.match(shown.getText(), /\*\*2 of 6 steps failed \(deactivate, reactivate\); nothing left behind\.\*\*/);
    assert.match(shown.getText(), /^- \*\*Fix:\*\* Add '\?aadOptscim062020' to the Tenant URL in Entra/m);
    assert.deepEqual(await tenantUsers(), before, 'the tenant does not hold the same users afterwards');
  });
});
