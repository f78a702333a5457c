// activate(): constructs the adapters with their dependencies and registers them. No logic here.
import * as vscode from 'vscode';
import { Commands, Settings } from './extension/constants';
import { ConfigFiles } from './extension/configFiles';
import { ChannelLogger } from './extension/logger';
import { DiagnosticsController } from './extension/diagnostics';
import { ConfigCodeActions } from './extension/codeActions';
import { ConfigLanguageFeatures } from './extension/languageFeatures';
import { newProvisioningConfig, type NewConfigArgs } from './extension/newConfig';
import { fixAllInActiveEditor, moveSecretToKeychain } from './extension/configCommands';
import { TokenStore } from './extension/tokenStore';
import { redactorFor } from './extension/redaction';
import { clearTokenCommand, setTokenCommand } from './extension/tokens';
import { ApiCodeLens, CredentialTester } from './extension/credentials';
import { EndpointStatus } from './extension/statusBar';
import { ContextKeys } from './extension/contextKeys';
import { UserDocuments, UsersTree } from './extension/usersTree';
import { ReportDocuments, checkEndpoint, type CheckArgs } from './extension/checkEndpoint';
import { ReconcileView } from './extension/reconcileView';
import { ReconcileController } from './extension/reconcile';
import { ConfigStatus, LastTests } from './extension/configStatus';
import { revealEndpointProblem } from './extension/configPicker';
import { AssignmentCodeLens, RequestPreviews, previewRequests, simulateProvisioning } from './extension/simulate';
import type { Fix } from './core/config/types';
import { useIdpBundles } from './core/idp/registry';
import { requireSibling } from './bundles/requireSibling';

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
  // Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
  useIdpBundles(requireSibling);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const tokens = new TokenStore(context.secrets, context.globalState);
  const redact = redactorFor(tokens);
  const channel = new ChannelLogger('SCIM Provisioning', redact);
  const log = channel.logger;
  const files = new ConfigFiles();
  const yamlToolActive = (): boolean =>
    vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.yamlExtensionInterop, 'auto') === 'auto' &&
    vscode.extensions.getExtension('redhat.vscode-yaml')?.isActive === true;
  const diagnostics = new DiagnosticsController(files, log, yamlToolActive);
  const language = new ConfigLanguageFeatures(files, yamlToolActive, diagnostics);
  const lastTests = new LastTests(context.globalState);
  const status = new ConfigStatus(tokens, lastTests);
  const tester = new CredentialTester(files, tokens, log, redact, version, lastTests, status);
  const codeLens = new ApiCodeLens(files);
  const reconcileView = new ReconcileView();
  const users = new UsersTree(files, tokens, log, redact, version, reconcileView);
  const reconciler = new ReconcileController({ files, tokens, log, redact, version, users, view: reconcileView, status });
  const reports = new ReportDocuments();
  const statusBar = new EndpointStatus(files, tester);
  const walkthrough = new ContextKeys(files, status);
  const previews = new RequestPreviews();
  const selector = files.documentSelector;

  context.subscriptions.push(
    channel, files, diagnostics, tokens, lastTests, tester, codeLens, statusBar, walkthrough,
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(diagnostics), ConfigCodeActions.metadata),
    vscode.languages.registerCompletionItemProvider(selector, language, ':', ' ', '/', '.'),
    vscode.languages.registerHoverProvider(selector, language),
    vscode.languages.registerDocumentSymbolProvider(selector, language, { label: 'SCIM provisioning config' }),
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    vscode.commands.registerCommand(Commands.newConfig, (args?: NewConfigArgs) => newProvisioningConfig(args)),
    vscode.commands.registerCommand(Commands.fixAll, () => fixAllInActiveEditor(files, log)),
    vscode.commands.registerCommand(Commands.showLog, () => channel.show()),
    vscode.commands.registerCommand(Commands.moveSecretToKeychain, (uri: vscode.Uri, v: number, fix: Fix) => moveSecretToKeychain(tokens, log, uri, v, fix)),
    vscode.commands.registerCommand(Commands.setToken, (arg?: unknown) => setTokenCommand(files, tokens, log, arg, status)),
    vscode.commands.registerCommand(Commands.clearToken, (arg?: unknown) => clearTokenCommand(files, tokens, log, arg, status)),
    vscode.commands.registerCommand(Commands.revealEndpointProblem, (uri: vscode.Uri) => revealEndpointProblem(uri)),
    vscode.commands.registerCommand(Commands.testCredentials, (arg?: unknown) => tester.run(arg)),
    users,
    vscode.workspace.registerTextDocumentContentProvider(ReportDocuments.scheme, reports),
    vscode.commands.registerCommand(Commands.checkEndpoint, (arg?: vscode.Uri | CheckArgs) => checkEndpoint({ files, tokens, log, redact, version, reports, status }, arg)),
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
    vscode.commands.registerCommand(Commands.simulate, (arg?: unknown) => simulateProvisioning({ files, tokens, log, redact, version, reports, status }, arg)),
  );
  return { activationMs: performance.now() - started, users, walkthrough, statusBar, log: channel.recent };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
