// Helpers for the editor tests: fixture files in the (temporary) test workspace, waiting for
// diagnostics on the event (no sleeps), applying code actions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../../src/extension/base/constants';
import { configText, type ConfigOptions } from '../../support/configs.cjs';

/** The quick-fix tests check that a fix keeps this comment in its place. */
const KEPT_COMMENT: [string, string] = ['syncPassword: false', 'syncPassword: false   # must stay false for Flosum'];

/**
 * The editor tests' config: the valid config of test/support/configs.cjs (Okta unless `idp` says
 * otherwise) without its explanatory comments, Jane the one assignee, with `options` applied
 * (exact-text replacements fail loudly when one does not apply). Okta's keeps one comment, on syncPassword.
 */
export function editorConfig(options: ConfigOptions = {}): string {
  const keep = (options.idp ?? 'okta') === 'okta' ? [KEPT_COMMENT] : [];
  return configText({ comments: false, assignees: 1, ...options, replace: [...keep, ...(options.replace ?? [])] });
}

/** editorConfig() with exact-text replacements. */
export function configWith(...replacements: Array<[string, string]>): string {
  return editorConfig({ replace: replacements });
}

/** The same for Entra ID's valid config. */
export function entraConfigWith(...replacements: Array<[string, string]>): string {
  return editorConfig({ idp: 'entra-id', replace: replacements });
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (scripts/test-editor.mjs opens a temp copy of test/workspace)');
  return folder.uri;
}

let counter = 0;
/** Writes `text` to a fresh file in the test workspace (never the repo) and returns its uri. */
export async function writeFixture(name: string, text: string): Promise<vscode.Uri> {
  counter += 1;
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'generated', String(counter).padStart(2, '0'), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function openFixture(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = await writeFixture(name, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  return ds.length === 0 ? '(none)' : ds.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`).join('\n  ');
}

/**
 * Resolves with our diagnostics for `uri` as soon as `predicate` holds for them: checked now, then
 * on every `onDidChangeDiagnostics` event for that uri. Rejects after `timeoutMs` listing what it saw.
 */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000, what = 'diagnostics'): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = ours(uri);
      if (!predicate(ds)) return false;
      cleanup();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; current:\n  ${describeDiagnostics(ours(uri))}`));
    }, timeoutMs);
    function cleanup(): void { clearTimeout(timer); sub.dispose(); }
    check();
  });
}

export const hasCode = (code: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === code);
export const lacksCode = (code: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => codeOf(d) === code);

/** Finds the diagnostic with `code` (asserting there is one). */
export function diagnostic(ds: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const d = ds.find((x) => codeOf(x) === code);
  assert.ok(d, `expected a ${code} diagnostic; got:\n  ${describeDiagnostics(ds)}`);
  return d;
}

/** Zero-based line of the first line of `doc` that contains `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  assert.fail(`no line contains ${JSON.stringify(needle)}`);
}

/** Asserts the range sits on `line` and covers the text `covers` (a key or value on that line). */
export function assertRangeOn(doc: vscode.TextDocument, range: vscode.Range, line: number, covers: string): void {
  assert.equal(range.start.line, line, `range starts on line ${range.start.line + 1}, expected ${line + 1} (${doc.lineAt(line).text.trim()})`);
  const text = doc.getText(range);
  assert.ok(text.includes(covers) || covers.includes(text) && text.length > 0,
    `range text ${JSON.stringify(text)} should cover ${JSON.stringify(covers)}`);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider', uri, range, kind, 100);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Quick fixes offered at the range of diagnostic `d` (fixtures have one problem there). */
export async function quickFixesFor(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  // (vscode.executeCodeActionProvider does not hand back `action.diagnostics`: the range scopes them)
  const fixes = all.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
  assert.ok(fixes.length > 0, `no quick fix offered for ${codeOf(d)}; the provider returned: ${
    all.map((a) => `${a.kind?.value} "${a.title}" [${(a.diagnostics ?? []).map((x) => `${codeOf(x)}@${x.range.start.line}`).join(',')}]`).join(' | ') || 'nothing'}`);
  return fixes;
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit failed for "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
}

/** Makes the extension validate `doc` now (its code-action provider validates on demand). */
export async function forceValidation(doc: vscode.TextDocument): Promise<void> {
  await codeActions(doc.uri, new vscode.Range(0, 0, 0, 0));
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this editor`);
  if (!ext.isActive) await ext.activate();
  assert.ok(ext.isActive, `${EXTENSION_ID} did not activate`);
  return ext;
}

/** The real SCIM tenant scripts/test-editor.mjs starts (empty when the suite runs without it). */
export const tenantUrl = process.env.SCIM_TEST_TENANT_URL ?? '';
export const tenantToken = process.env.SCIM_TEST_TENANT_TOKEN ?? '';

/** The extension's API (activating it). */
export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  return ext.activate();
}

/** A clean config pointing at the test tenant, with its own tokenRef (and app name). */
export async function tenantConfig(tokenRef: string, appName = 'Flosum'): Promise<vscode.Uri> {
  return writeFixture(`${tokenRef}.scim.yaml`, editorConfig({ baseUrl: tenantUrl, tokenRef, set: { 'app.name': appName } }));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
