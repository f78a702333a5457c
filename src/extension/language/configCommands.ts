import * as vscode from 'vscode';
import type { Fix } from '../../core/config/types';
import { originOf } from '../../core/http/url';
import { readConfigTarget } from '../tenant/configTarget';
import { fixAllEdit } from './codeActions';
import { toWorkspaceEdit } from '../base/documents';
import { validateOptions } from '../base/settings';
import { fixAll } from '../../core/config/fixes';
import { validateConfig } from '../../core/config/validate';
import { LineIndex } from '../../core/config/yaml/lineIndex';
import type { TokenStore } from '../tenant/tokenStore';
import type { Logger } from '../base/logger';
import type { ConfigFiles } from '../tenant/configFiles';

export interface RemainingProblem {
  code: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  message: string;
  /** Titles of the quick fixes offered for it (Fix All applies only unambiguous ones). */
  fixes: string[];
}

export interface FixAllResult {
  applied: number;
  remaining: RemainingProblem[];
  /** What the notification said. */
  message: string;
}

/**
 * "Fix All Problems in Config" on the active editor: applies every preferred fix in one edit, then
 * says what remains and how to fix each (its quick fixes, or that it needs a hand edit), with a
 * list to go through them.
 */
export async function fixAllInActiveEditor(files: ConfigFiles, log?: Logger): Promise<FixAllResult | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !files.matches(doc)) {
    void vscode.window.showInformationMessage('Open a provisioning config first: Fix All works on the active editor.');
    return undefined;
  }
  const options = validateOptions(doc);
  const fixed = fixAll(doc.getText(), options);
  const edit = fixAllEdit(doc, fixed);
  if (edit && !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage('Fix All could not change the file (it changed meanwhile?): try again.');
    return undefined;
  }
  const applied = edit ? fixed.applied : 0;
  const lines = new LineIndex(fixed.text);
  const remaining: RemainingProblem[] = validateConfig(fixed.text, options).map((f) => ({
    code: f.code, ...lines.positionAt(f.start), message: f.message, fixes: (f.fixes ?? []).map((x) => x.title),
  }));
  const file = vscode.workspace.asRelativePath(doc.uri);
  for (const r of remaining) log?.info(`${file}:${r.line}: ${r.code} remains after Fix All: ${r.message} (${r.fixes.length ? `quick fixes: ${r.fixes.join('; ')}` : 'no automatic fix: edit it by hand'})`);
  const fixedPart = applied ? `Fixed ${applied} problem${applied === 1 ? '' : 's'}` : 'Nothing Fix All can change on its own';
  const withFixes = remaining.filter((r) => r.fixes.length).length;
  const byHand = remaining.length - withFixes;
  const how = [withFixes ? `${withFixes} with quick fixes to choose from` : undefined, byHand ? `${byHand} to edit by hand` : undefined].filter(Boolean).join(', ');
  const message = !remaining.length
    ? (applied ? `${fixedPart}: no problems left in ${file}.` : `No problems in ${file}.`)
    : `${fixedPart}. ${remaining.length} remain${remaining.length === 1 ? 's' : ''} for you to decide: ${how}.`;
  if (!remaining.length) {
    void vscode.window.showInformationMessage(message);
  } else {
    const review = 'Review Remaining';
    void vscode.window.showWarningMessage(message, review, 'Show Problems').then((p) => {
      if (p === review) return reviewRemaining(doc, remaining);
      if (p) return vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    });
  }
  return { applied, remaining, message };
}

/** One item per remaining problem: what it is and how to fix it; picking one goes there (and opens its quick fixes). */
async function reviewRemaining(doc: vscode.TextDocument, remaining: readonly RemainingProblem[]): Promise<void> {
  const pick = await vscode.window.showQuickPick(remaining.map((r) => ({
    label: `$(error) ${r.message}`,
    description: `line ${r.line} · ${r.code}`,
    detail: r.fixes.length ? `Quick fixes: ${r.fixes.join(' · ')}` : 'No automatic fix: edit it by hand.',
    r,
  })), { title: `Fix All: ${remaining.length} problem${remaining.length === 1 ? '' : 's'} left`, matchOnDetail: true });
  if (!pick) return;
  const at = new vscode.Position(Math.max(0, pick.r.line - 1), Math.max(0, pick.r.column - 1));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
  if (pick.r.fixes.length) await vscode.commands.executeCommand('editor.action.quickFix');
}

/**
 * The secret-in-file quick fix: store the literal token in the keychain under the config's
 * tokenRef and endpoint origin, then remove it from the file and write `tokenRef`.
 * The edit is applied only when the token is safely stored.
 */
export async function moveSecretToKeychain(tokens: TokenStore, log: Logger, uri: vscode.Uri, version: number, fix: Fix): Promise<boolean> {
  if (!fix.secret) return false;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.version !== version) {
    void vscode.window.showWarningMessage('The config changed since this fix was offered; try the quick fix again.');
    return false;
  }
  const target = await readConfigTarget(uri);
  const origin = target.baseUrl ? originOf(target.baseUrl) : undefined;
  if (!origin) {
    void vscode.window.showErrorMessage(`Set api.region or api.baseUrl first: a token is stored for the origin it will be sent to${target.endpoint.ok ? '' : ` (${target.endpoint.message})`}.`);
    return false;
  }
  await tokens.set(fix.secret.tokenRef, origin, fix.secret.value);
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, fix.edits));
  log.info(`moved a literal token from ${vscode.workspace.asRelativePath(uri)} to the keychain as '${fix.secret.tokenRef}' for ${origin}`);
  if (ok) void vscode.window.showInformationMessage(`The token is now in the OS keychain as '${fix.secret.tokenRef}' for ${origin}. Save the file, and rotate the token if the file was ever committed.`);
  return ok;
}
