import * as vscode from 'vscode';
import { DEFAULT_CONFIG_GLOBS, Settings } from './constants';

/** Which documents are provisioning configs: the default globs plus `scimProvisioning.configGlobs`. */
export class ConfigFiles implements vscode.Disposable {
  private selector: vscode.DocumentFilter[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.selector = ConfigFiles.buildSelector();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.configGlobs}`)) {
        this.selector = ConfigFiles.buildSelector();
        this.changed.fire();
      }
    });
  }

  static globs(): string[] {
    const extra = vscode.workspace.getConfiguration(Settings.section).get<string[]>(Settings.configGlobs, []);
    const normalised = extra.filter((g) => typeof g === 'string' && g.trim()).map((g) => (g.includes('/') ? g : `**/${g}`));
    return [...new Set([...DEFAULT_CONFIG_GLOBS, ...normalised])];
  }

  private static buildSelector(): vscode.DocumentFilter[] {
    return ConfigFiles.globs().flatMap((pattern) => [
      { scheme: 'file', pattern },
      { scheme: 'vscode-remote', pattern },
      { scheme: 'untitled', pattern },
    ]);
  }

  /** A static selector for provider registration; `matches` is the live check. */
  get documentSelector(): vscode.DocumentSelector {
    return [{ language: 'yaml' }, ...DEFAULT_CONFIG_GLOBS.map((pattern) => ({ pattern }))];
  }

  matches(doc: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector, doc) > 0;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
