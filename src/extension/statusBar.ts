import * as vscode from 'vscode';
import { endpointOf, summarizeConfig } from '../core/configSummary';
import { originOf } from '../core/scim/endpoint';
import { Commands } from './constants';
import type { ConfigFiles } from './configFiles';
import type { CredentialTester } from './credentials';

/** The active config's endpoint and the last credential test's result; click to test again. */
export class EndpointStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scimProvisioning.endpoint', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly files: ConfigFiles, private readonly tester: CredentialTester) {
    this.item.name = 'SCIM Endpoint';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d === vscode.window.activeTextEditor?.document) this.update(); }),
      tester.onDidChange(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.files.matches(doc)) { this.item.hide(); return; }
    const summary = summarizeConfig(doc.getText());
    const base = endpointOf(summary);
    const origin = base ? originOf(base) : undefined;
    if (!base || !origin) { this.item.hide(); return; }
    const host = new URL(origin).host;
    const last = this.tester.lastResultFor(origin);
    const icon = !last ? '$(plug)' : last.ok ? '$(pass-filled)' : '$(error)';
    this.item.text = `${icon} ${summary.appName}: ${host}`;
    const tip = new vscode.MarkdownString(`**${summary.appName}** SCIM endpoint\n\n\`${base}\`\n\n`);
    tip.appendMarkdown(last ? `Last test (${last.at.toLocaleTimeString()}): ${last.message}\n\n` : 'Not tested yet.\n\n');
    tip.appendMarkdown('Click to test the API credentials.');
    this.item.tooltip = tip;
    this.item.backgroundColor = last && !last.ok ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = { command: Commands.testCredentials, title: 'Test API Credentials', arguments: [doc.uri] };
    this.item.show();
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
