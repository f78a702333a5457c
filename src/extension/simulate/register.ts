import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Services } from '../services';
import { AssignmentCodeLens } from './codeLens';
import { previewRequests, simulateProvisioning } from './commands';
import { RequestPreviews } from './previews';

/** Simulate: Preview Requests (CodeLens per assignment, live documents) and Simulate Provisioning… against the tenant. */
export function registerSimulate(context: vscode.ExtensionContext, services: Services): void {
  const previews = new RequestPreviews();
  context.subscriptions.push(
    previews,
    vscode.workspace.registerTextDocumentContentProvider(RequestPreviews.scheme, previews),
    vscode.languages.registerCodeLensProvider(services.files.documentSelector, new AssignmentCodeLens(services.files)),
    vscode.commands.registerCommand(Commands.previewRequests, (arg?: unknown, userName?: string) => previewRequests(services.files, previews, arg, userName)),
    vscode.commands.registerCommand(Commands.simulate, (arg?: unknown) => simulateProvisioning(services, arg)),
  );
}
