// Context keys (menus, welcome views, the walkthrough's `onContext:` events) are set here only, and
// only by their ContextKey name: the habit of microsoft/vscode-pull-request-github
// src/common/executeCommands.ts (`commands.setContext`, `commands.focusView`).
import * as vscode from 'vscode';
import { ContextKey } from './constants';

export type ContextKeyName = keyof typeof ContextKey;

export function setContext(key: ContextKeyName, value: boolean | number): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', ContextKey[key], value);
}

/** A context key of a family, one per id: `${ContextKey[key]}.${id}` (e.g. one per walkthrough). */
export function setContextFor(key: ContextKeyName, id: string, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', `${ContextKey[key]}.${id}`, value);
}

/** Shows a view (its container opens first). */
export function focusView(viewId: string): Thenable<unknown> {
  return vscode.commands.executeCommand(`${viewId}.focus`);
}
