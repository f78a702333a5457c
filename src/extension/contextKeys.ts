import * as vscode from 'vscode';
import type { ConfigFiles } from './configFiles';
import { findWorkspaceConfigs } from './configPicker';

/** `scimProvisioning.isConfig` (active editor is a config) and `scimProvisioning.configCount` for menus and welcome views. */
export class ContextKeys implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly files: ConfigFiles) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateActive()),
      files.onDidChange(() => this.countConfigs()),
      files.onDidCreateOrDelete(() => this.countConfigs()),
    );
    this.updateActive();
    this.countConfigs();
  }

  private updateActive(): void {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'scimProvisioning.isConfig', !!doc && this.files.matches(doc));
  }

  private countConfigs(): void {
    findWorkspaceConfigs().then(
      (all) => vscode.commands.executeCommand('setContext', 'scimProvisioning.configCount', all.length),
      () => undefined,
    );
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
