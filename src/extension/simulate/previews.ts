// Read-only documents of the requests the identity provider sends for one person (`scim-requests:`
// URIs), recomputed from the config's current text whenever the config changes (nothing is sent).
import * as vscode from 'vscode';
import { configPeople, personNamed } from '../../core/simulate/people';
import { readText } from '../base/documents';
import { simulation } from '../base/lazyBundle';
import { Disposable, toDisposable } from '../base/lifecycle';

interface PreviewEntry {
  config: vscode.Uri;
  userName: string;
}

/**
 * Read-only documents of the requests for one person (`scim-requests:` URIs), recomputed from the
 * config's current text whenever the config changes.
 */
export class RequestPreviews extends Disposable implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'scim-requests';
  private readonly entries = new Map<string, PreviewEntry>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this._register(toDisposable(() => { for (const t of this.pending.values()) clearTimeout(t); }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === RequestPreviews.scheme) this.entries.delete(d.uri.toString());
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      const key = e.document.uri.toString();
      for (const [uri, entry] of this.entries) {
        if (entry.config.toString() !== key) continue;
        clearTimeout(this.pending.get(uri));
        this.pending.set(uri, setTimeout(() => { this.pending.delete(uri); this.changed.fire(vscode.Uri.parse(uri)); }, 250));
      }
    }));
  }

  uriFor(config: vscode.Uri, userName: string): vscode.Uri {
    const folder = vscode.workspace.asRelativePath(config).replace(/[^\w.-]+/g, '-');
    const uri = vscode.Uri.from({ scheme: RequestPreviews.scheme, path: `/${folder}/Requests for ${userName.replace(/[/\\]+/g, '-')}.md` });
    this.entries.set(uri.toString(), { config, userName });
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = this.entries.get(uri.toString());
    if (!entry) return '# Preview no longer available\n\nOpen it again from the Preview Requests lens above the assignment.\n';
    const file = vscode.workspace.asRelativePath(entry.config);
    let text: string;
    try {
      text = await readText(entry.config);
    } catch {
      return `# ${file} cannot be read\n`;
    }
    const read = configPeople(text);
    if (read.broken) return `# ${file} has YAML errors\n\nFix them (see the Problems panel); the preview follows the file.\n`;
    const person = personNamed(read.people, entry.userName);
    if (!person) return `# ${entry.userName} is no longer assigned in ${file}\n`;
    const { planRequests, renderPreviewMarkdown } = simulation();
    const plan = planRequests(read.config, person.assignment);
    if ('error' in plan) return `# No preview\n\n${plan.error}.\n`;
    const line = text.slice(0, person.start).split('\n').length;
    return renderPreviewMarkdown(plan, { file, line });
  }
}
