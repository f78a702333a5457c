// The walkthroughs' steps: each identity provider's descriptor names its walkthrough and, for each
// step of the setup, that walkthrough's step (Entra ID's are in the Entra admin center's order and words).
import * as vscode from 'vscode';
import { IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import type { WalkthroughStep } from '../../core/idp/types';
import { EXTENSION_ID } from '../base/constants';

/**
 * Marks a step done or not done in every identity provider's walkthrough. The steps' `onContext:`
 * events only fire while the workbench's walkthrough service exists, and it is created lazily (when
 * the walkthrough is first shown): a key that was already true by then never completes its step.
 * So the state is also written to the steps directly.
 */
export function markStep(step: WalkthroughStep, done: boolean): Thenable<unknown> {
  const command = done ? 'welcome.markStepComplete' : 'welcome.markStepIncomplete';
  const ids = new Set(IDP_DESCRIPTORS.map((d) => `${EXTENSION_ID}#${d.walkthrough.id}#${d.walkthrough.steps[step]}`));
  return Promise.all([...ids].map((id) => vscode.commands.executeCommand(command, id).then(undefined, () => undefined)));
}
