import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { DiagnosticsController } from './diagnostics';
import { fixAll } from '../../core/config/fixes';
import { isLarge } from '../base/documentSize';
import { toRange, toWorkspaceEdit } from '../base/documents';
import { validateOptions } from '../base/settings';

/** The fix-all action remembers its document; its edit is computed only when it is applied. */
class FixAllAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument) {
    super('Fix all auto-fixable SCIM provisioning problems', vscode.CodeActionKind.SourceFixAll.append('scimProvisioning'));
  }
}

/**
 * Turns the fixes carried by findings into code actions: a quick fix per fix, and
 * `source.fixAll` applying every fix in the file in one edit (computed in resolveCodeAction, so a
 * light bulb costs nothing). Large documents wait for the validation worker instead of
 * validating on the extension host. The provider computes nothing itself.
 */
export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('scimProvisioning')],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const result = isLarge(doc) ? await this.diagnostics.whenValidated(doc) : this.diagnostics.ensure(doc);
    if (!result || result.version !== doc.version) return [];
    const actions: vscode.CodeAction[] = [];
    const only = context.only;
    const wantQuickFix = !only || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only);
    const wantFixAll = !only || vscode.CodeActionKind.SourceFixAll.contains(only) || only.contains(vscode.CodeActionKind.SourceFixAll);

    if (wantQuickFix) {
      // A file-wide fix ("Add all missing mappings") rides on several findings: offer it once.
      const offered = new Set<string>();
      result.findings.forEach((finding, i) => {
        const diagnostic = result.diagnostics[i];
        if (!finding.fixes?.length || !diagnostic.range.intersection(range)) return;
        for (const fix of finding.fixes) {
          const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
          if (offered.has(key)) continue;
          offered.add(key);
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred;
          if (fix.secret) {
            // Storing the secret needs the keychain: a command does it, then applies the edits.
            action.command = { command: Commands.moveSecretToKeychain, title: fix.title, arguments: [doc.uri, doc.version, fix] };
          } else {
            action.edit = toWorkspaceEdit(doc, fix.edits);
          }
          actions.push(action);
        }
      });
    }
    if (wantFixAll && result.findings.some((f) => f.fixes?.some((x) => !x.secret))) {
      const action = new FixAllAction(doc);
      action.diagnostics = result.diagnostics.filter((_, i) => result.findings[i].fixes?.some((x) => !x.secret));
      actions.push(action);
    }
    return actions;
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (action instanceof FixAllAction && !action.edit) action.edit = fixAllEdit(action.document) ?? new vscode.WorkspaceEdit();
    return action;
  }
}

/** One edit replacing the whole text with the fixed text, or undefined when nothing changes. */
export function fixAllEdit(doc: vscode.TextDocument, fixed = fixAll(doc.getText(), validateOptions(doc))): vscode.WorkspaceEdit | undefined {
  const text = doc.getText();
  if (fixed.applied === 0 || fixed.text === text) return undefined;
  // Replace only the changed middle, so the editor keeps cursors and folding elsewhere.
  let start = 0;
  while (start < text.length && start < fixed.text.length && text[start] === fixed.text[start]) start++;
  let endOld = text.length;
  let endNew = fixed.text.length;
  while (endOld > start && endNew > start && text[endOld - 1] === fixed.text[endNew - 1]) { endOld--; endNew--; }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, toRange(doc, start, endOld), fixed.text.slice(start, endNew));
  return edit;
}
