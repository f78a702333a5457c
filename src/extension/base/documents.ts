// The editor's documents: the open one's text or else the file's, offsets to ranges, core edits to
// WorkspaceEdits, and whether a command argument is a Uri.
import * as vscode from 'vscode';
import type { TextEdit } from '../../core/config/types';

/** The open document for a uri (or the uri's string), if any (never opens one). */
export function openDocument(uri: vscode.Uri | string): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** The text of a config as the person sees it: the open document's (unsaved edits included), else the file's. */
export async function readText(uri: vscode.Uri): Promise<string> {
  const open = openDocument(uri);
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function toRange(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

/** The core's offset edits on a document as one WorkspaceEdit. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, toRange(doc, e.start, e.end), e.newText);
  return edit;
}

export function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}
