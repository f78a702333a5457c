// activate(): constructs the adapters with their dependencies and registers them. No logic here.
import * as vscode from 'vscode';
import { Commands } from './extension/base/constants';
import type { ChannelLogger } from './extension/base/logger';
import { createServices } from './extension/services';
import { DiagnosticsController } from './extension/language/diagnostics';
import { ConfigCodeActions } from './extension/language/codeActions';
import { ConfigLanguageFeatures } from './extension/language/languageFeatures';
import { newProvisioningConfig, type NewConfigArgs } from './extension/language/newConfig';
import { fixAllInActiveEditor, moveSecretToKeychain } from './extension/language/configCommands';
import { clearTokenCommand, setTokenCommand } from './extension/tenant/tokens';
import { ApiCodeLens, CredentialTester } from './extension/credentials/tester';
import { EndpointStatus } from './extension/credentials/statusBar';
import { ContextKeys } from './extension/walkthrough/state';
import { UserDocuments, UsersTree } from './extension/users/tree';
import { checkEndpoint } from './extension/endpointCheck/checkEndpoint';
import { ReconcileView } from './extension/reconcile/results';
import { ReconcileController } from './extension/reconcile/controller';
import { revealEndpointProblem } from './extension/tenant/configPicker';
import { AssignmentCodeLens, RequestPreviews, previewRequests, simulateProvisioning } from './extension/simulate/simulate';
import type { Fix } from './core/config/types';

/** What activate() returns: its own duration (for the activation benchmark) and, for tests, the parts they look into. */
export interface ExtensionApi {
  activationMs: number;
  users: UsersTree;
  /** The walkthrough's state keys. */
  walkthrough: ContextKeys;
  statusBar: EndpointStatus;
  /** The log's recent lines (info and above), redacted. */
  log: ChannelLogger['recent'];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const services = createServices(context);
  const { files, tokens, log, redact, version, status, channel } = services;
  const diagnostics = new DiagnosticsController(files, log);
  const language = new ConfigLanguageFeatures(files, diagnostics);
  const tester = new CredentialTester(services);
  const codeLens = new ApiCodeLens(files);
  const reconcileView = new ReconcileView();
  const users = new UsersTree(files, tokens, log, redact, version, reconcileView);
  const reconciler = new ReconcileController({ files, tokens, log, redact, version, users, view: reconcileView, status });
  const statusBar = new EndpointStatus(files, tester);
  const walkthrough = new ContextKeys(files, status);
  const previews = new RequestPreviews();
  const selector = files.documentSelector;

  context.subscriptions.push(
    diagnostics, codeLens, statusBar, walkthrough,
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(diagnostics), ConfigCodeActions.metadata),
    vscode.languages.registerCompletionItemProvider(selector, language, ':', ' ', '/', '.'),
    vscode.languages.registerHoverProvider(selector, language),
    vscode.languages.registerDocumentSymbolProvider(selector, language, { label: 'SCIM provisioning config' }),
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    vscode.commands.registerCommand(Commands.newConfig, (args?: NewConfigArgs) => newProvisioningConfig(args)),
    vscode.commands.registerCommand(Commands.fixAll, () => fixAllInActiveEditor(files, log)),
    vscode.commands.registerCommand(Commands.moveSecretToKeychain, (uri: vscode.Uri, v: number, fix: Fix) => moveSecretToKeychain(tokens, log, uri, v, fix)),
    vscode.commands.registerCommand(Commands.setToken, (arg?: unknown) => setTokenCommand(files, tokens, log, arg, status)),
    vscode.commands.registerCommand(Commands.clearToken, (arg?: unknown) => clearTokenCommand(files, tokens, log, arg, status)),
    vscode.commands.registerCommand(Commands.revealEndpointProblem, (uri: vscode.Uri) => revealEndpointProblem(uri)),
    vscode.commands.registerCommand(Commands.testCredentials, (arg?: unknown) => tester.run(arg)),
    users,
    vscode.commands.registerCommand(Commands.checkEndpoint, (arg?: unknown) => checkEndpoint(services, arg)),
    vscode.workspace.registerTextDocumentContentProvider(UserDocuments.scheme, new UserDocuments(users)),
    vscode.commands.registerCommand(Commands.usersRefresh, () => users.refreshRoots()),
    vscode.commands.registerCommand(Commands.usersFilter, (node?: Parameters<UsersTree['filter']>[0]) => users.filter(node)),
    vscode.commands.registerCommand(Commands.usersClearFilter, () => users.clearFilter()),
    vscode.commands.registerCommand(Commands.usersLoadMore, (node?: Parameters<UsersTree['loadMore']>[0]) => users.loadMore(node)),
    vscode.commands.registerCommand(Commands.usersLoadAll, (node?: Parameters<UsersTree['loadAll']>[0]) => users.loadAll(node)),
    vscode.commands.registerCommand(Commands.usersOpenJson, (node?: Parameters<UsersTree['openJson']>[0]) => users.openJson(node)),
    vscode.commands.registerCommand(Commands.usersCopyId, (node?: Parameters<UsersTree['copy']>[0]) => users.copy(node, 'id')),
    vscode.commands.registerCommand(Commands.usersCopyUserName, (node?: Parameters<UsersTree['copy']>[0]) => users.copy(node, 'userName')),
    vscode.commands.registerCommand(Commands.usersDeactivate, (node?: Parameters<UsersTree['setActive']>[0]) => users.setActive(node, false)),
    vscode.commands.registerCommand(Commands.usersReactivate, (node?: Parameters<UsersTree['setActive']>[0]) => users.setActive(node, true)),
    reconcileView, reconciler,
    vscode.languages.registerCodeActionsProvider(selector, reconciler.codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeLensProvider(selector, reconciler.codeLens),
    vscode.commands.registerCommand(Commands.reconcile, (arg?: unknown) => reconciler.run(arg)),
    vscode.commands.registerCommand(Commands.reconcileAddToAssignments, (arg?: unknown) => reconciler.addToAssignments(arg)),
    vscode.commands.registerCommand(Commands.reconcileKeepFileValues, (uri: vscode.Uri, id: number) => reconciler.keepFileValues(uri, id)),
    vscode.commands.registerCommand(Commands.reconcileShow, (uri: vscode.Uri) => users.revealReconcile(uri)),
    previews,
    vscode.workspace.registerTextDocumentContentProvider(RequestPreviews.scheme, previews),
    vscode.languages.registerCodeLensProvider(selector, new AssignmentCodeLens(files)),
    vscode.commands.registerCommand(Commands.previewRequests, (arg?: unknown, userName?: string) => previewRequests(files, previews, arg, userName)),
    vscode.commands.registerCommand(Commands.simulate, (arg?: unknown) => simulateProvisioning(services, arg)),
  );
  return { activationMs: performance.now() - started, users, walkthrough, statusBar, log: channel.recent };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
