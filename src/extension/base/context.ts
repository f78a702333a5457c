// Context keys (menus, welcome views, the walkthrough's `onContext:` events) are set here only, and
// only by their ContextKey name: the habit of microsoft/vscode-pull-request-github
// src/common/executeCommands.ts (`commands.setContext`, `commands.focusView`).
import * as vscode from 'vscode';
import { ContextKey } from './constants';

export type ContextKeyName = keyof typeof ContextKey;

export function setContext(key: ContextKeyName, value: boolean | number): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', ContextKey[key], value);
}

/** Shows a view (its container opens first). */
export function focusView(viewId: string): Thenable<unknown> {
  return vscode.commands.executeCommand(`${viewId}.focus`);
}
