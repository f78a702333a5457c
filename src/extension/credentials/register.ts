import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Services } from '../services';
import { revealEndpointProblem } from '../tenant/configPicker';
import { clearToken, setToken } from './tokenCommands';
import { ApiCodeLens } from './apiCodeLens';
import { EndpointStatus } from './statusBar';
import { CredentialTester } from './tester';

/**
 * The credentials: Set / Clear API Token, Test API Credentials (command, CodeLens above `api:`,
 * status bar item for the active config), and the way to a config's endpoint problem.
 */
export function registerCredentials(context: vscode.ExtensionContext, services: Services): { statusBar: EndpointStatus } {
  const { files } = services;
  const tester = new CredentialTester(services);
  const codeLens = new ApiCodeLens(files);
  const statusBar = new EndpointStatus(files, tester);
  context.subscriptions.push(
    codeLens, statusBar,
    vscode.languages.registerCodeLensProvider(files.documentSelector, codeLens),
    vscode.commands.registerCommand(Commands.setToken, (arg?: unknown) => setToken(services, arg)),
    vscode.commands.registerCommand(Commands.clearToken, (arg?: unknown) => clearToken(services, arg)),
    vscode.commands.registerCommand(Commands.revealEndpointProblem, (uri: vscode.Uri) => revealEndpointProblem(uri)),
    vscode.commands.registerCommand(Commands.testCredentials, (arg?: unknown) => tester.run(arg)),
  );
  return { statusBar };
}
