import * as vscode from 'vscode';
import type { Fix } from '../core/config/types';
import { originOf } from '../core/scim/endpoint';
import { readConfigTarget } from './configPicker';
import { fixAllEdit, toWorkspaceEdit } from './codeActions';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';

/** "Fix All Problems in Config" on the active editor. */
export async function fixAllInActiveEditor(): Promise<boolean> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return false;
  const edit = fixAllEdit(doc);
  if (!edit) {
    void vscode.window.showInformationMessage('Nothing to fix automatically in this config.');
    return false;
  }
  return vscode.workspace.applyEdit(edit);
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
    void vscode.window.showErrorMessage('Set `api.region` or `api.baseUrl` first: a token is stored for the origin it will be sent to.');
    return false;
  }
  await tokens.set(fix.secret.tokenRef, origin, fix.secret.value);
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, fix));
  log.info(`moved a literal token from ${vscode.workspace.asRelativePath(uri)} to the keychain as '${fix.secret.tokenRef}' for ${origin}`);
  if (ok) void vscode.window.showInformationMessage(`The token is now in the OS keychain as '${fix.secret.tokenRef}' for ${origin}. Save the file, and rotate the token if the file was ever committed.`);
  return ok;
}
