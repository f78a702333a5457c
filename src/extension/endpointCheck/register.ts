import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Services } from '../services';
import { checkEndpoint } from './checkEndpoint';

/** "Check SCIM Endpoint": the conformance checks against a config's tenant, as a report. */
export function registerEndpointCheck(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.checkEndpoint, (arg?: unknown) => checkEndpoint(services, arg)));
}
