// Lifetimes: a class that owns event subscriptions, emitters, timers or other disposables extends
// `Disposable` and `_register`s each one; its dispose() releases them all, newest first, once.
// The habit of microsoft/vscode-pull-request-github src/common/lifecycle.ts.
import type * as vscode from 'vscode';

/** Disposes every item, newest first, and empties the list. */
export function disposeAll(disposables: vscode.Disposable[]): void {
  while (disposables.length) disposables.pop()?.dispose();
}

/** A disposable that runs `dispose` once (a timer, a worker, anything that is not a vscode.Disposable). */
export function toDisposable(dispose: () => void): vscode.Disposable {
  let done = false;
  return { dispose: () => { if (!done) { done = true; dispose(); } } };
}

export abstract class Disposable implements vscode.Disposable {
  private readonly _disposables: vscode.Disposable[] = [];
  private _isDisposed = false;

  /** Owned from now on: disposed with this object (at once, when this object is already disposed). */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean { return this._isDisposed; }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this._disposables);
  }
}
