import * as vscode from 'vscode';
import { documentSummary } from '../language/documentSummary';
import { endpointStatus } from '../../core/config/summary';
import { Commands } from '../base/constants';
import type { ConfigFiles } from '../tenant/configFiles';
import type { CredentialTester } from './tester';
import { Disposable, toDisposable } from '../base/lifecycle';

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

/** The active config's endpoint and the last credential test's result; click to test again. */
export class EndpointStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('scimProvisioning.endpoint', vscode.StatusBarAlignment.Left, 10));
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly files: ConfigFiles, private readonly tester: CredentialTester) {
    super();
    this.item.name = 'SCIM Endpoint';
    this._register(toDisposable(() => clearTimeout(this.timer)));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => { if (d === vscode.window.activeTextEditor?.document) this.update(); }));
    this._register(tester.onDidChange(() => this.update()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === vscode.window.activeTextEditor?.document) this.schedule(); }));
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.files.matches(doc)) { this.item.hide(); return; }
    const summary = documentSummary(doc);
    if (!summary.apiKey) { this.item.hide(); return; }
    const endpoint = endpointStatus(summary);
    if (!endpoint.ok) {
      this.item.text = `$(warning) ${summary.appName}: ${endpoint.short}`;
      this.item.tooltip = `${endpoint.message}\n\nClick to see the fixes.`;
      this.item.accessibilityInformation = { label: `${summary.appName} SCIM endpoint: ${endpoint.message}` };
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = { command: Commands.revealEndpointProblem, title: 'Show the fixes', arguments: [doc.uri] };
      this.item.show();
      return;
    }
    const { baseUrl, origin } = endpoint;
    const host = new URL(origin).host;
    const last = this.tester.lastResultFor(origin);
    const icon = !last ? '$(plug)' : last.ok ? '$(pass-filled)' : '$(error)';
    this.item.text = `${icon} ${summary.appName}: ${host}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${escapeMarkdown(summary.appName)}** SCIM endpoint\n\n`);
    tip.appendCodeblock(baseUrl, 'text');
    tip.appendText(last ? `Last test (${last.at.toLocaleTimeString()}): ${last.message}\n\n` : 'Not tested yet.\n\n');
    tip.appendText('Click to test the API credentials.');
    this.item.tooltip = tip;
    // what a screen reader says: plain words, not the tooltip's Markdown
    const state = !last ? 'not tested yet' : last.ok ? 'last credential test passed' : `last credential test failed: ${last.message}`;
    this.item.accessibilityInformation = { label: `${summary.appName} SCIM endpoint ${host}, ${state}. Test API Credentials.` };
    this.item.backgroundColor = last && !last.ok ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = { command: Commands.testCredentials, title: 'Test API Credentials', arguments: [doc.uri] };
    this.item.show();
  }

  /** For tests: what the item shows now. */
  snapshot(): { visible: boolean; text: string; accessibilityLabel: string | undefined } {
    return { visible: this.visible, text: this.item.text, accessibilityLabel: this.item.accessibilityInformation?.label };
  }

  /** Typing in the api block changes what the item says: follow it, debounced. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 300);
  }

  private get visible(): boolean {
    const doc = vscode.window.activeTextEditor?.document;
    return !!doc && this.files.matches(doc) && !!documentSummary(doc).apiKey;
  }
}
