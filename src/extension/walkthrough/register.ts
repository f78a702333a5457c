import type * as vscode from 'vscode';
import { setContext } from '../base/context';
import type { Services } from '../services';
import type { UsersFeature } from '../users/register';
import { Walkthrough } from './state';
import { markStep } from './steps';

/** The walkthrough's state (its steps complete from the workspace) and its last step: users listed. */
export function registerWalkthrough(context: vscode.ExtensionContext, services: Services, users: Pick<UsersFeature, 'onDidListUsers'>): Walkthrough {
  const walkthrough = new Walkthrough(services.files, services.status);
  context.subscriptions.push(
    walkthrough,
    users.onDidListUsers(() => {
      void setContext('usersListed', true);
      void markStep('users', true);
    }),
  );
  return walkthrough;
}
