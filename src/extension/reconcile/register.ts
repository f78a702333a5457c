import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Services } from '../services';
import { ReconcileCodeLens } from './codeLens';
import { ReconcileController, type TenantRead } from './controller';
import { ReconcileResults } from './results';

/** What the SCIM view needs of reconcile: the results it shows, and the tenants a reconcile read whole. */
export interface ReconcileFeature {
  results: ReconcileResults;
  onDidReadTenant: vscode.Event<TenantRead>;
}

/** "Reconcile with Tenant": the command, its diagnostics and quick fixes, its CodeLens, Add to Assignments. */
export function registerReconcile(context: vscode.ExtensionContext, services: Services): ReconcileFeature {
  const results = new ReconcileResults();
  const controller = new ReconcileController(services, results);
  const selector = services.files.documentSelector;
  context.subscriptions.push(
    results, controller,
    vscode.languages.registerCodeActionsProvider(selector, controller, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeLensProvider(selector, new ReconcileCodeLens(services.files, results)),
    vscode.commands.registerCommand(Commands.reconcile, (arg?: unknown) => controller.run(arg)),
    vscode.commands.registerCommand(Commands.reconcileAddToAssignments, (arg?: unknown) => controller.addToAssignments(arg)),
    vscode.commands.registerCommand(Commands.reconcileKeepFileValues, (uri: vscode.Uri, id: number) => controller.keepFileValues(uri, id)),
  );
  return { results, onDidReadTenant: controller.onDidReadTenant };
}
