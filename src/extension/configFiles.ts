import * as vscode from 'vscode';
import { DEFAULT_CONFIG_GLOBS, Settings } from './constants';

/** Which documents are provisioning configs: the default globs plus `scimProvisioning.configGlobs`. */
export class ConfigFiles implements vscode.Disposable {
  private selector: vscode.DocumentFilter[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** The `configGlobs` setting changed: which files are configs may be different now. */
  readonly onDidChange = this.changed.event;
  private readonly createdOrDeleted = new vscode.EventEmitter<void>();
  /** A YAML file was created or deleted (the list of config files may have changed). */
  readonly onDidCreateOrDelete = this.createdOrDeleted.event;
  private readonly contentChanged = new vscode.EventEmitter<vscode.Uri>();
  /** A YAML file changed on disk. */
  readonly onDidChangeFile = this.contentChanged.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.selector = ConfigFiles.buildSelector();
    // One watcher for the whole extension (the users tree and the context keys listen here).
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.subscriptions = [
      watcher,
      watcher.onDidCreate(() => this.createdOrDeleted.fire()),
      watcher.onDidDelete(() => this.createdOrDeleted.fire()),
      watcher.onDidChange((uri) => this.contentChanged.fire(uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.configGlobs}`)) {
          this.selector = ConfigFiles.buildSelector();
          this.changed.fire();
        }
      }),
    ];
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
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
    this.contentChanged.dispose();
    this.createdOrDeleted.dispose();
  }
}
