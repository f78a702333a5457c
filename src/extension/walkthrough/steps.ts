// The walkthroughs' steps: the Okta walkthrough's and, for each, its twin in the Entra ID
// walkthrough (the same meaning in the Entra admin center's order and words).
import * as vscode from 'vscode';
import { ENTRA_STEP_OF, ENTRA_WALKTHROUGH_ID, EXTENSION_ID, WALKTHROUGH_ID } from '../base/constants';

/**
 * Marks a walkthrough step done or not done. The steps' `onContext:` events only fire while the
 * workbench's walkthrough service exists, and it is created lazily (when the walkthrough is first
 * shown): a key that was already true by then never completes its step. So the state is also
 * written to the steps directly.
 */
export function markStep(step: string, done: boolean): Thenable<unknown> {
  const command = done ? 'welcome.markStepComplete' : 'welcome.markStepIncomplete';
  const twin = ENTRA_STEP_OF[step];
  return Promise.all([
    vscode.commands.executeCommand(command, `${EXTENSION_ID}#${WALKTHROUGH_ID}#${step}`).then(undefined, () => undefined),
    // The Entra walkthrough's step with the same meaning.
    twin ? vscode.commands.executeCommand(command, `${EXTENSION_ID}#${ENTRA_WALKTHROUGH_ID}#${twin}`).then(undefined, () => undefined) : undefined,
  ]);
}
