// The context keys of the active editor: `isConfig` (Fix All in the palette and the editor title)
// and `activeEndpointOk` (the editor title's Test API Credentials button, offered only where it can
// work). Typing is followed once it pauses, never per keystroke.
import * as vscode from 'vscode';
import { endpointStatus } from '../../core/config/summary';
import { setContext } from '../base/context';
import { Disposable, toDisposable } from '../base/lifecycle';
import type { ConfigFiles } from '../tenant/configFiles';
import { documentSummary } from './documentSummary';

export class ActiveEditorKeys extends Disposable {
  private activeEndpointOk: boolean | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly files: ConfigFiles) {
    super();
    this._register(toDisposable(() => clearTimeout(this.timer)));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || e.document !== vscode.window.activeTextEditor?.document || !files.matches(e.document)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update(), 300);
    }));
    this.update();
  }

  private update(): void {
    clearTimeout(this.timer);
    const doc = vscode.window.activeTextEditor?.document;
    const isConfig = !!doc && this.files.matches(doc);
    void setContext('isConfig', isConfig);
    const ok = isConfig && endpointStatus(documentSummary(doc)).ok;
    if (ok !== this.activeEndpointOk) {
      this.activeEndpointOk = ok;
      void setContext('activeEndpointOk', ok);
    }
  }
}
