import * as vscode from 'vscode';
import { endpointStatus } from '../../core/config/summary';
import { Commands } from '../base/constants';
import { Disposable } from '../base/lifecycle';
import { documentSummary } from '../language/documentSummary';
import type { ConfigFiles } from '../tenant/configFiles';

/**
 * "Test API Credentials" and "Set API Token" above the `api:` block of a config — only where they can
 * work. A config that cannot reach a tenant gets one lens saying why (click: the quick fixes at the
 * problem); an untrusted workspace gets one saying nothing is sent.
 */
export class ApiCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly files: ConfigFiles) {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  refresh(): void { this.changed.fire(); }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.files.matches(doc)) return [];
    const summary = documentSummary(doc);
    if (!summary.apiKey) return [];
    const range = new vscode.Range(doc.positionAt(summary.apiKey.start), doc.positionAt(summary.apiKey.end));
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(range, { title: '$(shield) Untrusted workspace: nothing is sent to the tenant', command: 'workbench.trust.manage' })];
    }
    const endpoint = endpointStatus(summary);
    if (!endpoint.ok) {
      return [new vscode.CodeLens(range, {
        title: `$(warning) Cannot test credentials: ${endpoint.message}`,
        tooltip: `${endpoint.message}${endpoint.detail ? `\n\n${endpoint.detail}` : ''}\n\nClick to see the fixes.`,
        command: Commands.revealEndpointProblem,
        arguments: [doc.uri],
      })];
    }
    return [
      new vscode.CodeLens(range, { title: '$(plug) Test API Credentials', command: Commands.testCredentials, arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: '$(key) Set API Token', command: Commands.setToken, arguments: [doc.uri] }),
    ];
  }
}
