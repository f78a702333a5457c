// How the outcome of a command is told: one toast at the outcome's level, the caller's next steps
// as its first buttons, then "Show Log" and "Open as Markdown" (a report's source) when asked for.
import * as vscode from 'vscode';
import { Commands } from './constants';

export interface OutcomeAction {
  title: string;
  run: () => unknown;
}

export interface Outcome {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** The next steps, in order (first: the button a person most likely wants). */
  actions?: readonly OutcomeAction[];
  /** Offer "Show Log". */
  log?: boolean;
  /** Offer "Open as Markdown": the source of a report shown rendered. */
  source?: vscode.Uri;
}

const SHOW_LOG = 'Show Log';
const OPEN_SOURCE = 'Open as Markdown';

/** Shows the toast and runs the picked button; does not wait for the person. */
export function showOutcome(o: Outcome): void {
  const actions = [...(o.actions ?? [])];
  if (o.log) actions.push({ title: SHOW_LOG, run: () => vscode.commands.executeCommand(Commands.showLog) });
  const source = o.source;
  if (source) actions.push({ title: OPEN_SOURCE, run: () => vscode.window.showTextDocument(source, { preview: false }) });
  const show = o.level === 'error' ? vscode.window.showErrorMessage : o.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(o.message, ...actions.map((a) => a.title)).then((pick) => actions.find((a) => a.title === pick)?.run());
}
