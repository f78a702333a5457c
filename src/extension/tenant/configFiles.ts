import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import { affectsSettings, configGlobs } from '../base/settings';
import { DEFAULT_CONFIG_GLOBS, Settings } from '../base/constants';

/** Which documents are provisioning configs: the default globs plus `scimProvisioning.configGlobs`. */
export class ConfigFiles extends Disposable {
  private selector: vscode.DocumentFilter[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** The `configGlobs` setting changed: which files are configs may be different now. */
  readonly onDidChange = this.changed.event;
  private readonly createdOrDeleted = this._register(new vscode.EventEmitter<void>());
  /** A YAML file was created or deleted (the list of config files may have changed). */
  readonly onDidCreateOrDelete = this.createdOrDeleted.event;
  private readonly contentChanged = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** A YAML file changed on disk. */
  readonly onDidChangeFile = this.contentChanged.event;

  constructor() {
    super();
    this.selector = ConfigFiles.buildSelector();
    // One watcher for the whole extension (the users tree and the context keys listen here).
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'));
    this._register(watcher.onDidCreate(() => this.createdOrDeleted.fire()));
    this._register(watcher.onDidDelete(() => this.createdOrDeleted.fire()));
    this._register(watcher.onDidChange((uri) => this.contentChanged.fire(uri)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e, Settings.configGlobs)) {
        this.selector = ConfigFiles.buildSelector();
        this.changed.fire();
      }
    }));
  }

  /** Every provisioning config in the workspace (default globs + setting), sorted by path. */
  async findConfigs(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const found = new Map<string, vscode.Uri>();
    for (const g of configGlobs()) {
      for (const uri of await vscode.workspace.findFiles(g, '**/node_modules/**', 200, token)) found.set(uri.toString(), uri);
    }
    return [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  private static buildSelector(): vscode.DocumentFilter[] {
    return configGlobs().flatMap((pattern) => [
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
}
