// Read-only Markdown reports ("Check SCIM Endpoint", "Simulate Provisioning…", request previews) and
// how they open: rendered in the Markdown preview, the source a click away ("Open as Markdown").
import * as vscode from 'vscode';

/** The reports of this session (`scim-report:` URIs). */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'scim-report';
  private readonly reports = new Map<string, string>();
  private next = 1;

  add(markdown: string, label: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ReportDocuments.scheme, path: `/${this.next++}/${label.replace(/[^\w.-]+/g, '-')}.md` });
    this.reports.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '# Report no longer available\n';
  }
}

/**
 * Opens a report rendered, in the editor's Markdown preview (tables, headings, no escapes); the
 * source stays available ("Open as Markdown"). Without the built-in Markdown extension: the source.
 * `beside`: next to the active editor (a preview that follows the file being edited). Returns the document.
 */
export async function showReport(uri: vscode.Uri, beside = false): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  try {
    // (the built-in Markdown extension activates on this command: it is not registered before)
    await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: false, ...(beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
  }
  return doc;
}
